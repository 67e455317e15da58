"""Monte Carlo in the window: bands on every plot, key-figure ranges, claims against the band,
stale batches dropped, reproducible draws."""

from __future__ import annotations

import numpy as np

from explorer.analysis.restated import restated_inputs
from explorer.engine import check_claims
from explorer.gui.analysis.uncertainty import UncertaintyController
from explorer.gui.claims_panel import COLUMNS
from explorer.gui.document import Document
from explorer.io.presets import load_preset
from explorer.presentation.sampling import sample_bands


def switch_on(window, qtbot):
    analysis = window.analysis
    analysis.bar.toggle.setChecked(True)
    qtbot.waitUntil(lambda: analysis.controller.current_for(window.document.scenario), timeout=20_000)
    window.repaint()
    return analysis


def test_bands_appear_on_every_plot_with_ordered_percentiles(window, qtbot):
    analysis = window.analysis
    assert not any(band.fill.isVisible() for band in analysis.bands.charts.values())
    switch_on(window, qtbot)
    for key, band in analysis.bands.charts.items():
        assert band.fill.isVisible(), key
        x, p10, p50, p90 = band.data()
        assert len(x) and np.all(np.isfinite(p50)), key
        assert np.all(p10 <= p50 + 1e-12) and np.all(p50 <= p90 + 1e-12), key
        assert np.any(p90 > p10), key  # the preset has ranges: the band has width
    # the band of facility demand surrounds the deterministic line for most months
    x, p10, _, p90 = analysis.bands.band("power").data()
    _, demand = window.dashboard.chart("power").item_data("demand")
    inside = (demand >= p10 - 1e-9) & (demand <= p90 + 1e-9)
    assert inside.mean() > 0.8
    # named once for every plot, in the shared key, not in each plot's legend
    assert window.dashboard.key_strip.texts().count("P10–P90") == 1 and "Median" in window.dashboard.key_strip.texts()
    labels = [label.text for _, label in window.dashboard.chart("power").legend.items]
    assert "P10–P90" not in labels


def test_switching_off_hides_bands_ranges_and_restores_base_claims(window, qtbot):
    analysis = switch_on(window, qtbot)
    window.kpis.set_year(2025)
    assert analysis.kpi_ranges.text_of("gpus_installed").startswith("P10–P90 ")
    analysis.bar.toggle.setChecked(False)
    assert not any(band.fill.isVisible() for band in analysis.bands.charts.values())
    assert analysis.kpi_ranges.text_of("gpus_installed") == ""
    assert all(c.model_low == c.model_high for c in window.claims.checks)


def test_key_figures_show_the_p10_p90_of_the_samples(window, qtbot):
    analysis = switch_on(window, qtbot)
    window.kpis.set_year(2026)
    bands = analysis.controller.bands
    col = bands.results.calendar.column(2026)
    low, high = np.percentile(bands.results.calendar["gpus_installed"][:, col], [10, 90]) / 1e6
    assert analysis.kpi_ranges.text_of("gpus_installed") == f"P10–P90 {low:.2f}–{high:.2f} M GPUs"  # with its unit


def test_claims_are_judged_against_the_band(window, qtbot):
    analysis = switch_on(window, qtbot)
    scenario = window.document.scenario
    window.claims.find_restated()
    expected = check_claims(
        scenario.claims, analysis.controller.bands.results, scenario.claim_tolerance, restated_inputs(scenario)
    )
    assert [c.verdict for c in window.claims.checks] == [c.verdict for c in expected]
    assert any(c.model_low < c.model_high for c in window.claims.checks)
    row = next(i for i, c in enumerate(window.claims.checks) if c.model_low < c.model_high)
    assert "(" in window.claims.table.item(row, COLUMNS.index("Model")).text()  # median (P10 – P90)
    assert "P10–P90" in window.claims.reasons()[row]
    assert "P10–P90 of 1,000 samples" in window.claims.summary.text()


def test_an_edit_during_a_batch_drops_the_stale_batch(qtbot):
    document = Document(load_preset("meta-2025-guidance"))
    controller = UncertaintyController()
    controller.follow(document)
    delivered = []
    controller.bandsReady.connect(delivered.append)
    edited = []

    def edit_once(done, total):
        if not edited and 0 < done < total:  # the first batch is part-way through
            edited.append(document.scenario)
            document.edit("capex.by_year.2025", 80e9)

    controller.progressed.connect(edit_once)
    controller.set_enabled(True)
    qtbot.waitUntil(lambda: controller.current_for(document.scenario), timeout=20_000)
    controller.wait()
    qtbot.wait(50)  # let any late signal arrive
    assert edited, "the edit was not made during the first batch"
    assert controller.discarded >= 1
    assert [b.scenario for b in delivered] == [document.scenario]
    assert edited[0] is not document.scenario
    col = delivered[0].results.calendar.column(2025)
    assert np.median(delivered[0].results.calendar["capex_total_usd"][:, col]) > 75e9  # the new capex


def test_batches_are_reproducible_and_seeded():
    scenario = load_preset("meta-2025-guidance")
    a, b = sample_bands(scenario, 400, seed=7), sample_bands(scenario, 400, seed=7)
    c = sample_bands(scenario, 400, seed=8)
    np.testing.assert_array_equal(a.monthly["facility_power_mw"], b.monthly["facility_power_mw"])
    assert not np.array_equal(a.monthly["facility_power_mw"], c.monthly["facility_power_mw"])
    assert a.samples == 400


def test_collapsed_ranges_give_a_band_of_zero_width_on_the_base_run(make_scenario):
    from explorer import simulate

    scenario = make_scenario()
    bands = sample_bands(scenario, 100, seed=1)
    base = simulate(scenario).monthly["gpus_installed"][0]
    for row in bands.monthly["gpus_installed"]:
        np.testing.assert_allclose(row, base)
