"""The window's file paths and its crash guard: reloading a file changed on disk, reverting, dropping
files onto the window, saves the file system refuses, and slots that raise."""

from __future__ import annotations

import logging
import os
import sys

import pytest
from PySide6.QtCore import QMimeData, QObject, QPoint, QPointF, Qt, QUrl, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QMessageBox

from explorer.gui import safety
from explorer.io.scenario_files import load_scenario, save_scenario


@pytest.fixture
def plan_file(tmp_path, make_scenario):
    path = tmp_path / "plan.gwx"
    save_scenario(make_scenario({"name": "Plan"}), path)
    return path


# --- reload a file changed on disk -----------------------------------------------------------------


def test_opening_a_file_again_after_it_changed_on_disk_reloads_it(window, plan_file, make_scenario):
    entry = window.open_path(plan_file)
    assert not entry.document.dirty
    changed = make_scenario({"name": "Plan", "power.design_pue": 1.25})
    save_scenario(changed, plan_file)
    again = window.open_path(plan_file)
    assert again is entry and len(window.workspace.entries) == 2  # the preset and this file, once
    assert entry.document.scenario == changed and not entry.document.dirty
    entry.document.undo_stack.undo()  # the reload is one undoable step
    assert entry.document.scenario.power.design_pue == 1.4 and entry.document.dirty


def test_reloading_a_file_with_unsaved_changes_asks_and_cancel_keeps_them(window, plan_file, make_scenario, answers):
    replies, asked = answers
    entry = window.open_path(plan_file)
    entry.document.edit("power.design_pue", 1.3)
    save_scenario(make_scenario({"name": "Plan", "power.design_pue": 1.25}), plan_file)
    replies.append(QMessageBox.StandardButton.Cancel)
    window.open_path(plan_file)
    assert "reload it from disk" in asked[-1]
    assert entry.document.scenario.power.design_pue == 1.3 and entry.document.dirty
    replies.append(QMessageBox.StandardButton.Discard)
    window.open_path(plan_file)
    assert entry.document.scenario.power.design_pue == 1.25 and not entry.document.dirty


def test_reloading_a_file_damaged_on_disk_keeps_the_open_scenario(window, plan_file, answers):
    _, asked = answers
    entry = window.open_path(plan_file)
    before = entry.document.scenario
    plan_file.write_text('{"format": "gigawatt-explorer-scenario", "schema_version": 1, "name": ', encoding="utf-8")
    assert window.open_path(plan_file) is None
    assert "is damaged" in asked[-1]
    assert entry.document.scenario is before


# --- revert ----------------------------------------------------------------------------------------


def test_revert_goes_back_to_the_saved_version_as_one_undoable_step(window, plan_file, answers):
    replies, asked = answers
    entry = window.open_path(plan_file)
    saved = entry.document.scenario
    entry.document.edit("power.design_pue", 1.3)
    entry.document.edit("power.load_factor", 0.5)
    assert window.revert_action.isEnabled()
    replies.append(QMessageBox.StandardButton.Cancel)
    window.revert_action.trigger()
    assert entry.document.dirty  # cancelled: nothing changed
    replies.append(QMessageBox.StandardButton.Discard)
    window.revert_action.trigger()
    assert "Discard the changes" in asked[-1]
    assert entry.document.scenario == saved and not entry.document.dirty
    assert not window.revert_action.isEnabled()
    entry.document.undo_stack.undo()
    assert entry.document.scenario.power.load_factor == 0.5


def test_revert_is_off_for_a_scenario_never_saved(window):
    window.document.edit("power.design_pue", 1.3)
    assert not window.revert_action.isEnabled()


# --- drag and drop ---------------------------------------------------------------------------------


