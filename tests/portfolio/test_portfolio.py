"""Portfolios: members summed sample by sample, overlaps counted once, shared draws, limits and claims."""

import json

import numpy as np
import pytest

from explorer.io.scenario_files import save_scenario
from explorer.model.scenario import Scenario
from explorer.portfolio import (
    Member,
    Overlap,
    Portfolio,
    PortfolioClaim,
    PortfolioFileError,
    WorldLimit,
    load_portfolio,
    open_portfolio,
    resolve,
    run_portfolio,
    save_portfolio,
)
from explorer.portfolio.compute import HIDDEN, PART_SERIES, MemberRuns, part_of
from explorer.portfolio.exports import breakdown_rows
from explorer.series import SERIES

CHIP = {
    "id": "chip",
    "name": "Test chip",
    "vendor": "Acme",
    "available_from": "2020-01",
    "unit_price_usd": 8000,
    "it_capex_per_gpu_usd": 10_000,
    "tdp_w": 1000,
    "bf16_flops": 1e15,
    "fp8_flops": 2e15,
    "h100e": 1.0,
    "useful_life_years": 10,
}


def plan(name: str, units: float, sites=(), **extra) -> Scenario:
    """A one-year plan: ``units`` test chips bought in January 2025, powered by ``sites`` or auto-built."""
    data = {
        "name": name,
        "timeline": {"start": "2025-01", "years": 1},
        "mode": "plan",
        "accelerators": [CHIP],
        "purchases": {"purchases": [{"month": "2025-01", "generation": "chip", "units": units}]},
        "power": {"deployment_lag_months": 0},
        **extra,
    }
    if sites:
        data["facilities"] = {
            "mode": "sites",
            "sites": [
                {
                    "name": n,
                    "capacity_mw": mw,
                    "construction_start": "2024-01",
                    "construction_months": 12,
                    "ramp_months": 1,
                }
                for n, mw in sites
            ],
        }
    return Scenario.model_validate(data)


def two_members(tmp_path, a: Scenario, b: Scenario, **portfolio) -> Portfolio:
    save_scenario(a, tmp_path / "a.gwx")
    save_scenario(b, tmp_path / "b.gwx")
    p = Portfolio(
        name="Two",
        timeline={"start": "2025-01", "years": 1},
        members=[Member(id="a", path="a.gwx"), Member(id="b", path="b.gwx")],
        **portfolio,
    )
    save_portfolio(p, tmp_path / "two.gwx")
    return p


def year(results, name):
    return results.calendar[name][:, 0]


def test_two_members_with_a_shared_fifth_by_hand(tmp_path):
    """A buys 1,000 chips, B 500; a fifth of A is B's. Each chip costs $10k all-in IT."""
    two_members(
        tmp_path, plan("A", 1000), plan("B", 500), overlaps=[Overlap(id="ab", member="a", counted_in="b", share=0.2)]
    )
    out = run_portfolio(open_portfolio(tmp_path / "two.gwx"))
    assert year(out.total, "gpus_purchased")[0] == pytest.approx(1000 + 500 - 0.2 * 1000)
    assert year(out.total, "capex_it_usd")[0] == pytest.approx((1000 + 500 - 200) * 10_000)
    assert year(out.total, "gpus_installed")[0] == pytest.approx(1300)
    # the overlap is its own line of the breakdown, subtracted once
    overlap = out.overlaps[0]
    assert (overlap.id, overlap.sign) == ("ab", -1.0)
    assert year(overlap.results, "gpus_purchased")[0] == pytest.approx(200)
    assert [line.id for line in out.members] == ["a", "b"]


