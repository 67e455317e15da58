"""The window caps Monte Carlo samples at what memory allows, by the command line's rule."""

from __future__ import annotations

from explorer.engine import memory
from explorer.presentation import sampling


def test_the_window_samples_no_more_than_memory_allows(window, qtbot, monkeypatch):
    monkeypatch.setattr(sampling, "worker_pool", lambda: None)  # sample here, where the limit is patched
    per_sample = memory.bytes_per_sample(window.document.scenario)
    monkeypatch.setattr(memory, "available_bytes", lambda: int(per_sample * 300 / memory.SHARE_OF_AVAILABLE))
    analysis = window.analysis
    analysis.bar.samples.setValue(5000)
    analysis.bar.toggle.setChecked(True)
    qtbot.waitUntil(lambda: analysis.controller.current_for(window.document.scenario), timeout=20_000)
    used = analysis.controller.bands.samples
    assert 270 <= used <= 300  # the second measurement of a sample's memory differs by a few percent
    assert analysis.bar.status.text() == f"{used:,} samples (as many as memory allows)"
    assert analysis.bar.progress.maximum() == used
