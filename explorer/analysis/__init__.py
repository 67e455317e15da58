"""Analysis over many runs: sensitivity, solving for an input, comparing scenarios. No Qt.

    from explorer.analysis import tornado, solve, waterfall
    tornado(scenario, "facility_power_mw", 2026)           # swings, largest first
    solve(scenario, "capex.by_year.2025", "gpus_installed", 2025, 1.3e6).value
    waterfall(a, b, "gpus_installed", 2025).steps          # [(group, change), ...]
"""

from .compare import InputDiff, OutputRow, Waterfall, diff_inputs, outputs_table, waterfall
from .goal_seek import Solution, apply_value, solve
from .sensitivity import Swing, tornado

__all__ = ["InputDiff", "OutputRow", "Solution", "Swing", "Waterfall", "apply_value", "diff_inputs",
           "outputs_table", "solve", "tornado", "waterfall"]
