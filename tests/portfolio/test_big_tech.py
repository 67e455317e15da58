"""The bundled portfolio: eight announced build-outs, their overlaps, limits and industry claims."""

import json

import jsonschema
import numpy as np
import pytest

from explorer.io.presets import load_preset
from explorer.portfolio import (bundled_portfolio_ids, json_schema, load_portfolio, open_portfolio,
                                portfolio_document, run_portfolio, save_portfolio)
from explorer.resources import resource

MEMBERS = {"meta", "microsoft", "alphabet", "amazon", "oracle", "stargate", "xai", "coreweave"}


@pytest.fixture(scope="module")
def big_tech():
    return open_portfolio("big-tech-2025")


@pytest.fixture(scope="module")
def deterministic(big_tech):
    return run_portfolio(big_tech)


def test_big_tech_ships_with_eight_members_and_declared_overlaps(big_tech):
    assert "big-tech-2025" in bundled_portfolio_ids()
    portfolio = big_tech.portfolio
    assert {m.id for m in portfolio.members} == MEMBERS
    overlaps = {(o.member, o.counted_in, o.site or "share") for o in portfolio.overlaps}
    assert ("oracle", "stargate", "Abilene") in overlaps
    assert ("coreweave", "microsoft", "share") in overlaps
    for key in ("overlaps", "limits"):
        for item in getattr(portfolio, key):
            note = portfolio.input_sources[f"{key}.{item.id}"]
            assert len(note.text) > 20 and note.confidence in ("stated", "reported", "estimate", "assumption")
    assert all(limit.source for limit in portfolio.limits)


def test_the_bundled_file_validates_against_the_published_schema():
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    doc = json.loads(resource("portfolios", "big-tech-2025.gwx").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    assert schema["properties"]["kind"] == {"const": "portfolio", "title": "Kind"}


def test_abilene_is_counted_once(big_tech, deterministic):
    line = next(line for line in deterministic.overlaps if line.id == "oracle-abilene")
    annual = line.results.calendar
    assert annual["facility_capacity_mw"][0, annual.column(2026)] == pytest.approx(1200)
    total = deterministic.total.calendar["facility_capacity_mw"][0]
    members = sum(m.results.calendar["facility_capacity_mw"][0] for m in deterministic.members)
    overlaps = sum(o.results.calendar["facility_capacity_mw"][0] for o in deterministic.overlaps)
    np.testing.assert_allclose(total, members - overlaps)


def test_member_lines_are_the_presets_own_figures(big_tech, deterministic):
    from explorer import simulate

    meta = next(m for m in deterministic.members if m.id == "meta")
    own = simulate(load_preset("meta-2025-actual")).calendar
    np.testing.assert_allclose(meta.results.calendar["capex_total_usd"][0], own["capex_total_usd"][0])


def test_industry_claims_and_limits_are_reported(deterministic):
    checks = {c.check.claim.id: c for c in deterministic.claims}
    capex = checks["hyperscalers-capex-2025"]
    assert capex.check.verdict == "consistent"
    assert 380e9 < capex.check.model < 440e9
    assert 0 < checks["iea-global-2030"].share < 1
    assert checks["lbnl-us-2028"].share is not None
    limits = {use.limit.id: use for use in deterministic.limits}
    assert list(limits["us-energizable"].years) == list(range(2024, 2031))
    warned = [w for w in deterministic.warnings if w.code == "limit_exceeded"]
    assert any("Data-center capacity the US can energize" in w.message for w in warned)


def test_sampled_run_keeps_totals_equal_to_the_breakdown(big_tech):
    out = run_portfolio(big_tech, samples=64, seed=2)
    total = out.total.calendar["energy_twh"]
    parts = sum(line.sign * line.results.calendar["energy_twh"] for line in out.lines)
    np.testing.assert_allclose(total, parts)
    assert np.std(total[:, -1]) > 0


def test_a_saved_portfolio_loads_back_equal(tmp_path, big_tech):
    path = save_portfolio(big_tech.portfolio, tmp_path / "copy.gwx")
    assert load_portfolio(path) == big_tech.portfolio
    assert portfolio_document(big_tech.portfolio)["kind"] == "portfolio"
