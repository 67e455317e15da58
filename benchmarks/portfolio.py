"""Portfolio timings on big-tech-2025 (eight members): CPU time, medians of repeated runs.

    uv run python benchmarks/portfolio.py

portfolio_deterministic_ms: the whole portfolio from nothing kept: all eight members run, then
overlaps, totals, limits and claims. portfolio_edit_deterministic_ms: a recompute after a member edit,
as the window does it: the edited member runs again, the other seven come from the member runs kept
between recomputes; overlaps, totals, limits and claims are all recomputed.
portfolio_mc_1000_ms: 1,000 shared samples, every member run, nothing kept.
"""

from __future__ import annotations

import json
import statistics
import time

from _shared import print_against_targets

from explorer.model.paths import set_path
from explorer.portfolio import open_portfolio, run_portfolio
from explorer.portfolio.compute import MemberRuns
from explorer.portfolio.files import ResolvedPortfolio

PORTFOLIO = "big-tech-2025"
EDITED = "meta"

TARGETS: dict[str, tuple[float, str, str]] = {
    "portfolio_deterministic_ms": (8.0, "max", "ms"),
    "portfolio_mc_1000_ms": (1000.0, "max", "ms"),
}


def _median_ms(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times) * 1e3


def run() -> dict:
    resolved = open_portfolio(PORTFOLIO)
    cache = MemberRuns()
    run_portfolio(resolved, cache=cache)
    base = resolved.scenarios[EDITED]
    edits = iter([set_path(base, "capex.by_year.2025", 70e9 + i) for i in range(200)])

    def after_an_edit():
        scenarios = {**resolved.scenarios, EDITED: next(edits)}
        run_portfolio(ResolvedPortfolio(resolved.portfolio, scenarios, resolved.folder), cache=cache)

    return {
        "portfolio_deterministic_ms": round(_median_ms(lambda: run_portfolio(resolved), 30), 3),
        "portfolio_edit_deterministic_ms": round(_median_ms(after_an_edit, 50), 3),
        "portfolio_mc_1000_ms": round(_median_ms(lambda: run_portfolio(resolved, samples=1000, seed=1), 5), 1),
    }


if __name__ == "__main__":
    figures = run()
    print(json.dumps(figures, indent=1))
    print_against_targets(figures, TARGETS)
