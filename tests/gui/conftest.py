"""A window on meta-2025-guidance with settings, autosaves and recent files in a temporary folder,
and dialogs answered without a person; the inputs panel alone on its own document."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QMessageBox

from explorer.gui.document import Document
from explorer.gui.panels import InputsPanel
from explorer.io.presets import load_preset


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "appdata"
    monkeypatch.setenv("GIGAWATT_EXPLORER_DATA_DIR", str(folder))
    monkeypatch.delenv("GIGAWATT_EXPLORER_THEME", raising=False)
    return folder


@pytest.fixture
def answers(monkeypatch):
    """Replies to message boxes, first in first out; 'Discard' when the list runs out."""
    replies: list = []
    asked: list[str] = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return replies.pop(0) if replies else QMessageBox.StandardButton.Discard

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    ok = QMessageBox.StandardButton.Ok
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: asked.append(a[2]) or ok))
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda *a, **k: asked.append(a[2]) or ok))
    return replies, asked


def _settle(qtbot, window) -> None:
    qtbot.waitUntil(lambda: window.recomputer.computed_for is window.document.scenario, timeout=5000)
    window.repaint()


@pytest.fixture
def settle():
    """settle(qtbot, window): wait until the newest snapshot of the edited scenario is on screen."""
    return _settle


@pytest.fixture
def make_window(qtbot, data_dir, answers):
    """make_window(): a main window on meta-2025-guidance, shown at 1440×900 with its results on screen."""

    def make():
        from explorer.gui.main_window import MainWindow

        win = MainWindow()
        qtbot.addWidget(win)
        win.open_reference("meta-2025-guidance")
        win.resize(1440, 900)
        win.show()
        qtbot.waitExposed(win)
        _settle(qtbot, win)
        return win

    return make


@pytest.fixture
def window(make_window):
    win = make_window()
    yield win
    win.close()


@pytest.fixture
def doc(qtbot):
    return Document(load_preset("meta-2025-guidance"))


@pytest.fixture
def panel(qtbot, doc):
    widget = InputsPanel(doc)
    qtbot.addWidget(widget)
    widget.resize(420, 900)
    return widget
