"""Portfolio window benchmark: a member's weight edited → totals recomputed → window repainted.

    uv run python benchmarks/portfolio_gui.py

CPU time of this process (time.process_time); offscreen at 1440×900 on big-tech-2025 with the four
charts of the totals tab visible and uncertainty on (the P10–P90 bands of the totals are sampled in the
worker process; each edit restarts them). Each edit is an undoable weight change through the document;
the event loop then paints what changed, as on screen. ``portfolio_bands_ms``: wall time from turning
uncertainty on to the first bands drawn (1,000 samples, worker process started ahead).
"""

from __future__ import annotations

import json
import os
import time

from _shared import percentile, print_against_targets

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

EDITS = 100
TARGETS = {"portfolio_edit_repaint_p95_ms": (50.0, "max", "ms")}


def run() -> dict:
    from explorer.gui.app import _application
    from explorer.gui.portfolio import PortfolioWindow
    from explorer.portfolio import open_portfolio

    app = _application()
    window = PortfolioWindow(open_portfolio("big-tech-2025"))
    window.resize(1440, 900)
    window.show()
    app.processEvents()
    from explorer.presentation.sampling import worker_pool

    pool = worker_pool()
    if pool is not None:
        pool.submit(int).result()  # the worker process started, as when uncertainty was on before
    started = time.perf_counter()
    window.uncertainty_action.trigger()
    while window.bands.busy or window.bands.bands is None:
        app.processEvents()
        time.sleep(0.005)
    bands_ms = (time.perf_counter() - started) * 1e3
    latencies = []
    for i in range(EDITS):
        start = time.process_time()
        window.document.set_weight("meta", 1.05 + (i % 10) / 10)
        app.processEvents()
        latencies.append((time.process_time() - start) * 1e3)
    window.close()
    return {
        "portfolio_bands_ms": round(bands_ms, 1),
        "portfolio_edit_repaint_p95_ms": round(percentile(latencies, 95), 2),
        "portfolio_edit_repaint_p50_ms": round(percentile(latencies, 50), 2),
    }


if __name__ == "__main__":
    figures = run()
    print(json.dumps(figures, indent=1))
    print_against_targets(figures, TARGETS)