def _mime(*paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def test_dragging_a_scenario_file_is_accepted_and_other_files_are_not(window, plan_file, tmp_path):
    mime = _mime(plan_file)  # the event does not own its data: keep it alive
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    enter.setAccepted(False)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    other = tmp_path / "notes.txt"
    other.write_text("hello", encoding="utf-8")
    mime = _mime(other)
    enter = QDragEnterEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    enter.setAccepted(False)
    window.dragEnterEvent(enter)
    assert not enter.isAccepted()


def test_dropping_scenario_files_opens_each_and_reports_a_bad_one(window, plan_file, tmp_path, make_scenario, answers):
    _, asked = answers
    second = tmp_path / "second.gwx"
    save_scenario(make_scenario({"name": "Second"}), second)
    broken = tmp_path / "broken.gwx"
    broken.write_text("{", encoding="utf-8")
    notes = tmp_path / "notes.txt"
    notes.write_text("not a scenario", encoding="utf-8")
    mime = _mime(plan_file, broken, notes, second)
    drop = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(drop)
    names = [entry.document.scenario.name for entry in window.workspace.entries]
    assert names[-2:] == ["Plan", "Second"] and len(names) == 3
    assert any("broken.gwx" in text and "is damaged" in text for text in asked)
    assert broken.read_text(encoding="utf-8") == "{"


# --- saves the file system refuses -----------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="device nodes as on POSIX")
def test_saving_onto_a_device_or_into_a_missing_folder_is_refused_and_the_work_kept(window, tmp_path, answers):
    _, asked = answers
    link = tmp_path / "null.gwx"
    link.symlink_to("/dev/null")
    window.document.edit("power.design_pue", 1.3)
    for target, words in ((link, "is not a regular file"), (tmp_path / "nodir" / "x.gwx", "folder does not exist")):
        assert window._write(window.workspace.active, target) is False
        assert words in asked[-1]
        assert window.document.dirty and window.document.path is None
    assert not (tmp_path / "nodir").exists()


@pytest.mark.skipif(os.name == "nt", reason="symlinks as on POSIX")
def test_saving_a_file_opened_through_a_symlink_updates_the_target(window, plan_file, tmp_path):
    link = tmp_path / "link.gwx"
    link.symlink_to(plan_file)
    entry = window.open_path(link)
    entry.document.edit("power.design_pue", 1.3)
    assert window.save(entry)
    assert link.is_symlink() and load_scenario(plan_file).power.design_pue == 1.3


# --- the crash guard -------------------------------------------------------------------------------


class _Emitter(QObject):
    fired = Signal()


def test_a_guarded_slot_that_raises_is_reported_and_the_window_lives_on(window, qtbot, caplog):
    calls = []

    @safety.guarded
    def _broken_slot():
        calls.append(1)
        raise ZeroDivisionError("division by zero")

    emitter = _Emitter()
    emitter.fired.connect(_broken_slot)
    with caplog.at_level(logging.ERROR, logger="explorer.gui"):
        emitter.fired.emit()
    assert calls == [1]
    assert window.statusBar().currentMessage() == "Something went wrong (broken slot): division by zero"
    assert "ZeroDivisionError" in caplog.text and "Traceback" in caplog.text
    window.document.edit("power.design_pue", 1.3)  # still editing
    assert window.document.scenario.power.design_pue == 1.3


def test_a_guarded_function_returns_its_value_when_nothing_goes_wrong():
    assert safety.guarded(lambda x: x * 2)(21) == 42


def test_a_reporter_that_fails_is_logged_not_raised(caplog):
    def failing(message):
        raise RuntimeError("the status bar is gone")

    safety.set_reporter(failing)
    try:
        with caplog.at_level(logging.ERROR, logger="explorer.gui"):
            safety.report_exception(ValueError("bad"), "saving")
    finally:
        safety.set_reporter(None)
    assert "could not show the error" in caplog.text


def test_the_excepthook_reports_uncaught_errors_and_lets_ctrl_c_through(window, monkeypatch):
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    safety.install_excepthook()
    try:
        raise KeyError("missing")
    except KeyError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    assert "Something went wrong: 'missing'" in window.statusBar().currentMessage()
    passed = []
    monkeypatch.setattr(sys, "__excepthook__", lambda *args: passed.append(args[0]))
    sys.excepthook(KeyboardInterrupt, KeyboardInterrupt(), None)
    assert passed == [KeyboardInterrupt]


@pytest.mark.skipif(os.name == "nt", reason="symlinks and devices as on POSIX")
def test_image_and_report_exports_write_through_symlinks_and_refuse_devices(window, tmp_path):
    from explorer.gui import exporting
    from explorer.io.scenario_files import WriteRefused

    for name, export in (
        ("dashboard.png", lambda p: exporting.save_widget_image(window.dashboard, p)),
        ("dashboard.svg", lambda p: exporting.save_widget_image(window.dashboard, p)),
        ("power.png", lambda p: exporting.save_plot_image(window.dashboard.chart("power"), p)),
        ("report.pdf", lambda p: exporting.export_report(window, p)),
    ):
        target = tmp_path / name
        link = tmp_path / f"link-{name}"
        link.symlink_to(target)
        export(link)
        assert link.is_symlink() and target.stat().st_size > 1000, name
        device = tmp_path / f"null-{name}"
        device.symlink_to("/dev/null")
        with pytest.raises(WriteRefused, match="is not a regular file"):
            export(device)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
