"""Autosave and crash recovery: each window keeps its own autosave under its own lock; windows that
ended without closing (killed here for real) are offered for recovery, newest first."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from explorer.gui.autosave import AutosaveStore
from explorer.gui.main_window import AUTOSAVE_MS, MainWindow
from explorer.io.scenario_files import load_scenario, save_scenario

pytestmark = pytest.mark.skipif(os.name == "nt", reason="kills processes with SIGKILL")

# A window's process in miniature: its own store, one unsaved scenario, then it waits to be killed.
CRASHING_WINDOW = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from explorer.gui.autosave import AutosaveStore
    from explorer.model import Scenario
    store = AutosaveStore(Path(sys.argv[1]))
    scenario = Scenario.model_validate_json(Path(sys.argv[2]).read_text(encoding="utf-8"))
    original = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    store.write("s1", scenario, original)
    print(store.folder, flush=True)
    time.sleep(120)
""")


def autosaves(data_dir):
    return sorted((data_dir / "autosave").glob("*/*.gwx"))


def killed_window(tmp_path, data_dir, scenario, original=None):
    """Run a process that autosaves ``scenario`` and kill it (SIGKILL): its session folder."""
    source = tmp_path / f"{scenario.name}.json"
    source.write_text(scenario.model_dump_json(), encoding="utf-8")
    args = [sys.executable, "-c", CRASHING_WINDOW, str(data_dir), str(source)] + ([str(original)] if original else [])
    child = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        folder = child.stdout.readline().strip()
        assert folder, child.stderr.read()
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    return folder


def new_window(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    return window


def test_autosave_writes_unsaved_changes_and_a_clean_exit_removes_them(window, data_dir):
    window.document.edit("power.design_pue", 1.33)
    assert window.autosave_now() == 1
    saved = autosaves(data_dir)
    assert len(saved) == 1 and load_scenario(saved[0]) == window.document.scenario
    assert saved[0].parent == window.store.folder

    window.document.undo_stack.undo()
    assert window.autosave_now() == 0  # nothing unsaved: the autosave goes away
    assert not autosaves(data_dir)

    window.document.edit("power.design_pue", 1.34)
    window.autosave_now()
    window.close()  # the fixture's answers discard the change
    assert not autosaves(data_dir)
    assert not window.store.folder.exists()


def test_an_edit_is_autosaved_by_the_timer_within_a_minute(window, data_dir, qtbot):
    assert AUTOSAVE_MS <= 60_000
    assert window.autosave_timer.isActive() and window.autosave_timer.interval() <= 60_000
    window.autosave_timer.setInterval(50)  # the same timer, faster, so the test need not wait a minute
    window.document.edit("power.design_pue", 1.29)
    qtbot.waitUntil(lambda: len(autosaves(data_dir)) == 1, timeout=3000)
    assert load_scenario(autosaves(data_dir)[0]).power.design_pue == 1.29


def test_two_windows_keep_separate_autosaves_and_one_closing_keeps_the_others(qtbot, data_dir, answers):
    first, second = new_window(qtbot), new_window(qtbot)
    for window, pue in ((first, 1.21), (second, 1.22)):
        window.open_reference("meta-2025-guidance")
        window.document.edit("power.design_pue", pue)
        window.autosave_now()
    assert first.store.folder != second.store.folder
    assert sorted(load_scenario(p).power.design_pue for p in autosaves(data_dir)) == [1.21, 1.22]

    second.close()  # a clean exit, discarding its change
    left = autosaves(data_dir)
    assert len(left) == 1 and load_scenario(left[0]).power.design_pue == 1.21  # the other window's work is kept

    third = new_window(qtbot)
    assert third.pending_recovery() == []  # the first window still runs: nothing of it is offered
    third.offer_recovery()
    assert autosaves(data_dir) == left  # ... nor deleted
    first.close()
    third.close()


def test_after_windows_are_killed_every_orphaned_autosave_is_offered_newest_first(
    qtbot, tmp_path, data_dir, answers, make_scenario
):
    replies, asked = answers
    older = make_scenario({"name": "Older work", "power.design_pue": 1.21})
    newer = make_scenario({"name": "Newer work", "power.design_pue": 1.31})
    for scenario, age in ((newer, 60), (older, 3600)):  # started in this order, saved in the other
        folder = killed_window(tmp_path, data_dir, scenario)
        stamp = time.time() - age
        for file in os.scandir(folder):
            os.utime(file.path, (stamp, stamp))

    window = new_window(qtbot)
    window.open_reference("meta-2025-guidance")
    offered = window.pending_recovery()
    assert [item.scenario.name for item in offered] == ["Newer work", "Older work"]
    replies.append(QMessageBox.StandardButton.Yes)
    window.offer_recovery()
    message = asked[-1]
    assert "did not close properly" in message
    assert message.index("Newer work") < message.index("Older work")
    for item in offered:
        assert f"{item.saved_at:%Y-%m-%d %H:%M}" in message
    recovered = {e.document.scenario.name: e.document for e in window.workspace.entries}
    assert recovered["Older work"].scenario == older and recovered["Older work"].dirty
    assert recovered["Newer work"].scenario == newer and recovered["Newer work"].dirty
    # taken over: now only in this window's own session, and the dead sessions are gone
    assert {p.parent for p in autosaves(data_dir)} == {window.store.folder}
    assert sorted(p.name for p in (data_dir / "autosave").iterdir()) == [window.store.folder.name]
    window.close()


def test_a_recovered_autosave_reopens_as_unsaved_changes_of_its_file(qtbot, tmp_path, data_dir, answers, make_scenario):
    replies, _ = answers
    original = tmp_path / "plan.gwx"
    save_scenario(make_scenario(), original)
    killed_window(tmp_path, data_dir, make_scenario({"power.design_pue": 1.17}), original)

    window = new_window(qtbot)
    replies.append(QMessageBox.StandardButton.Yes)
    window.offer_recovery()
    document = window.workspace.active.document
    assert document.path == original and document.dirty
    assert document.scenario.power.design_pue == 1.17
    document.undo_stack.undo()
    assert document.scenario == load_scenario(original) and not document.dirty
    window.close()


def test_declining_recovery_discards_the_orphans_only(qtbot, tmp_path, data_dir, answers, make_scenario):
    replies, _ = answers
    killed_window(tmp_path, data_dir, make_scenario({"name": "Lost cause"}))
    live = new_window(qtbot)
    live.open_reference("meta-2025-guidance")
    live.document.edit("power.design_pue", 1.25)
    live.autosave_now()

    window = new_window(qtbot)
    replies.append(QMessageBox.StandardButton.Discard)
    window.offer_recovery()
    assert [load_scenario(p).power.design_pue for p in autosaves(data_dir)] == [1.25]  # the live window's, kept
    assert window.workspace.entries == []
    live.close()
    window.close()


def test_a_store_cannot_take_a_live_session(data_dir, make_scenario):
    live = AutosaveStore(data_dir)
    live.write("s1", make_scenario(), None)
    other = AutosaveStore(data_dir)
    assert other.recoverable() == []
    live.lock.release()  # as when its process ends
    assert [item.scenario for item in other.recoverable()] == [make_scenario()]
    other.close()
