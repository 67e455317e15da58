"""A monkey at the window: a few thousand random edits through the inputs panel's own spin boxes and
through the document (valid and invalid values), undo and redo, scenario switches and docks opened and
closed, in bursts as a person makes them. Nothing may raise, no key figure or claim may show NaN or
infinity, and memory after the run stays within 10% of memory after the first few hundred actions."""

from __future__ import annotations

import gc
import math
import os
import random
import re
import time

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox

from explorer.gui import safety
from explorer.model.ranges import Range

ACTIONS = 2000
WARM_UP = 400  # actions before the memory baseline: caches, undo history and plot buffers fill first
NOT_FINITE = re.compile(r"\b(nan|inf|infinity)\b", re.IGNORECASE)
HOSTILE = [math.nan, math.inf, -math.inf, -1e30, 1e300, "12", "", True, None, [1.0], {"low": 1}]


def resident_bytes() -> int | None:
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, AttributeError):
        return None


def numeric_inputs(node, prefix: str = "") -> list[tuple[str, float]]:
    """Every numeric input of a scenario as (dotted path, base value), in set_path's key style."""
    from pydantic import BaseModel

    if isinstance(node, Range):
        return [(prefix.rstrip("."), node.base)]
    if isinstance(node, (bool, str)) or node is None:
        return []
    if isinstance(node, (int, float)):
        return [(prefix.rstrip("."), float(node))]
    found = []
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            found += numeric_inputs(getattr(node, name), f"{prefix}{name}.")
    elif isinstance(node, dict):
        for key, value in node.items():
            found += numeric_inputs(value, f"{prefix}{key}.")
    elif isinstance(node, tuple):
        for i, item in enumerate(node):
            found += numeric_inputs(item, f"{prefix}{i}.")
    return found


def shown_texts(window) -> list[str]:
    texts = [window.kpis.text_of(name) for name in window.kpis.cards]
    table = window.claims.table
    for row in range(table.rowCount()):
        for col in range(table.columnCount()):
            item = table.item(row, col)
            if item is not None:
                texts.append(item.text())
    return texts


@pytest.mark.slow
def test_random_edits_undo_switches_and_docks_never_crash_show_nan_or_leak(window, qtbot, monkeypatch, settle):
    reported: list[str] = []
    monkeypatch.setattr(safety, "report_exception", lambda exc, where="": reported.append(f"{where}: {exc!r}"))
    rng = random.Random(20251130)
    window.open_reference("stargate")
    window.open_reference("xai-colossus")
    entries = list(window.workspace.entries)
    docks = [window.inputs_dock, window.scenarios_dock, window.claims_dock, window.warnings_dock]
    counts = {
        "spin box": 0,
        "valid edit": 0,
        "invalid edit": 0,
        "refused": 0,
        "undo": 0,
        "redo": 0,
        "switch": 0,
        "dock": 0,
    }

    def spins():
        panel = window.inputs_dock.widget()
        return [
            s
            for s in panel.findChildren(QAbstractSpinBox)
            if isinstance(s, (QSpinBox, QDoubleSpinBox)) and s.isEnabled()
        ]

    current_spins = spins()
    rejected = []
    for entry in entries:
        entry.document.editRejected.connect(lambda path, why: rejected.append(path))

    started = time.perf_counter()
    baseline = None
    done = 0
    while done < ACTIONS:
        for _ in range(rng.randint(1, 12)):  # a burst, then the window catches up
            done += 1
            document = window.document
            action = rng.choices(list(counts), weights=[30, 20, 20, 0, 10, 8, 4, 4])[0]
            if action == "spin box" and current_spins:
                spin = rng.choice(current_spins)
                top = min(spin.maximum(), spin.minimum() + 10 * (spin.value() + 1))
                spin.setValue(rng.uniform(spin.minimum(), top))
            elif action == "valid edit":
                path, value = rng.choice(numeric_inputs(document.scenario))
                document.edit(path, value * rng.uniform(0.5, 1.5) if value else rng.uniform(0, 1))
            elif action == "invalid edit":
                path, _ = rng.choice(numeric_inputs(document.scenario))
                before = document.scenario
                if not document.edit(path, rng.choice(HOSTILE)):
                    counts["refused"] += 1
                    assert document.scenario is before
            elif action == "undo":
                document.undo_stack.undo()
            elif action == "redo":
                document.undo_stack.redo()
            elif action == "switch":
                window.workspace.set_active(rng.choice(entries))
                current_spins = spins()
            elif action == "dock":
                rng.choice(docks).toggleViewAction().trigger()
            counts[action] += 1
        settle(qtbot, window)
        for text in shown_texts(window):
            assert not NOT_FINITE.search(text), text
        assert not reported, reported
        if baseline is None and done >= WARM_UP:
            gc.collect()
            baseline = resident_bytes()
    gc.collect()
    final = resident_bytes()
    elapsed = time.perf_counter() - started
    print(
        f"\n{done} actions in {elapsed:.1f} s: {counts}; {len(rejected)} edits refused in words; "
        + (
            f"RSS {baseline / 1e6:.1f} MB after {WARM_UP} actions, {final / 1e6:.1f} MB at the end "
            f"({(final / baseline - 1) * 100:+.1f}%)"
            if baseline and final
            else "RSS not measured here"
        )
    )
    assert counts["refused"] > 100 and counts["undo"] > 100 and counts["switch"] > 20
    if baseline and final:
        assert final <= baseline * 1.10
