"""Contribution to variance beside the tornado, as a user sees it."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from explorer.analysis.metrics import metric_values
from explorer.analysis.variance import contribution_to_variance
from explorer.engine import simulate
from explorer.gui.analysis.sampling import sample_bands
from explorer.gui.analysis.variance import VarianceView
from explorer.io.presets import load_preset


@pytest.fixture(scope="module")
def bands():
    return sample_bands(load_preset("meta-2025-guidance"), 600, 4)


def test_the_bands_know_what_every_sample_drew(bands):
    replayed = simulate(bands.scenario, bands.samples, overrides=bands.inputs())
    for name in bands.results.monthly:
        np.testing.assert_array_equal(replayed.monthly[name], bands.results.monthly[name], err_msg=name)


def test_bars_are_each_inputs_share_of_the_variance(qtbot, bands):
    view = VarianceView()
    qtbot.addWidget(view)
    view.set_scenario(bands.scenario, now=True)
    view.set_bands(bands)
    view.set_choice("facility_power_mw", 2027)
    expected = contribution_to_variance(bands.inputs(), metric_values(bands.results, "facility_power_mw", 2027))
    bars = view.bars()
    assert 3 <= len(bars) <= 15
    for (path, share), c in zip(bars, expected):
        assert path == c.input and share == pytest.approx(c.share * 100)
    assert [abs(s) for _, s in bars] == sorted((abs(s) for _, s in bars), reverse=True)
    assert bars[0][0] == "capex.ai_share" and bars[0][1] > 30  # AI share of capex drives 2027 power
    assert "600 Monte Carlo samples" in view.heading.text() and "end of 2027" in view.heading.text()
    assert view.plot.isVisibleTo(view) and not view.start.isVisibleTo(view)


def test_without_samples_it_offers_to_sample_and_shows_no_empty_chart(qtbot):
    view = VarianceView()
    qtbot.addWidget(view)
    view.set_scenario(load_preset("meta-2025-guidance"), now=True)
    view.set_bands(None)
    assert view.bars() == [] and not view.plot.isVisibleTo(view)
    assert "Turn on Uncertainty" in view.note.text()
    with qtbot.waitSignal(view.samplingRequested, timeout=1000):
        qtbot.mouseClick(view.start, Qt.LeftButton)


def test_in_the_window_it_sits_beside_the_tornado_and_follows_the_monte_carlo_run(window, qtbot):
    analysis = window.analysis
    analysis.show_tornado()
    tabs = analysis.sensitivity_tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == ["Tornado", "Contribution to variance"]
    tabs.setCurrentWidget(analysis.variance)
    assert analysis.variance.bars() == []
    qtbot.mouseClick(analysis.variance.start, Qt.LeftButton)  # turns Uncertainty on
    assert analysis.bar.toggle.isChecked()
    qtbot.waitUntil(lambda: bool(analysis.variance.bars()), timeout=30_000)
    assert analysis.variance.bands is analysis.controller.bands
    analysis.bar.toggle.setChecked(False)
    assert analysis.variance.bars() == [] and analysis.variance.start.isVisibleTo(analysis.variance)
