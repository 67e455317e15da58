"""Autosave and crash recovery.

While the window runs, a marker file says so; a clean exit removes it. Unsaved scenarios are written
periodically to ``<app data>/autosave/``. If the next start finds the marker of a process that is no
longer running, the last exit was not clean and the autosaved scenarios are offered for recovery.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..io.scenario_files import ScenarioFileError, atomic_write_text, load_scenario, scenario_json
from ..model.scenario import Scenario

MARKER = "running.json"


@dataclass(frozen=True)
class Recovered:
    scenario: Scenario
    original_path: Path | None  # the file it was opened from, if any
    autosave_path: Path


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but is not ours (or the platform cannot tell): assume alive
    return True


class AutosaveStore:
    def __init__(self, folder: Path):
        self.folder = Path(folder) / "autosave"
        self.folder.mkdir(parents=True, exist_ok=True)
        self.marker = Path(folder) / MARKER

    # --- clean-exit marker
    def previous_run_crashed(self) -> bool:
        try:
            pid = int(json.loads(self.marker.read_text(encoding="utf-8"))["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return self.marker.exists()  # unreadable marker: assume the worst, recovery is only offered
        return not _alive(pid)

    def mark_running(self) -> None:
        atomic_write_text(self.marker, json.dumps({"pid": os.getpid()}), keep_backup=False)

    def mark_clean_exit(self) -> None:
        self.marker.unlink(missing_ok=True)

    # --- autosaved scenarios
    def _paths(self, key: str) -> tuple[Path, Path]:
        return self.folder / f"{key}.gwx", self.folder / f"{key}.json"

    def write(self, key: str, scenario: Scenario, original_path: Path | None) -> Path:
        target, meta = self._paths(key)
        atomic_write_text(target, scenario_json(scenario), keep_backup=False)
        atomic_write_text(meta, json.dumps({"original_path": str(original_path) if original_path else None,
                                            "pid": os.getpid()}), keep_backup=False)
        return target

    def remove(self, key: str) -> None:
        for path in self._paths(key):
            path.unlink(missing_ok=True)

    def remove_mine(self) -> None:
        for meta in self.folder.glob("*.json"):
            try:
                mine = json.loads(meta.read_text(encoding="utf-8")).get("pid") == os.getpid()
            except (OSError, ValueError):
                continue
            if mine:
                self.remove(meta.stem)

    def recoverable(self) -> list[Recovered]:
        """Autosaves left by processes that are no longer running."""
        found = []
        for target in sorted(self.folder.glob("*.gwx")):
            meta_path = target.with_suffix(".json")
            try:
                meta = json.loads(meta_path.read_text(encoding="utf-8"))
                if _alive(int(meta.get("pid", -1))):
                    continue
                scenario = load_scenario(target)
            except (OSError, ValueError, ScenarioFileError):
                continue
            original = meta.get("original_path")
            found.append(Recovered(scenario, Path(original) if original else None, target))
        return found

    def discard(self, items: list[Recovered]) -> None:
        for item in items:
            item.autosave_path.unlink(missing_ok=True)
            item.autosave_path.with_suffix(".json").unlink(missing_ok=True)