def test_an_overlap_of_power_only_leaves_the_capex_in_both_by_hand(tmp_path):
    """B rents a fifth of A's capacity: A's 1,000 chips of 1 kW on its 100 MW campus, B's 500 on 50 MW.
    The overlap counts power once and nothing else: the capex, GPUs and energy of both stay."""
    two_members(
        tmp_path,
        plan("A", 1000, sites=[("A campus", 100)]),
        plan("B", 500, sites=[("B campus", 50)]),
        overlaps=[Overlap(id="ab", member="a", counted_in="b", share=0.2, relation="rented", parts=("power",))],
    )
    out = run_portfolio(open_portfolio(tmp_path / "two.gwx"))
    a, b = (year(line.results, "energy_twh")[0] for line in out.members)
    assert year(out.total, "chip_power_mw")[0] == pytest.approx(1.0 + 0.5 - 0.2 * 1.0, rel=1e-12)
    assert year(out.total, "facility_capacity_mw")[0] == pytest.approx(100 + 50 - 0.2 * 100, rel=1e-12)
    assert year(out.total, "capex_it_usd")[0] == pytest.approx((1000 + 500) * 10_000, rel=1e-12)
    assert year(out.total, "gpus_purchased")[0] == pytest.approx(1500, rel=1e-12)
    assert year(out.total, "energy_twh")[0] == pytest.approx(a + b, rel=1e-12)
    # the overlap is a line of the power breakdown only
    overlap = out.overlaps[0]
    assert overlap.parts == ("power",)
    assert (overlap.counts("chip_power_mw"), overlap.counts("capex_it_usd")) == (True, False)
    assert out.lines_of("capex_it_usd") == out.members
    _years, rows = breakdown_rows(out)
    assert {(row[0], row[3]) for row in rows if row[2] == "overlap"} == {("ab", name) for name in PART_SERIES["power"]}
    assert [row[5] for row in rows if row[:4] == ["ab", overlap.label, "overlap", "chip_power_mw"]] == [
        pytest.approx(-0.2)
    ]


def test_an_overlap_reads_in_the_readers_language_and_its_file_keeps_the_text(tmp_path):
    from explorer.i18n import in_language

    said = {"text": "A's campus is B's", "translations": [{"language": "fr", "text": "Le campus de A est celui de B"}]}
    overlaps = [
        Overlap.model_validate({"id": "ab", "member": "a", "counted_in": "b", "share": 0.2, **said}),
        Overlap(id="ba", member="b", counted_in="a", share=0.1),  # no text: the members name it
    ]
    two_members(tmp_path, plan("A", 1000), plan("B", 500), overlaps=overlaps)
    saved = json.loads((tmp_path / "two.gwx").read_text())["overlaps"]
    assert saved[0]["translations"] == said["translations"] and "translations" not in saved[1]
    resolved = open_portfolio(tmp_path / "two.gwx")
    with in_language("fr"):
        french = run_portfolio(resolved)
    english = run_portfolio(resolved)
    assert [line.title for line in french.overlaps] == ["Le campus de A est celui de B", "b compté dans a"]
    assert [line.title for line in english.overlaps] == ["A's campus is B's", "b counted in a"]
    assert [line.label for line in french.overlaps] == [line.label for line in english.overlaps]  # what files carry


def test_overlaps_count_their_relations_default_parts():
    rented = Overlap(id="o", member="a", counted_in="b", share=0.5, relation="rented")
    same = Overlap(id="o", member="a", counted_in="b", share=0.5)
    assert rented.counted_once == ("gpus", "power", "energy", "land", "emissions")
    assert same.counted_once == (*rented.counted_once, "capex", "opex")


def test_every_additive_series_is_in_one_overlap_part():
    additive = {name for name, spec in SERIES.items() if spec.kind != "ratio"} | set(HIDDEN)
    named = [name for names in PART_SERIES.values() for name in names]
    assert sorted(named) == sorted(additive)
    assert part_of("_gpus_purchased@NVIDIA") == "gpus"


def test_a_schema_1_portfolio_counts_every_series_of_its_overlaps_once(tmp_path):
    two_members(tmp_path, plan("A", 1000), plan("B", 500))
    doc = json.loads((tmp_path / "two.gwx").read_text())
    doc["schema_version"] = 1
    doc["overlaps"] = [{"id": "ab", "member": "a", "counted_in": "b", "share": 0.2}]
    (tmp_path / "old.gwx").write_text(json.dumps(doc))
    portfolio = load_portfolio(tmp_path / "old.gwx")
    assert portfolio.overlaps[0].relation == "same"
    out = run_portfolio(resolve(portfolio, tmp_path))
    assert year(out.total, "capex_it_usd")[0] == pytest.approx((1000 + 500 - 200) * 10_000)


def test_weights_scale_members_and_the_overlap_follows_the_smaller(tmp_path):
    p = two_members(
        tmp_path, plan("A", 1000), plan("B", 500), overlaps=[Overlap(id="ab", member="a", counted_in="b", share=0.2)]
    )
    p = p.model_copy(update={"members": (p.members[0], p.members[1].model_copy(update={"weight": 2.0}))})
    out = run_portfolio(resolve(p, tmp_path))
    # 1,000 + 2 × 500 − min(1, 2) × 0.2 × 1,000
    assert year(out.total, "gpus_purchased")[0] == pytest.approx(1800)


