"""The window in French: no English in menus, docks, charts, key figures or the claims table; numbers
typed the French way; a file saved in French opens unchanged in English."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from explorer.gui.app import use_language
from explorer.i18n import _
from explorer.io.scenario_files import load_scenario

# Words that give English away; none of them is French.
ENGLISH = re.compile(
    r"\b(the|and|of|per|with|year|years|power|energy|land|fleet|claims?|warnings?|inputs?|"
    r"scenarios?|file|edit|view|help|stranded|installed|facility|cost|peak|key|total capex|"
    r"stated|reason|model|metric|period|capacity|demand|cumulative|bought|calendar)\b",
    re.I,
)


@pytest.fixture
def french(qapp):
    use_language(qapp, "fr")
    yield
    use_language(qapp, "en")


@pytest.fixture
def window_fr(french, make_window):
    return make_window()


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("&", "")


def menu_texts(window) -> list[str]:
    out = []

    def walk(actions):
        for action in actions:
            if action.isSeparator() or action.text() in ("English", "Français"):
                continue
            out.append(action.text())
            if action.menu() is not None and action.menu() is not window.recent_menu:
                walk(action.menu().actions())

    walk(window.menuBar().actions())
    return out


def chart_texts(window) -> list[str]:
    out = []
    for chart in window.dashboard.charts.values():
        if not chart.isVisible():
            continue
        out.append(chart.plotItem.titleLabel.text)
        for side in ("left", "right"):
            out.append(chart.plotItem.getAxis(side).labelText)
        out.extend(label.text for _sample, label in chart.legend.items)
    return out


def window_texts(window) -> dict[str, list[str]]:
    kpis = window.kpis.cards.values()
    table = window.claims.table
    return {
        "menus": menu_texts(window),
        "docks": [dock.windowTitle() for dock in window.findChildren(QDockWidget)],
        "charts": chart_texts(window),
        "key figures": [card.caption.text() for card in kpis],
        "claims headers": [table.horizontalHeaderItem(i).text() for i in range(table.columnCount())],
        "claims summary": [window.claims.summary.text()],
    }


def test_the_french_window_shows_no_english(window_fr):
    texts = window_texts(window_fr)
    for where, items in texts.items():
        assert items, where
        english = [t for t in items if ENGLISH.search(_plain(t))]
        assert english == [], f"English in the {where}: {english}"
    assert "&Fichier" in texts["menus"] and "Affirmations" in texts["docks"]
    assert "Affirmation" in texts["claims headers"] and "Verdict" in texts["claims headers"]
    assert any("Md$" in window_fr.kpis.cards[name].value.text() for name in ("capex_total_usd",))
    assert "62,5" in window_fr.kpis.cards["capex_total_usd"].value.text()


def test_the_english_window_says_the_same_in_english(window, qtbot):
    texts = window_texts(window)
    assert "&File" in texts["menus"] and "Claims" in texts["docks"]
    for where, items in texts.items():  # the check above can fail: English gives itself away everywhere
        assert any(ENGLISH.search(_plain(t)) for t in items), where
    assert window.kpis.cards["capex_total_usd"].value.text() == "$62.5B"


def test_a_number_typed_the_french_way_is_read_with_its_decimal_comma(window_fr, qtbot, settle, tmp_path):
    field = window_fr.inputs.field_for("capex.by_year.2025")
    spin = field.parts["base"]
    assert spin.text().startswith("62,50")
    spin.setFocus()
    spin.lineEdit().selectAll()
    qtbot.keyClicks(spin.lineEdit(), "63,5")
    qtbot.keyClick(spin.lineEdit(), Qt.Key.Key_Return)
    assert window_fr.document.scenario.capex.by_year[2025].base == pytest.approx(63.5e9)
    settle(qtbot, window_fr)
    assert window_fr.kpis.cards["capex_total_usd"].value.text() == "63,5\u00a0Md$"

    path = tmp_path / "ecrit-en-francais.gwx"
    window_fr._write(window_fr.workspace.active, path)
    use_language(QApplication.instance(), "en")  # the same file, read in English
    loaded = load_scenario(path)
    assert loaded == window_fr.document.scenario
    assert loaded.capex.by_year[2025].base == 63.5e9


def test_the_language_menu_keeps_the_choice_for_the_next_start(window_fr):
    from explorer.gui import settings

    action = next(a for a in window_fr.language_actions.actions() if a.data() == "en")
    action.trigger()
    assert settings.language_choice() == "en"
    assert _("Claims") == "Affirmations"  # applied at the next start, not under the user's hands


def test_help_opens_in_french(french):
    from explorer.gui.help import about_html, model_help_markdown

    assert model_help_markdown().startswith("# Comment fonctionne le modèle")
    assert "Construire, vérifier et comparer" in about_html()


def test_qt_own_dialogs_speak_french(french):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    assert (
        box.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Annuler"
    )  # Qt's own translations


def test_the_name_field_shows_the_french_name_and_an_edit_replaces_it_in_every_language(window_fr, qtbot):
    doc = window_fr.document
    field = window_fr.inputs.field_for("name")
    assert field.text() == "Meta 2025, prévisions (janvier 2025)"  # what the title shows, not the English
    assert window_fr.windowTitle().startswith("Meta 2025, prévisions (janvier 2025)")
    field.setFocus()
    field.edit.selectAll()
    qtbot.keyClicks(field.edit, "Meta, mon scenario")
    qtbot.keyClick(field.edit, Qt.Key.Key_Return)
    assert doc.scenario.name == "Meta, mon scenario"
    assert window_fr.windowTitle().startswith("Meta, mon scenario*")  # never the stale French name
    assert [t.name for t in doc.scenario.translations] == [""]  # the French name it replaced is gone
    assert doc.scenario.translations[0].description.startswith("Le plan de Meta")  # the description stays
    doc.undo_stack.undo()
    assert field.text() == "Meta 2025, prévisions (janvier 2025)"


def test_a_name_field_left_unedited_writes_nothing(window_fr, qtbot):
    field = window_fr.inputs.field_for("name")
    field.setFocus()
    field.edit.editingFinished.emit()  # focus passes through without a change
    assert window_fr.document.scenario.name == "Meta 2025 guidance (January 2025)"
    assert not window_fr.document.dirty


# More words that give English away in the analysis views and the portfolio window
ENGLISH_TOO = re.compile(
    r"\b(range|samples?|median|before|edits?|swings?|smaller|click|outputs?|tornado|sensitivity|other|"
    r"add|remove|duplicate|selected|undo|redo|save|member|weight|limits?|exceeded|industry|"
    r"world|shipped|vendors|spent|share)\b",
    re.I,
)


def english_words(texts) -> list[str]:
    return [t for t in texts if ENGLISH.search(_plain(t)) or ENGLISH_TOO.search(_plain(t))]


def visible_texts(window) -> list[str]:
    """What the user can read in labels, buttons, tabs, group titles and table headers."""
    from PySide6.QtWidgets import QAbstractButton, QGroupBox, QLabel, QTabBar, QTableWidget

    out = [w.text() for kind in (QLabel, QAbstractButton) for w in window.findChildren(kind) if w.isVisible()]
    out += [w.title() for w in window.findChildren(QGroupBox) if w.isVisible()]
    out += [bar.tabText(i) for bar in window.findChildren(QTabBar) if bar.isVisible() for i in range(bar.count())]
    for table in window.findChildren(QTableWidget):
        if table.isVisible():
            out += [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return [t for t in out if t]


@pytest.mark.parametrize("view", ["uncertainty", "sensitivity", "compare", "land", "claims-on-charts"])
def test_every_view_of_the_window_shows_no_english(window_fr, view):
    from explorer.gui.screenshot import prepare_view

    prepare_view(window_fr, QApplication.instance(), view, "meta-2025-guidance")
    texts = visible_texts(window_fr) + [t for items in window_texts(window_fr).values() for t in items]
    assert len(texts) > 100
    assert english_words(texts) == []
    said = " ".join(texts)
    expected = {
        "uncertainty": "Médiane",
        "sensitivity": "Tornade",
        "compare": "Médiane",
        "land": "Terrain des campus fin 2025",
        "claims-on-charts": "Affirmations",
    }[view]
    assert expected in said, said[:2000]


def test_the_french_portfolio_window_shows_no_english(french, qtbot, data_dir):
    from explorer.gui.main_window import portfolio_window

    window = portfolio_window("big-tech-2025")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    report = window.limits.toPlainText().split("Avertissements")[0]  # warnings name accelerators as the catalog does
    texts = visible_texts(window) + report.splitlines() + [window.windowTitle()]
    texts += [a.text() for a in window.findChildren(QAction) if a.text()]
    assert english_words(texts) == [], texts
    assert "Limites mondiales" in report and "Affirmations du secteur" in report and "Membre" in texts
    assert window.windowTitle().startswith("Big tech 2025 : tous les plans annoncés à la fois")
    # the overlaps, in the limits pane (as plain text: spaces plain) and in the key figures' shares on hover
    assert "Capacité de CoreWeave louée par Microsoft : coreweave → compté dans microsoft" in report
    assert "Abilene (le site d’Oracle est celui de Stargate) : oracle → compté dans stargate" in report
    capacity = window.key_labels["facility_capacity_mw"].toolTip()
    assert "Capacité de CoreWeave louée par Microsoft\u202f:" in capacity and "rented" not in capacity


def test_the_portfolio_report_reads_in_french(french, data_dir):
    from explorer.gui.portfolio.report import portfolio_report_html
    from explorer.portfolio import open_portfolio, run_portfolio

    resolved = open_portfolio("big-tech-2025")
    page = portfolio_report_html(resolved.portfolio, run_portfolio(resolved), 2026, {})
    text = _plain(page)
    assert "<h1>Big tech 2025 : tous les plans annoncés à la fois</h1>" in page
    assert "− Capacité de CoreWeave louée par Microsoft" in text  # its line in the breakdown
    assert text.count("Les 4,5 GW d’Oracle pour OpenAI (sites Stargate)") >= 2  # and in the overlaps table
    assert "GPU NVIDIA pour centres de données livrés par an" in text and "Microsoft exercice 2025" in text
    for english in ("rented by", "Oracle's", "shipped per year", "every announced plan"):
        assert english not in text, english


def test_the_report_reads_in_french(french):
    from explorer import simulate
    from explorer.gui.report import report_html
    from explorer.io.presets import load_preset

    scenario = load_preset("meta-2025-guidance")
    page = report_html(scenario, simulate(scenario), 2025, "calendar", {})
    text = _plain(page)
    for heading in ("Graphiques", "Résultats par année civile", "Chiffres clés, 2025", "Affirmations", "Entrées"):
        assert f"<h2>{heading}</h2>" in page
    assert "Tolérance 10,0\u202f%." in text and "Triangulaire" in text and "Md$" in text
    assert "<html lang='fr'>" in page


def test_a_portfolio_exported_in_french_is_the_file_exported_in_english(qapp, qtbot, data_dir, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    from explorer.gui.main_window import portfolio_window

    files = []
    for lang in ("fr", "en"):
        use_language(qapp, lang)
        window = portfolio_window("big-tech-2025")
        qtbot.addWidget(window)
        path = tmp_path / f"{lang}.json"
        monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, p=path, **k: (str(p), ""))
        window.export()
        files.append(path.read_bytes())
    assert files[0] == files[1] and b"is inside" in files[0]


def test_the_range_editors_are_named_in_french_for_screen_readers(window_fr, qtbot):
    panel = window_fr.inputs
    panel.sections["power"].expand()
    pue = panel.field_for("power.design_pue")
    if not pue.toggle.isChecked():
        qtbot.mouseClick(pue.toggle, Qt.MouseButton.LeftButton)
    title = pue.title.text()
    assert title == _("Design (peak) PUE") != "Design (peak) PUE"
    assert pue.rslider.accessibleName() == f"Curseur de fourchette\u202f: {title}"
    assert pue.slider.accessibleName() == f"Curseur\u202f: {title}"
    assert pue.toggle.accessibleName() == f"{title} en fourchette"
    assert pue.dist.accessibleName() == f"Loi de tirage\u202f: {title}"
    assert pue.parts["low"].accessibleName() == f"{title}, bas (×)"
    names = [w.accessibleName() for w in panel.sections["power"].findChildren(QWidget) if w.accessibleName()]
    assert len(names) > 10 and english_words(names) == [], names
