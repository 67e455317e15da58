"""A live theme switch restyles every themed item; menus say one thing once; Alt+E opens Edit."""

from PySide6.QtGui import QColor

from explorer.gui.theme import DARK, LIGHT


def _legend_colours(window) -> set[str]:
    colours = set()
    for chart in window.dashboard.visible_charts().values():
        for _, label in chart.legend.items:
            colours.add(QColor(label.opts["color"]).name())
            assert (
                f"color: {QColor(label.opts['color']).name()}" in label.item.toHtml()
                or QColor(label.opts["color"]).name() in label.item.toHtml()
            ), label.text
    return colours


def test_switching_to_dark_while_running_keeps_every_legend_label_readable(window):
    window.set_theme("light")
    assert _legend_colours(window) == {QColor(LIGHT.foreground).name()}
    seen = []
    window.themeChanged.connect(seen.append)
    window.set_theme("dark")
    assert seen == [DARK]
    assert _legend_colours(window) == {QColor(DARK.foreground).name()}
    assert window.analysis.tornado.theme is DARK  # the add-on follows the signal, not the palette


def test_uncertainty_means_one_thing_in_the_menus(window):
    texts = [a.text().replace("&", "") for menu in window.menus.values() for a in menu.actions()]
    assert texts.count("Uncertainty") == 1 and "Uncertainty tool bar" in texts
    assert window.menus["analysis"].title() == "&Analysis"


def test_alt_e_belongs_to_the_edit_menu(window):
    from PySide6.QtWidgets import QAbstractButton

    taken = [b.text() for b in window.findChildren(QAbstractButton) if "&e" in b.text().lower()]
    assert taken == []  # no button claims Alt+E
    assert window.menus["edit"].title() == "&Edit"


def test_not_applied_leaves_the_status_bar_once_an_edit_succeeds(window):
    window.document.edit("power.annual_pue", 0.5)  # below 1: refused
    assert window.statusBar().currentMessage().startswith("Not applied")
    window.document.edit("power.annual_pue", 1.3)
    assert window.statusBar().currentMessage() == ""
