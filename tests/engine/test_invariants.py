"""Property tests: the invariants of the domain model (domain.md §7) hold for any valid scenario."""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from explorer import simulate
from explorer.engine.results import Results
from explorer.model import Range
from explorer.series import SERIES

# numerical trouble (overflow, 0/0) must show up as a failure, not a warning
pytestmark = pytest.mark.filterwarnings("error::RuntimeWarning")

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
GENERATIONS = ["a100", "h100", "b200"]

money = st.one_of(st.just(0.0), st.floats(1e6, 200e9))
fraction = st.floats(0.0, 1.0)
month = st.builds(lambda y, m: f"{y}-{m:02d}", st.integers(2022, 2028), st.integers(1, 12))


@st.composite
def shares(draw):
    chosen = draw(st.lists(st.sampled_from(GENERATIONS), min_size=1, max_size=3, unique=True))
    return {g: draw(st.floats(0.05, 1.0)) for g in chosen}


@st.composite
def sites(draw):
    n = draw(st.integers(0, 3))
    return [
        {
            "name": f"site{i}",
            "capacity_mw": draw(st.floats(1.0, 5000.0)),
            "construction_start": draw(month),
            "construction_months": draw(st.integers(0, 36)),
            "ramp_months": draw(st.integers(0, 24)),
            "cost_per_mw_it_usd": draw(st.floats(0.0, 30e6)),
            "mw_per_acre": draw(st.floats(0.2, 5.0)),
        }
        for i in range(n)
    ]


@st.composite
def starting_fleet(draw):
    cohorts = draw(
        st.lists(st.tuples(st.sampled_from(GENERATIONS), st.floats(0.0, 1e6), st.integers(0, 120)), max_size=3)
    )
    return [{"generation": g, "count": c, "age_months": a} for g, c, a in cohorts]


@st.composite
def scenarios(draw, mode=None, facilities_mode=None):
    """Changes and sections for the hand-made scenario covering both modes and both facility modes."""
    mode = mode or draw(st.sampled_from(["budget", "plan"]))
    fac_mode = facilities_mode or draw(st.sampled_from(["auto", "sites"]))
    years = draw(st.integers(1, 6))
    start = draw(month)
    first_year = int(start[:4])
    sections = {
        "mode": mode,
        "timeline": {"start": start, "years": years},
        "capex": {
            "by_year": {str(first_year + i): draw(money) for i in range(draw(st.integers(1, 3)))},
            "growth_after": draw(st.floats(-0.5, 1.0)),
            "ai_share": draw(fraction),
        },
        "mix": {"strategy": "shares", "shares_by_year": {str(first_year): draw(shares())}},
        "facilities": {
            "mode": fac_mode,
            "sites": draw(sites()) if fac_mode == "sites" else [],
            "cost_per_mw_it_usd": draw(st.floats(0.0, 30e6)),
            "mw_per_acre": draw(st.floats(0.2, 5.0)),
        },
        "starting_point": {"fleet": draw(starting_fleet()), "energized_mw": draw(st.floats(0.0, 3000.0))},
        "power": {
            "server_multiplier": draw(st.floats(1.0, 2.0)),
            "it_multiplier": draw(st.floats(1.0, 1.5)),
            "design_pue": draw(st.floats(1.0, 2.0)),
            "annual_pue": draw(st.floats(1.0, 2.0)),
            "load_factor": draw(fraction),
            "allocation": draw(st.sampled_from(["installed_first", "newest_first"])),
            "deployment_lag_months": draw(st.integers(0, 12)),
        },
        "operations": {
            "discount_rate": draw(st.floats(0.0, 0.3)),
            "other_opex_share": draw(st.floats(0.0, 0.2)),
            "it_life_years": draw(st.floats(0.5, 10.0)),
            "facility_life_years": draw(st.floats(1.0, 40.0)),
        },
    }
    if mode == "plan":
        purchases = draw(st.lists(st.tuples(month, st.sampled_from(GENERATIONS), st.floats(0.0, 1e6)), max_size=4))
        sections["purchases"] = {"purchases": [{"month": m, "generation": g, "units": u} for m, g, u in purchases]}
    return sections


def all_arrays(r: Results):
    yield from r.monthly.items()
    yield from r.by_generation.items()
    for basis in ("calendar", "fiscal"):
        for name, values in r.annual(basis).values.items():
            yield f"{basis}:{name}", values


def assert_finite(r: Results):
    """No NaN or infinity, except "not defined" (NaN) in ratio series; defined ratios are finite and ≥ 0."""
    bad = []
    for name, values in all_arrays(r):
        spec = SERIES.get(name.split(":")[-1])
        if spec is not None and spec.kind == "ratio":
            defined = values[~np.isnan(values)]
            if not (np.isfinite(defined).all() and (defined >= 0).all()):
                bad.append(name)
        elif not np.isfinite(values).all():
            bad.append(name)
    assert not bad, f"non-finite values in {bad}"


