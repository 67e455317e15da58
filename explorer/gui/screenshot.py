"""Render one view of the window offscreen, at a chosen size and theme (``--screenshot``), so every view
can be checked without a display."""

from __future__ import annotations

import time

from ..i18n import _

VIEWS = ("main", "uncertainty", "sensitivity", "compare", "claims-on-charts", "land")
DEFAULT_SIZE = (1440, 900)
MIN_PLOT = (200, 120)  # px: smaller than this, a plot no longer reads


def parse_size(text: str) -> tuple[int, int]:
    """'1280x720' → (1280, 720); a clear message otherwise."""
    parts = text.lower().replace("×", "x").split("x")
    try:
        width, height = (int(p) for p in parts)
    except ValueError:
        raise ValueError(_("size '{text}' is not WIDTHxHEIGHT, e.g. 1280x720").format(text=text)) from None
    if not (640 <= width <= 7680 and 480 <= height <= 4320):
        raise ValueError(_("size '{text}' is outside 640x480 … 7680x4320").format(text=text))
    return width, height


def _wait(app, done, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not done() and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _second_scenario(first: str | None) -> str:
    from ..io.presets import preset_ids

    others = [pid for pid in preset_ids() if pid != first and pid.split("-")[0] == (first or "").split("-")[0]]
    return (others or [pid for pid in preset_ids() if pid != first])[0]


def prepare_view(window, app, view: str, scenario_ref: str | None = None) -> None:
    """Bring the window into ``view`` and wait until it has painted."""
    if view not in VIEWS:
        raise ValueError(f"unknown view '{view}'; choose one of: {', '.join(VIEWS)}")
    window.wait_for_render(app)
    analysis = window.analysis
    if view == "uncertainty":
        analysis.bar.toggle.setChecked(True)
        _wait(app, lambda: analysis.controller.current_for(window.document.scenario))
    elif view == "sensitivity":
        analysis.show_tornado()
        _wait(app, lambda: bool(analysis.tornado.bars()))
    elif view == "compare":
        active = window.workspace.active
        other = window.open_reference(_second_scenario(scenario_ref))
        window.workspace.set_overlay(other, True)
        window.workspace.set_active(active)
        analysis.bar.toggle.setChecked(True)  # the hardest case for legends: an overlay and a band
        _wait(app, lambda: analysis.controller.current_for(window.document.scenario))
    elif view == "land":
        window.show_land()
    elif view == "claims-on-charts":
        window.set_claims_on_charts(True)
        if window.claims.table.rowCount():
            window.claims.table.selectRow(0)
    window.wait_for_render(app)
    for _pass in range(3):  # layouts settle in passes: plots refit their legends, then the grid follows
        app.processEvents()
        time.sleep(0.02)
    for chart in window.dashboard.charts.values():
        chart.viewport().update()
    window.repaint()
    app.processEvents()


def screenshot(
    out_path: str,
    scenario_ref: str | None = None,
    size: tuple[int, int] = DEFAULT_SIZE,
    theme: str | None = None,
    view: str = "main",
) -> int:
    import os
    import sys

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .app import DEFAULT_PRESET, _application, _is_portfolio

    app = _application()
    from .main_window import MainWindow, portfolio_window

    if scenario_ref and _is_portfolio(scenario_ref):
        from .theme import resolve

        return _portfolio_screenshot(app, portfolio_window(scenario_ref, resolve(theme)), out_path, size)

    window = MainWindow(persistent=False, theme_choice=theme)
    window.open_reference(scenario_ref or DEFAULT_PRESET)
    window.resize(*size)
    window.show()
    try:
        prepare_view(window, app, view, scenario_ref or DEFAULT_PRESET)
        ok = window.grab().save(str(out_path), "PNG")
    finally:
        window.analysis.controller.shutdown()
        window.close()
    if not ok:
        print(_("could not write {path}").format(path=out_path), file=sys.stderr)
        return 1
    return 0


def _portfolio_screenshot(app, window, out_path: str, size: tuple[int, int]) -> int:
    import sys

    window.resize(*size)
    window.show()
    window.wait_for_render(app)
    ok = window.grab().save(str(out_path), "PNG")
    window.close()
    if not ok:
        print(_("could not write {path}").format(path=out_path), file=sys.stderr)
        return 1
    return 0


def layout_problems(window) -> list[str]:
    """What a reader would stumble on: plots too small to read, key figures cut off."""
    problems = []
    for key, chart in window.dashboard.visible_charts().items():
        rect = chart.plotItem.vb.sceneBoundingRect()
        if rect.width() < MIN_PLOT[0] or rect.height() < MIN_PLOT[1]:
            problems.append(f"plot '{key}' is {rect.width():.0f}×{rect.height():.0f} px")
    for name, card in window.kpis.cards.items():
        if card.value.isVisible() and card.elided():
            problems.append(f"key figure '{name}' is cut: {card.value.text()!r} in {card.value.width()} px")
    return problems
