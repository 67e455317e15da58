"""Every view stays readable from 1280×720 up: no plot squeezed under 200×120 px, no key figure cut,
and the command line renders each view at a chosen size and theme."""

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from explorer.gui.screenshot import MIN_PLOT, VIEWS, layout_problems, parse_size, prepare_view

SIZES = [(1280, 720), (1920, 1080)]


@pytest.fixture
def bare_window(qtbot, data_dir, answers):
    from explorer.gui.main_window import MainWindow

    windows = []

    def make(size):
        win = MainWindow(persistent=False)
        qtbot.addWidget(win)
        win.analysis.controller.set_samples(200)  # the layout is the point here, not the statistics
        win.open_reference("meta-2025-guidance")
        win.resize(*size)
        win.show()
        qtbot.waitExposed(win)
        windows.append(win)
        return win

    yield make
    for win in windows:
        win.analysis.controller.shutdown()
        win.analysis.controller.wait()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("view", VIEWS)
def test_every_view_keeps_plots_readable_and_key_figures_whole(bare_window, view, size):
    window = bare_window(size)
    prepare_view(window, QApplication.instance(), view, "meta-2025-guidance")
    assert layout_problems(window) == []
    plots = window.dashboard.visible_charts()
    assert len(plots) == 6
    for chart in plots.values():
        rect = chart.plotItem.vb.sceneBoundingRect()
        assert rect.width() >= MIN_PLOT[0] and rect.height() >= MIN_PLOT[1]
    for card in window.kpis.cards.values():
        assert card.value.text() not in ("", "–") and not card.elided()


def test_short_windows_tab_the_claims_and_warnings_and_tall_ones_split_them(bare_window, qtbot):
    window = bare_window((1280, 720))
    prepare_view(window, QApplication.instance(), "main")
    assert window.tabifiedDockWidgets(window.claims_dock) == [window.warnings_dock]
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not window.tabifiedDockWidgets(window.claims_dock))
    assert window.warnings_dock.isVisible() and window.claims_dock.isVisible()


def test_narrow_windows_put_the_sensitivity_view_beside_the_inputs(bare_window):
    window = bare_window((1280, 720))
    prepare_view(window, QApplication.instance(), "sensitivity")
    assert window.analysis.tornado_dock in window.tabifiedDockWidgets(window.inputs_dock)
    assert window.dashboard.columns >= 2  # the plots kept their width


def test_key_figures_shorten_their_numbers_instead_of_clipping(bare_window, qtbot):
    window = bare_window((1280, 720))
    prepare_view(window, QApplication.instance(), "main")
    card = window.kpis.cards["gpus_installed"]
    card.setFixedWidth(400)  # room for the whole figure first
    qtbot.waitUntil(lambda: card.value.text() == card.value.toolTip() or not card.value.toolTip())
    full = card.value.text()
    card.setFixedWidth(95)
    qtbot.waitUntil(lambda: card.value.text() != full)
    assert not card.elided()
    assert card.value.toolTip() == full  # the whole figure is a hover away


def test_the_shared_key_names_an_overlay_and_the_band_once(bare_window):
    window = bare_window((1440, 900))
    prepare_view(window, QApplication.instance(), "compare", "meta-2025-guidance")
    texts = window.dashboard.key_strip.texts()
    assert texts.count("P10–P90") == 1 and texts.count("Median") == 1
    overlay = window.workspace.overlays()[0]
    assert texts.count(overlay.name) == 1
    for chart in window.dashboard.charts.values():
        labels = [label.text for _, label in chart.legend.items]
        assert overlay.name not in labels and "P10–P90" not in labels


def test_parse_size_reads_w_x_h_and_refuses_nonsense():
    assert parse_size("1280x720") == (1280, 720)
    assert parse_size("2560×1440") == (2560, 1440)
    for bad in ("1280", "axb", "100x100"):
        with pytest.raises(ValueError):
            parse_size(bad)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_screenshot_renders_a_view_at_a_size_and_theme(tmp_path, qapp, data_dir, theme):
    from explorer.gui.screenshot import screenshot

    out = tmp_path / f"{theme}.png"
    assert screenshot(str(out), "meta-2025-guidance", (1280, 720), theme, "claims-on-charts") == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)
    # along the top of the right-hand plot, mostly its background: the median says its shade
    lightness = sorted(image.pixelColor(x, 215).lightness() for x in range(880, 1180, 10))
    assert (lightness[len(lightness) // 2] < 80) == (theme == "dark")


def test_closing_a_dock_gives_its_space_to_the_plots(bare_window, qtbot):
    window = bare_window((1280, 720))
    prepare_view(window, QApplication.instance(), "main")
    height, width = window.dashboard.height(), window.dashboard.width()
    window.claims_dock.close()
    window.warnings_dock.close()
    qtbot.waitUntil(lambda: window.dashboard.height() > height + 100)
    window.inputs_dock.close()
    window.scenarios_dock.close()
    qtbot.waitUntil(lambda: window.dashboard.width() > width + 200)
    assert layout_problems(window) == []


def test_short_windows_show_at_least_four_claims_one_line_each(bare_window, qtbot):
    window = bare_window((1280, 720))
    prepare_view(window, QApplication.instance(), "main")
    table = window.claims.table
    assert window.claims.compact and table.rowCount() >= 4
    viewport = table.viewport().rect()
    whole = [r for r in range(table.rowCount()) if viewport.contains(table.visualRect(table.model().index(r, 0)))]
    assert len(whole) >= 4
    assert table.horizontalScrollBar().maximum() == 0  # every column in sight
    first = window.claims.checks[0].claim
    assert table.item(0, 0).toolTip().startswith(first.text)  # the whole statement is a hover away
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: not window.claims.compact)
    assert table.wordWrap() and table.rowHeight(0) > table.fontMetrics().height() * 1.5  # wrapped again