@SETTINGS
@given(sections=scenarios())
def test_every_output_is_finite(make_scenario, sections):
    assert_finite(simulate(make_scenario(**sections)))


@pytest.mark.parametrize(
    "sections",
    [
        {"capex": {"by_year": {"2025": 0.0}}},
        {"capex": {"by_year": {"2025": 12e9}, "ai_share": 0.0}},
        {"mode": "plan", "capex": {"by_year": {}}},
        {
            "mode": "plan",
            "capex": {"by_year": {}, "ai_share": 0.0},
            "purchases": {"purchases": [{"month": "2025-02", "generation": "h100", "units": 0}]},
        },
        {"facilities": {"mode": "sites", "sites": []}},
        {"facilities": {"mode": "sites", "sites": []}, "starting_point": {"fleet": [], "energized_mw": 0.0}},
        {"starting_point": {"fleet": [{"generation": "a100", "count": 0.0}], "energized_mw": 0.0}},
    ],
    ids=[
        "zero-budget",
        "zero-ai-share",
        "plan-no-purchases",
        "plan-zero-units",
        "zero-sites",
        "zero-sites-empty-start",
        "zero-gpu-cohort",
    ],
)
def test_degenerate_scenarios_run_cleanly(make_scenario, sections):
    r = simulate(make_scenario(**sections))
    assert_finite(r)
    r10 = simulate(make_scenario(**sections), samples=10)
    assert_finite(r10)


@SETTINGS
@given(sections=scenarios(mode="budget"))
def test_budget_is_spent_exactly_on_it_and_facilities(make_scenario, sections):
    r = simulate(make_scenario(**sections))
    m = {k: v[0] for k, v in r.monthly.items()}
    ai_budget = m["capex_total_usd"] * sections["capex"]["ai_share"]
    assert_allclose(m["capex_it_usd"] + m["capex_facility_usd"], m["capex_ai_usd"], rtol=1e-9)
    # sites may commit more than the budget (a warning); otherwise every dollar is spent, none twice
    expected = np.maximum(ai_budget, m["capex_facility_usd"])
    assert_allclose(m["capex_ai_usd"], expected, rtol=1e-9, atol=1e-3)
    if "facility_over_budget" not in [w.code for w in r.warnings]:
        assert_allclose(m["capex_ai_usd"], ai_budget, rtol=1e-9, atol=1e-3)


def grows(more: np.ndarray, less: np.ndarray) -> bool:
    return bool((more >= less * (1 - 1e-9) - 1e-6).all())


@SETTINGS
@given(sections=scenarios(mode="budget"), factor=st.floats(1.0, 5.0))
def test_more_budget_never_buys_fewer_gpus(make_scenario, sections, factor):
    base = simulate(make_scenario(**sections))
    sections["capex"]["by_year"] = {y: v * factor for y, v in sections["capex"]["by_year"].items()}
    more = simulate(make_scenario(**sections))
    for name in ("gpus_purchased", "gpus_installed"):
        assert grows(more.monthly[name][0], base.monthly[name][0]), name


@SETTINGS
@given(sections=scenarios(), extra=st.floats(0.0, 0.8))
def test_higher_pue_never_needs_less_facility_power(make_scenario, sections, extra):
    base = simulate(make_scenario(**sections))
    sections["power"]["design_pue"] = min(sections["power"]["design_pue"] + extra, 3.0)
    higher = simulate(make_scenario(**sections))
    assert grows(higher.monthly["facility_power_mw"][0], base.monthly["facility_power_mw"][0])


def delayed(sections, months_late, ramp_extra):
    out = {**sections, "facilities": dict(sections["facilities"])}
    late = []
    for site in sections["facilities"]["sites"]:
        year, month_ = map(int, site["construction_start"].split("-"))
        n = year * 12 + month_ - 1 + months_late
        late.append(
            {
                **site,
                "construction_start": f"{n // 12}-{n % 12 + 1:02d}",
                "ramp_months": site["ramp_months"] + ramp_extra,
            }
        )
    out["facilities"]["sites"] = late
    return out


@SETTINGS
@given(
    sections=scenarios(mode="plan", facilities_mode="sites"),
    months_late=st.integers(0, 18),
    ramp_extra=st.integers(0, 12),
)
def test_later_energization_never_deploys_more_compute(make_scenario, sections, months_late, ramp_extra):
    """With purchases fixed (plan mode), sites that energize later never power more GPUs."""
    base = simulate(make_scenario(**sections))
    late = simulate(make_scenario(**delayed(sections, months_late, ramp_extra)))
    for name in ("h100e_installed", "gpus_powered", "peak_bf16_flops"):
        assert grows(base.monthly[name][0], late.monthly[name][0]), name