def test_a_shared_site_is_counted_once(tmp_path):
    """A powers its chips from 'Shared' (100 MW) and 'Own' (50 MW); B's 'Shared' is the same campus."""
    two_members(
        tmp_path,
        plan("A", 10, sites=[("Shared", 100), ("Own", 50)]),
        plan("B", 10, sites=[("Shared", 100)]),
        overlaps=[Overlap(id="campus", member="a", counted_in="b", site="Shared")],
    )
    out = run_portfolio(open_portfolio(tmp_path / "two.gwx"))
    assert year(out.total, "facility_capacity_mw")[0] == pytest.approx(150 + 100 - 100)
    assert year(out.overlaps[0].results, "facility_capacity_mw")[0] == pytest.approx(100)
    # stocks of A are shared in proportion to the site's capacity: two thirds of A's GPUs sit there
    assert year(out.total, "gpus_installed")[0] == pytest.approx(10 + 10 - 10 * 100 / 150)


def test_switching_a_member_off_drops_it_and_its_overlaps(tmp_path):
    p = two_members(
        tmp_path, plan("A", 1000), plan("B", 500), overlaps=[Overlap(id="ab", member="a", counted_in="b", share=0.2)]
    )
    p = p.model_copy(update={"members": (p.members[0], p.members[1].model_copy(update={"enabled": False}))})
    out = run_portfolio(resolve(p, tmp_path))
    assert year(out.total, "gpus_purchased")[0] == pytest.approx(1000)
    assert out.overlaps == []


def test_totals_are_summed_sample_by_sample(tmp_path):
    two_members(
        tmp_path, plan("A", {"low": 500, "base": 1000, "high": 1500}), plan("B", {"low": 100, "base": 500, "high": 900})
    )
    out = run_portfolio(open_portfolio(tmp_path / "two.gwx"), samples=400, seed=5)
    members = sum(year(line.results, "gpus_purchased") for line in out.members)
    np.testing.assert_allclose(year(out.total, "gpus_purchased"), members)
    # the P90 of the total is not the sum of the members' P90s (they do not peak together)
    p90_sum = sum(np.percentile(year(line.results, "gpus_purchased"), 90) for line in out.members)
    assert np.percentile(year(out.total, "gpus_purchased"), 90) < p90_sum


def test_shared_catalog_draws_widen_the_spread_of_a_total(tmp_path):
    """Both members buy the same chip: its price is one number for the industry, not one per company."""
    chip = {**CHIP, "it_capex_per_gpu_usd": {"low": 5000, "base": 10_000, "high": 15_000}}
    a = plan("A", 1000).model_copy(
        update={"accelerators": (Scenario.model_validate({"accelerators": [chip], "mode": "plan"}).accelerators[0],)}
    )
    b = a.model_copy(update={"name": "B"})
    two_members(tmp_path, a, b)
    resolved = open_portfolio(tmp_path / "two.gwx")
    shared = year(run_portfolio(resolved, samples=2000, seed=1).total, "capex_it_usd")
    independent = year(run_portfolio(resolved, samples=2000, seed=1, share_common=False).total, "capex_it_usd")
    assert np.mean(shared) == pytest.approx(np.mean(independent), rel=0.03)
    # perfectly correlated halves: the spread is √2 wider than with independent draws
    assert np.std(shared) / np.std(independent) == pytest.approx(np.sqrt(2), rel=0.1)
    members = [year(line.results, "capex_it_usd") for line in run_portfolio(resolved, 50, 1).members]
    np.testing.assert_array_equal(members[0], members[1])  # one price per sample for everyone


def test_members_left_at_the_default_price_take_the_portfolios(tmp_path):
    a = plan("A", 1000)  # keeps the default electricity price
    b = plan("B", 1000, operations={"electricity_price_usd_per_mwh": 50.0})
    p = two_members(tmp_path, a, b, shared={"electricity_price_usd_per_mwh": 100.0})
    out = run_portfolio(resolve(p, tmp_path))
    cost = {line.id: year(line.results, "electricity_cost_usd")[0] for line in out.members}
    energy = {line.id: year(line.results, "energy_twh")[0] for line in out.members}
    assert cost["a"] / (energy["a"] * 1e6) == pytest.approx(100.0)
    assert cost["b"] / (energy["b"] * 1e6) == pytest.approx(50.0)


