"""Autosave and crash recovery, one session per window.

Each window's process owns a folder ``<app data>/autosave/<session>/`` and holds an operating-system
lock on the ``lock`` file inside it for as long as it runs; the lock goes with the process however it
ends (a clean exit, a crash, a kill). Unsaved scenarios are written into that folder. A session folder
whose lock nobody holds was left by a window that did not close properly: its scenarios are offered
for recovery, newest first. A clean exit removes the session's folder; a live window's folder is never
offered to, nor touched by, another window.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from ..io.scenario_files import ScenarioFileError, atomic_write_text, load_scenario, scenario_json
from ..model.scenario import Scenario

LOCK = "lock"


@dataclass(frozen=True)
class Recovered:
    scenario: Scenario
    original_path: Path | None  # the file it was opened from, if any
    autosave_path: Path
    saved_at: datetime  # when it was autosaved


class SessionLock:
    """An exclusive, non-blocking lock on a file, released by the operating system when its
    process ends. Two locks on one file conflict even within one process."""

    def __init__(self, path: Path):
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        try:
            handle = open(self.path, "a+b")  # noqa: SIM115 - held open: it is the lock
        except OSError:
            return False
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        if sys.platform == "win32":
            import msvcrt

            self._handle.seek(0)
            msvcrt.locking(self._handle.fileno(), msvcrt.LK_UNLCK, 1)
        self._handle.close()
        self._handle = None


class AutosaveStore:
    def __init__(self, folder: Path):
        self.root = Path(folder) / "autosave"
        self.root.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        self.folder = Path(tempfile.mkdtemp(prefix=f"{stamp}-{os.getpid()}-", dir=self.root))
        self.lock = SessionLock(self.folder / LOCK)
        if not self.lock.acquire():
            raise OSError(f"cannot lock the autosave folder {self.folder}")
        self._orphans: dict[Path, SessionLock] = {}  # sessions of ended windows this window took over

    # --- this window's autosaves
    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.gwx", self.folder / f"{key}.json"

    def write(self, key: str, scenario: Scenario, original_path: Path | None) -> Path:
        target, meta = self._paths(key)
        atomic_write_text(
            meta, json.dumps({"original_path": str(original_path) if original_path else None}), keep_backup=False
        )
        atomic_write_text(target, scenario_json(scenario), keep_backup=False)
        return target

    def remove(self, key: str) -> None:
        for path in self._paths(key):
            path.unlink(missing_ok=True)

    def close(self) -> None:
        """A clean exit: this window's autosaves go, and with them its session."""
        self.lock.release()  # first: Windows deletes no file that is open
        shutil.rmtree(self.folder, ignore_errors=True)
        for lock in self._orphans.values():
            lock.release()
        self._orphans.clear()

    # --- sessions of windows that did not close properly
    def recoverable(self) -> list[Recovered]:
        """Autosaves of sessions whose window is gone, newest first. Each such session is locked by
        this window from now on, so two windows never recover the same scenario."""
        for session in self.root.iterdir():
            if session == self.folder or session in self._orphans or not session.is_dir():
                continue
            lock = SessionLock(session / LOCK)
            if lock.acquire():
                self._orphans[session] = lock
        found = [item for session in list(self._orphans) for item in self._read_session(session)]
        return sorted(found, key=lambda item: item.saved_at, reverse=True)

    def _read_session(self, session: Path) -> list[Recovered]:
        found = []
        for target in session.glob("*.gwx"):
            try:
                meta = json.loads(target.with_suffix(".json").read_text(encoding="utf-8"))
                scenario = load_scenario(target)
                saved_at = datetime.fromtimestamp(target.stat().st_mtime)
            except (OSError, ValueError, AttributeError, ScenarioFileError):
                continue  # unreadable: left in place, never deleted unseen
            original = meta.get("original_path")
            found.append(Recovered(scenario, Path(original) if original else None, target, saved_at))
        if not found and not any(session.glob("*.gwx")):
            self._drop(session)  # an ended window that had nothing unsaved
        return found

    def discard(self, items: list[Recovered]) -> None:
        for item in items:
            item.autosave_path.unlink(missing_ok=True)
            item.autosave_path.with_suffix(".json").unlink(missing_ok=True)
        for session in {item.autosave_path.parent for item in items}:
            if session in self._orphans and not any(session.glob("*.gwx")):
                self._drop(session)

    def _drop(self, session: Path) -> None:
        lock = self._orphans.pop(session, None)
        if lock is not None:
            lock.release()
        shutil.rmtree(session, ignore_errors=True)
