"""Analysis over many runs: sensitivity, solving for an input, comparing scenarios. No Qt.

from explorer.analysis import tornado, solve, waterfall
tornado(scenario, "facility_power_mw", 2026)           # swings, largest first
solve(scenario, "capex.by_year.2025", "gpus_installed", 2025, 1.3e6).value
waterfall(a, b, "gpus_installed", 2025).steps          # [(group, change), ...]
variance_contributions(scenario, "facility_power_mw", 2027, samples=2000)   # shares of variance
sobol(scenario, "facility_power_mw", 2027, samples=1024).indices            # needs the 'scale' extra
"""

from .compare import InputDiff, OutputRow, Waterfall, diff_inputs, outputs_table, waterfall
from .goal_seek import Solution, apply_value, solve, solve_claim
from .sensitivity import Swing, tornado
from .sobol import SobolIndex, SobolResult, sobol, sobol_indices
from .variance import Contribution, contribution_to_variance, variance_contributions

__all__ = [
    "Contribution",
    "InputDiff",
    "OutputRow",
    "SobolIndex",
    "SobolResult",
    "Solution",
    "Swing",
    "Waterfall",
    "apply_value",
    "contribution_to_variance",
    "diff_inputs",
    "outputs_table",
    "sobol",
    "sobol_indices",
    "solve",
    "solve_claim",
    "tornado",
    "variance_contributions",
    "waterfall",
]