def test_a_world_limit_reports_its_share_and_warns_with_year_and_amount(tmp_path):
    limit = WorldLimit(
        id="acme",
        title="Acme chips shipped",
        metric="gpus_purchased",
        vendor="Acme",
        by_year={2025: 1200.0},
        source="Assumption for the test",
    )
    two_members(tmp_path, plan("A", 1000), plan("B", 500), limits=[limit])
    out = run_portfolio(open_portfolio(tmp_path / "two.gwx"))
    use = out.limits[0]
    assert use.share[0, 0] == pytest.approx(1500 / 1200)
    warning = next(w for w in out.warnings if w.code == "limit_exceeded")
    assert "2025" in warning.message and "Acme chips shipped" in warning.message
    assert "by 0.300 k GPUs (1.50 k GPUs planned, 1.20 k GPUs available)" in warning.message
    assert warning.years == (2025,)
    assert use.as_dict()["excess"] == [pytest.approx(300.0)]


def test_claims_about_some_members_and_shares_of_a_whole(tmp_path):
    claims = [
        PortfolioClaim(id="a-only", metric="gpus_purchased", period="2025", stated=1000, members=("a",)),
        PortfolioClaim(
            id="world", metric="gpus_purchased", period="2025", stated=6000, reading="share", comparison="at_most"
        ),
        PortfolioClaim(
            id="too-big", metric="gpus_purchased", period="2025", stated=1000, reading="share", comparison="at_most"
        ),
    ]
    two_members(tmp_path, plan("A", 1000), plan("B", 500), claims=claims)
    checks = {c.check.claim.id: c for c in run_portfolio(open_portfolio(tmp_path / "two.gwx")).claims}
    assert checks["a-only"].check.model == pytest.approx(1000) and checks["a-only"].check.verdict == "consistent"
    assert checks["world"].share == pytest.approx(0.25) and checks["world"].check.verdict == "consistent"
    assert checks["too-big"].check.verdict == "inconsistent"  # a part larger than the whole


def test_member_runs_kept_between_calls_give_the_same_totals(tmp_path):
    two_members(tmp_path, plan("A", 1000), plan("B", 500))
    resolved = open_portfolio(tmp_path / "two.gwx")
    cache = MemberRuns()
    first = run_portfolio(resolved, cache=cache)
    edited = resolved.scenarios["a"].model_copy(update={"name": "A2"})
    again = run_portfolio(
        type(resolved)(resolved.portfolio, {**resolved.scenarios, "a": edited}, resolved.folder), cache=cache
    )
    np.testing.assert_array_equal(first.total["gpus_purchased"], again.total["gpus_purchased"])
    assert again.members[0].label == "A2"


def test_validation_names_the_member_and_the_field(tmp_path):
    a = plan("A", 1000)
    save_scenario(a, tmp_path / "a.gwx")
    doc = json.loads((tmp_path / "a.gwx").read_text())
    doc["power"]["annual_pue"] = 0.5
    (tmp_path / "bad.gwx").write_text(json.dumps(doc))
    p = Portfolio(
        members=[Member(id="a", path="a.gwx"), Member(id="bad", path="bad.gwx")],
        overlaps=[Overlap(id="o", member="a", counted_in="bad", site="Nowhere")],
    )
    with pytest.raises(PortfolioFileError) as err:
        resolve(p, tmp_path)
    problems = err.value.problems
    assert any(p.startswith("members.1 (bad).power.annual_pue") and "≥ 1" in p for p in problems), problems
    assert any(
        p.startswith("overlaps.0 (o).site") and "'Nowhere' is not a site of member 'a'" in p for p in problems
    ), problems