@SETTINGS
@given(sections=scenarios(mode="budget", facilities_mode="sites"), ramp_extra=st.integers(1, 24))
def test_slower_ramp_pays_for_sites_later_never_earlier(make_scenario, sections, ramp_extra):
    """Each MW is paid ahead of its own energization: a slower ramp moves spend later, never earlier
    (sites start on the timeline, so no spend moves from before it onto it)."""
    start = sections["timeline"]["start"]
    for site in sections["facilities"]["sites"]:
        site["construction_start"] = max(site["construction_start"], start)

    def committed(r):
        return np.cumsum(r.monthly["capex_facility_usd"][0] + r.monthly["capex_overrun_usd"][0])

    base = simulate(make_scenario(**sections))
    late = simulate(make_scenario(**delayed(sections, 0, ramp_extra)))
    assert grows(committed(base), committed(late))


def collapse(value):
    return {"low": value, "base": value, "high": value, "dist": "triangular"}


@SETTINGS
@given(sections=scenarios())
def test_monte_carlo_equals_deterministic_when_ranges_are_points(make_scenario, sections):
    changes = {
        "power.design_pue": collapse(sections["power"]["design_pue"]),
        "capex.ai_share": collapse(sections["capex"]["ai_share"]),
        "operations.discount_rate": collapse(sections["operations"]["discount_rate"]),
        "accelerators.0.it_capex_per_gpu_usd": collapse(45_000.0),
        "starting_point.energized_mw": collapse(sections["starting_point"]["energized_mw"]),
    }
    point = make_scenario(changes, **sections)
    assert isinstance(point.power.design_pue, Range)
    det = simulate(make_scenario(**sections))
    mc = simulate(point, samples=7, seed=11)
    for name, values in det.monthly.items():
        scale = np.abs(values[~np.isnan(values)]).max(initial=0.0)  # a change of a stock is rounded at its size
        assert_allclose(mc.monthly[name], np.repeat(values, 7, axis=0), rtol=1e-12, atol=1e-12 * scale, err_msg=name)


@SETTINGS
@given(sections=scenarios(), seed=st.integers(0, 2**31))
def test_percentiles_are_ordered(make_scenario, sections, seed):
    changes = {
        "power.design_pue": {"low": 1.05, "base": 1.3, "high": 1.9, "dist": "pert"},
        "capex.ai_share": {"low": 0.0, "base": 0.5, "high": 1.0, "dist": "uniform"},
        "power.deployment_lag_months": {"low": 0, "base": 3, "high": 12, "dist": "triangular"},
    }
    r = simulate(make_scenario(changes, **sections), samples=50, seed=seed)
    assert_finite(r)
    p = r.calendar.percentiles()
    for name in p["p50"]:
        low, mid, high = (np.nan_to_num(p[k][name], nan=0.0) for k in ("p10", "p50", "p90"))
        assert (low <= mid + 1e-9 * np.abs(mid)).all(), name
        assert (mid <= high + 1e-9 * np.abs(high)).all(), name


def test_same_seed_same_draws_and_different_seed_different_draws(make_scenario):
    s = make_scenario({"power.design_pue": {"low": 1.1, "base": 1.3, "high": 1.6}})
    a, b, c = simulate(s, 100, seed=1), simulate(s, 100, seed=1), simulate(s, 100, seed=2)
    assert_allclose(a.monthly["facility_power_mw"], b.monthly["facility_power_mw"])
    assert not np.allclose(a.monthly["facility_power_mw"], c.monthly["facility_power_mw"])


@SETTINGS
@given(sections=scenarios())
def test_ratios_are_defined_only_over_a_positive_denominator(make_scenario, sections):
    r = simulate(make_scenario(**sections))
    m = r.monthly
    for name, denominator in (
        ("capex_per_gpu_usd", m["gpus_purchased"]),
        ("gpus_per_mw", m["facility_power_mw"]),
        ("tco_per_gpu_hour_usd", m["_gpu_hours"]),
    ):
        defined = ~np.isnan(m[name])
        assert (denominator[defined] > 0).all(), name
        assert np.isfinite(m[name][defined]).all(), name
    for basis in ("calendar", "fiscal"):
        annual = r.annual(basis)
        added = r.added(annual.values, "facility_power_mw")
        per_mw = annual["capex_per_facility_mw_usd"]
        assert (added[~np.isnan(per_mw)] > 0).all()  # never over a fall in demand
