"""Exports with their contents, help, screenshots, and a paint check in a separate interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from html import escape as html_escape

import pytest
from PySide6.QtGui import QImage

from explorer.gui import exporting
from explorer.gui.document import Document


def test_data_exports_write_the_active_scenario(window, tmp_path):
    csv_path = exporting.export_data(window, tmp_path / "meta.csv")
    lines = csv_path.read_text(encoding="utf-8").splitlines()
    assert "capex_total_usd [USD]" in lines[0].split(",")
    column = lines[0].split(",").index("capex_total_usd [USD]")
    row_2025 = next(line.split(",") for line in lines[1:] if line.startswith("2025"))
    assert float(row_2025[column]) == pytest.approx(window.results.calendar["capex_total_usd"][0, 1], rel=1e-9)

    doc = json.loads(exporting.export_data(window, tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert doc["scenario"] == window.document.scenario.name
    assert doc["annual"]["year"][:2] == [2024, 2025]

    with zipfile.ZipFile(exporting.export_data(window, tmp_path / "meta.xlsx")) as book:
        workbook = book.read("xl/workbook.xml").decode("utf-8")
    assert 'name="annual"' in workbook and 'name="claims"' in workbook


def test_plot_and_dashboard_images(window, tmp_path):
    plots = window.dashboard.grid_host  # every plot, also those scrolled out of sight
    png = exporting.save_widget_image(plots, tmp_path / "dashboard.png")
    image = QImage(str(png))
    assert (image.width(), image.height()) == (plots.width(), plots.height())
    svg = exporting.save_widget_image(plots, tmp_path / "dashboard.svg").read_text(encoding="utf-8")
    shown = window.dashboard.chart("capex").plotItem.titleLabel.text  # full or short, as on screen
    assert "<svg" in svg and shown.split(":")[0] in svg and "Total capex" in svg
    plot = QImage(str(exporting.save_plot_image(window.dashboard.chart("power"), tmp_path / "power.png")))
    assert plot.width() == 1200
    plot_svg = exporting.save_plot_image(window.dashboard.chart("power"), tmp_path / "power.svg")
    assert "Facility demand" in plot_svg.read_text(encoding="utf-8")


def test_report_has_inputs_sources_key_figures_claims_and_charts(window, tmp_path):
    html = exporting.export_report(window, tmp_path / "report.html").read_text(encoding="utf-8")
    scenario = window.document.scenario
    assert scenario.name in html
    assert "Key figures, 2025" in html and "$62.5B" in html
    assert "✗ inconsistent" in html and "✓ consistent" in html
    assert html_escape(scenario.sources[0].title) in html
    assert "Total capex per year · 2025" in html and "capex.by_year" not in html  # inputs by title
    assert html.count("data:image/png;base64,") == 6
    pdf = exporting.export_report(window, tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000


def test_help_explains_the_model_to_users():
    from explorer.gui.help import about_html, model_help_markdown

    text = model_help_markdown()
    for words in (
        "chip",
        "IT",
        "facility",
        "stock",
        "flow",
        "Budget mode",
        "Plan mode",
        "stranded",
        "consistent",
        "inconsistent",
        "tolerance",
    ):
        assert words in text, words
    about = about_html()
    assert "LGPL" in about and "pyqtgraph — MIT" in about and "XlsxWriter — BSD" in about


def test_screenshot_writes_a_full_size_png(tmp_path, qapp, data_dir):
    from explorer.gui.screenshot import screenshot

    out = tmp_path / "shot.png"
    assert screenshot(str(out), "meta-2025-guidance") == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1440, 900)
    # not blank: the plots painted many distinct colours
    colours = {image.pixel(x, y) for x in range(400, 1400, 7) for y in range(100, 600, 7)}
    assert len(colours) > 20
    assert not (data_dir / "autosave").exists()  # a screenshot leaves no trace of a running session


PAINT_SCRIPT = textwrap.dedent("""
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    os.environ["PYQTGRAPH_QT_LIB"] = "PySide6"
    import numpy as np
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from explorer.gui.plots import Dashboard
    from explorer import load, simulate
    import pyqtgraph as pg
    plot = pg.PlotWidget()
    plot.plot(np.arange(10.0), np.arange(10.0) ** 2)
    plot.resize(400, 300)
    plot.show()
    app.processEvents()
    image = plot.grab().toImage()
    dashboard = Dashboard()
    dashboard.show_results(simulate(load("meta-2025-guidance")))
    dashboard.resize(900, 600)
    dashboard.show()
    app.processEvents()
    dashboard.grab()
    # widgets go before the application, as in the real program (they live inside run())
    for widget in (dashboard, plot):
        widget.close()
        widget.deleteLater()
    del dashboard, plot
    app.processEvents()
    print("painted", image.width(), image.height())
""")


def test_painting_a_plot_with_data_does_not_abort_the_interpreter():
    """PySide6 6.12.0 aborts here with pyqtgraph 0.14 ('none_dealloc'); a separate process turns an
    abort into a failed test instead of a dead test run."""
    done = subprocess.run([sys.executable, "-c", PAINT_SCRIPT], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "painted 400 300" in done.stdout


def test_an_exported_plot_names_the_other_scenarios_in_its_own_legend(window, qtbot, settle, tmp_path):
    from explorer.io.presets import load_preset as preset

    other = window.add_document(Document(preset("meta-2025-consensus")))
    first = next(e for e in window.workspace.entries if e is not other)
    window.workspace.set_active(first)
    settle(qtbot, window)
    window.workspace.set_overlay(other, True)
    chart = window.dashboard.chart("power")
    svg = exporting.save_plot_image(chart, tmp_path / "power.svg").read_text(encoding="utf-8")
    assert other.name[:20] in svg  # named in the exported image...
    assert other.name not in [label.text for _, label in chart.legend.items]  # ...and only there