@pytest.mark.parametrize(
    "change, path",
    [
        ({"members": [{"id": "a", "preset": "stargate", "weight": -1}]}, "members.0 (a).weight"),
        ({"members": [{"id": "a"}]}, "members.0 (a).preset"),
        ({"overlaps": [{"id": "o", "member": "zz", "counted_in": "a", "share": 0.5}]}, "overlaps.0 (o).member"),
        ({"overlaps": [{"id": "o", "member": "a", "counted_in": "a", "share": 0.5}]}, "overlaps.0 (o).counted_in"),
        (
            {"overlaps": [{"id": "o", "member": "a", "counted_in": "b", "share": 0.5, "parts": ["watts"]}]},
            "overlaps.0 (o).parts.0: must be 'gpus', 'power'",
        ),
        (
            {"overlaps": [{"id": "o", "member": "a", "counted_in": "b", "share": 0.5, "parts": []}]},
            "overlaps.0 (o).parts: ",
        ),
        (
            {"overlaps": [{"id": "o", "member": "a", "counted_in": "b", "share": 0.5, "parts": ["gpus", "gpus"]}]},
            "overlaps.0 (o).parts: each part is named once",
        ),
        (
            {"overlaps": [{"id": "o", "member": "a", "counted_in": "b", "share": 0.5, "relation": "lent"}]},
            "overlaps.0 (o).relation: must be 'same' or 'rented'",
        ),
        (
            {"claims": [{"id": "c", "metric": "energy_twh", "period": "2028", "stated": 1, "members": ["q"]}]},
            "claims.0 (c).members",
        ),
        (
            {"claims": [{"id": "c", "metric": "energy_twh", "period": "2028", "stated": 1, "reading": "share"}]},
            "claims.0 (c).comparison",
        ),
    ],
)
def test_a_bad_portfolio_file_names_the_field(tmp_path, change, path):
    doc = {
        "format": "gigawatt-explorer-scenario",
        "kind": "portfolio",
        "schema_version": 2,
        "members": [{"id": "a", "preset": "stargate"}, {"id": "b", "preset": "oracle-fy2026"}],
        **change,
    }
    (tmp_path / "p.gwx").write_text(json.dumps(doc))
    with pytest.raises(PortfolioFileError) as err:
        load_portfolio(tmp_path / "p.gwx")
    assert any(p.startswith(path) for p in err.value.problems), err.value.problems


def test_a_newer_portfolio_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "p.gwx"
    path.write_text(
        json.dumps({"format": "gigawatt-explorer-scenario", "kind": "portfolio", "schema_version": 99, "members": []})
    )
    with pytest.raises(PortfolioFileError, match="newer"):
        load_portfolio(path)
    assert json.loads(path.read_text())["schema_version"] == 99


@pytest.mark.parametrize("preset_id", ["meta-2025-guidance", "oracle-fy2026", "xai-colossus"])
def test_every_ranged_input_the_engine_draws_is_drawn_by_the_portfolio(preset_id, monkeypatch):
    """The portfolio draws members' inputs itself (shared or own streams) and pins them: an input the
    engine drew under another name would silently stay at its base value."""
    from explorer.engine import sampling
    from explorer.io.presets import load_preset
    from explorer.model.ranges import Range
    from explorer.portfolio.compute import member_overrides

    scenario = load_preset(preset_id)
    overrides = member_overrides(Portfolio(members=[Member(id="m", preset=preset_id)]).shared, scenario, "m", 16, 0)
    unpinned = []
    original = sampling.Sampler.__call__

    def record(self, path, value):
        if isinstance(value, Range) and not value.is_point and path not in self.overrides:
            unpinned.append(path)
        return original(self, path, value)

    monkeypatch.setattr(sampling.Sampler, "__call__", record)
    from explorer import simulate

    simulate(scenario, 16, 0, overrides=overrides)
    assert unpinned == []


def test_the_portfolio_price_and_a_members_own_price_move_together(tmp_path):
    """Electricity is a market: a member's own price range and the portfolio's are drawn from one stream."""
    a = plan("A", 1000)  # takes the portfolio's price
    b = plan("B", 1000, operations={"electricity_price_usd_per_mwh": {"low": 40, "base": 50, "high": 90}})
    p = two_members(tmp_path, a, b, shared={"electricity_price_usd_per_mwh": {"low": 60, "base": 86, "high": 120}})
    out = run_portfolio(resolve(p, tmp_path), samples=500, seed=3)
    price = {
        line.id: year(line.results, "electricity_cost_usd") / (year(line.results, "energy_twh") * 1e6)
        for line in out.members
    }
    assert np.corrcoef(price["a"], price["b"])[0, 1] > 0.95


def test_total_bands_are_percentiles_of_the_summed_samples():
    from explorer.portfolio.bands import total_bands

    resolved = open_portfolio("big-tech-2025")
    bands = total_bands(resolved, ("capex_total_usd",), samples=60, seed=3)
    out = run_portfolio(resolved, samples=60, seed=3)
    summed = out.total.calendar["capex_total_usd"]
    np.testing.assert_array_equal(bands.values["capex_total_usd"], np.percentile(summed, [10, 50, 90], axis=0))
    members_p10 = sum(
        np.percentile(line.sign * line.results.calendar["capex_total_usd"], 10, axis=0) for line in out.lines
    )
    assert np.all(bands.values["capex_total_usd"][0] > members_p10)  # a sum of P10s is far too low
