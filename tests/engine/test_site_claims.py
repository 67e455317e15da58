"""Claims about one campus: its energized capacity and its land, read from that site alone."""

import pytest
from pydantic import ValidationError

from explorer import load, simulate
from explorer.engine import check_claims
from explorer.engine.land import MANHATTAN_ACRES
from explorer.model import Claim, describe, set_path


def _claim(**fields) -> dict:
    return {
        "id": "c",
        "metric": "facility_capacity_mw",
        "period": "2030",
        "measure": "end",
        "stated": 2000,
        "site": "Hyperion",
        **fields,
    }


def _check(scenario, claim: dict, samples: int = 1):
    scenario = set_path(scenario, "claims", [*[c.model_dump() for c in scenario.claims], claim])
    results = simulate(scenario, samples=samples, seed=3)
    return check_claims(scenario.claims, results, scenario.claim_tolerance)[-1]


@pytest.fixture(scope="module")
def meta():
    return load("meta-2025-guidance")


def test_site_capacity_follows_its_ramp(meta):
    hyperion = next(s for s in meta.facilities.sites if s.name == "Hyperion")
    assert hyperion.construction_start == "2024-12" and hyperion.construction_months == 24  # first power 2026-12
    ramp = hyperion.ramp_months.base  # linear from first power: (months since first power + 1) / ramp
    assert _check(meta, _claim(period="2026")).model == pytest.approx(2000 * 1 / ramp)
    assert _check(meta, _claim(period="2027")).model == pytest.approx(2000 * 13 / ramp)
    assert _check(meta, _claim(period="2027", measure="added")).model == pytest.approx(2000 * 12 / ramp)
    assert _check(meta, _claim(period="2030")).model == pytest.approx(2000.0)


def test_site_land_counts_from_construction_start(meta):
    before = _check(meta, _claim(metric="land_acres", period="2024"))  # construction starts in December
    assert before.model == pytest.approx(2000 / 0.9)
    area = _check(meta, _claim(metric="manhattans", period="2025", stated=0.15))
    assert area.model == pytest.approx(2000 / 0.9 / MANHATTAN_ACRES)
    assert area.verdict == "consistent"
    assert _check(meta, _claim(metric="manhattans", period="2025", stated=1.0)).verdict == "inconsistent"


def test_sampled_site_claim_gives_a_range(meta):
    check = _check(meta, _claim(period="2028"), samples=200)
    assert check.model_low < check.model < check.model_high  # the ramp is a range


def test_presets_article_campus_claims(meta):
    results = simulate(meta)
    checks = {c.claim.id: c for c in check_claims(meta.claims, results, meta.claim_tolerance)}
    assert checks["meta-campus"].model == pytest.approx(2000.0)
    assert 0.1 < checks["meta-campus-area"].model < 0.2  # 2 GW at 0.9 MW/acre ≈ 15% of Manhattan


def test_a_claim_on_a_site_the_scenario_lacks_is_reported_not_refused(meta):
    assert _check(meta, _claim(site="Atlantis")).verdict == "no such site"
    renamed = set_path(meta, "facilities.sites.Hyperion.name", "Hyperion campus")  # editing sites stays possible
    results = simulate(renamed)
    checks = {c.claim.id: c for c in check_claims(renamed.claims, results, renamed.claim_tolerance)}
    assert checks["meta-campus"].verdict == "no such site" and checks["meta-gpus-2025"].model is not None


@pytest.mark.parametrize(
    "bad, where",
    [
        (_claim(metric="gpus_installed"), "claims.9.metric"),
        (_claim(measure="total"), "claims.9.metric"),
    ],
)
def test_site_claims_are_validated(meta, bad, where):
    claims = [c.model_dump() for c in meta.claims][:9]
    with pytest.raises(ValidationError) as err:
        set_path(meta, "claims", [*claims, bad])
    assert any(line.startswith(where + ":") for line in describe(err.value)), describe(err.value)


def test_claim_without_site_is_unchanged():
    assert Claim(id="x", metric="capex_total_usd", period="2025", stated=1.0).site == ""


def test_joined_runs_keep_every_sample_and_their_sites(meta):
    from explorer.engine import Results
    from explorer.engine.claims import claim_values

    parts = [simulate(meta, samples=20, seed=1), simulate(meta, samples=30, seed=2)]
    joined = Results.join(parts, seed=1)
    claim = next(c for c in meta.claims if c.id == "meta-campus")
    assert joined.samples == 50 and joined.monthly["gpus_installed"].shape[0] == 50
    values = claim_values(claim.model_copy(update={"period": "2028"}), joined)
    expected = [claim_values(claim.model_copy(update={"period": "2028"}), p) for p in parts]
    assert values.tolist() == [*expected[0].tolist(), *expected[1].tolist()]
