"""Sweeps and Sobol indices over a portfolio: shared inputs reach every member that has them, a member's
own input only that member; rows are the same wherever and however chunked they ran."""

import json
import subprocess
import sys

import numpy as np
import pytest

from explorer.analysis.metrics import metric_values
from explorer.portfolio import open_portfolio, run_portfolio
from explorer.portfolio.inputs import portfolio_input, portfolio_ranged_inputs, portfolio_sobol
from explorer.sweeps import SweepFileError, load_sweep, run_sweep
from explorer.sweeps.spec import FORMAT

from .conftest import FAST, sweep_doc

PRICE = "accelerators.gb200.it_capex_per_gpu_usd"  # in both members' catalogs, as a range


@pytest.fixture
def pair(tmp_path):
    """A two-member portfolio of quick presets, with a ranged overlap share (held at base in a sweep row)."""
    path = tmp_path / "pair.gwx"
    share = {"low": 0.0, "base": 0.1, "high": 0.2, "dist": "uniform"}
    doc = {
        "format": "gigawatt-explorer-scenario",
        "kind": "portfolio",
        "schema_version": 1,
        "name": "Pair",
        "members": [{"id": "xai", "preset": FAST}, {"id": "stargate", "preset": "stargate"}],
        "overlaps": [{"id": "part", "member": "xai", "counted_in": "stargate", "share": share}],
    }
    path.write_text(json.dumps(doc))
    return path


def portfolio_sweep(folder, name="sweep.json", **changes):
    doc = sweep_doc(
        scenarios=[],
        portfolios=["pair.gwx"],
        design={"method": "lhs", "points": 8},
        inputs=[{"path": PRICE}, {"member": "stargate", "path": "power.design_pue", "low": 1.1, "high": 1.4}],
        samples=1,
        chunk_rows=3,
    )
    doc.update(changes)
    path = folder / name
    path.write_text(json.dumps(doc))
    return path


def test_a_row_is_the_portfolio_total_with_the_inputs_set_where_they_belong(pair):
    sweep = portfolio_sweep(pair.parent, samples=1)
    frame = run_sweep(sweep, progress=False)
    assert list(frame.columns[:5]) == ["scenario", "point", "sample", PRICE, "stargate:power.design_pue"]
    assert frame.scenario.unique().tolist() == ["pair.gwx"] and len(frame) == 8
    resolved = open_portfolio(pair)
    row = frame.iloc[3]
    expected = {m: {PRICE: np.array([row[PRICE]])} for m in ("xai", "stargate")}
    expected["stargate"]["power.design_pue"] = np.array([row["stargate:power.design_pue"]])
    total = run_portfolio(resolved, overrides=expected).total
    assert row["facility_power_mw_2027"] == pytest.approx(metric_values(total, "facility_power_mw", 2027)[0])
    assert frame["facility_power_mw_2027"].nunique() == 8


def test_a_point_at_base_values_is_the_deterministic_portfolio(pair):
    resolved = open_portfolio(pair)
    base = portfolio_input(resolved, PRICE).value.base
    sweep = portfolio_sweep(
        pair.parent,
        design={"method": "grid"},
        inputs=[{"path": PRICE, "levels": [base]}],
    )
    frame = run_sweep(sweep, progress=False)
    expected = metric_values(run_portfolio(resolved).total, "gpus_installed", 2027)[0]
    assert frame["gpus_installed_2027"].iloc[0] == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize("samples", [1, 4])
def test_rows_do_not_depend_on_chunking(pair, samples):
    small = run_sweep(portfolio_sweep(pair.parent, samples=samples, chunk_rows=samples), progress=False)
    large = run_sweep(portfolio_sweep(pair.parent, "b.json", samples=samples, chunk_rows=1000), progress=False)
    assert small.equals(large)
    if samples > 1:  # every other input drawn per sample, the point's inputs pinned
        assert small.groupby("point")["facility_power_mw_2027"].nunique().gt(1).all()
        assert small.groupby("point")[PRICE].nunique().eq(1).all()


def test_two_local_workers_write_the_same_bytes(pair, tmp_path):
    sweep = portfolio_sweep(pair.parent, samples=2, chunk_rows=4)
    here = run_sweep(sweep, tmp_path / "here.parquet", progress=False).read_bytes()
    out = tmp_path / "two.parquet"
    done = subprocess.run(
        [sys.executable, "-m", "explorer", "sweep", str(sweep), "-o", str(out), "--workers", "2"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert "on 2 processes" in done.stderr
    assert out.read_bytes() == here


def test_portfolio_inputs_are_checked_and_named_in_words(pair):
    with pytest.raises(SweepFileError) as found:
        load_sweep(portfolio_sweep(pair.parent, inputs=[{"path": "power.design_pue", "low": 1.1, "high": 1.3}]))
    assert "inputs.0.path" in str(found.value) and "name the member" in str(found.value)
    with pytest.raises(SweepFileError) as found:
        load_sweep(portfolio_sweep(pair.parent, inputs=[{"member": "meta", "path": "power.design_pue"}]))
    assert "'meta' is not a member switched on in 'Pair'" in str(found.value)
    with pytest.raises(SweepFileError) as found:
        load_sweep(portfolio_sweep(pair.parent, basis="fiscal"))
    assert "basis" in str(found.value) and "calendar year" in str(found.value)
    with pytest.raises(SweepFileError) as found:
        load_sweep(portfolio_sweep(pair.parent, scenarios=[FAST]))  # a member's input beside a scenario
    assert "a member's input is for portfolios" in str(found.value)
    with pytest.raises(SweepFileError) as found:
        load_sweep(portfolio_sweep(pair.parent, portfolios=["no-such-portfolio"]))
    assert "portfolios.0" in str(found.value) and "big-tech-2025" in str(found.value)


def test_a_schema_1_sweep_still_reads(write_sweep):
    path = write_sweep(schema_version=1)
    assert json.loads(path.read_text())["format"] == FORMAT
    assert load_sweep(path).sweep.scenarios == (FAST, "stargate")


def test_the_bundled_portfolio_takes_a_shared_price(tmp_path):
    sweep = tmp_path / "big.json"
    sweep.write_text(
        json.dumps(
            sweep_doc(
                scenarios=[],
                portfolios=["big-tech-2025"],
                design={"method": "grid"},
                inputs=[{"path": "accelerators.gb200.it_capex_per_gpu_usd", "levels": [46000.0, 54000.0]}],
                samples=1,
                outputs=["gpus_installed"],
                years=[2027],
            )
        )
    )
    frame = run_sweep(sweep, progress=False)
    assert frame["scenario"].tolist() == ["big-tech-2025"] * 2
    cheap, dear = frame["gpus_installed_2027"]
    assert cheap > dear  # the same money buys fewer GB200s at the higher price, in every member that buys them


def test_sobol_indices_of_a_portfolio_are_shares_and_totals_cover_firsts(pair):
    resolved = open_portfolio(pair)
    result = portfolio_sobol(resolved, "facility_power_mw", 2027, samples=64)
    names = [i.name for i in portfolio_ranged_inputs(resolved)]
    assert result.runs == 64 * (len(names) + 2)
    assert {i.input for i in result.indices} == set(names)
    assert any(n.startswith("stargate:") for n in names) and PRICE in names  # own inputs and shared ones
    for i in result.indices:  # within [0, 1] and total ≥ first, up to twice their 95 % half-widths
        assert -2 * i.first_conf - 0.01 <= i.first <= 1 + 2 * i.first_conf, i
        assert -2 * i.total_conf - 0.01 <= i.total <= 1 + 2 * i.total_conf, i
        assert i.total >= i.first - 2 * (i.first_conf + i.total_conf) - 0.01, i
    assert result.indices[0].total > 0.1


def test_the_sobol_command_takes_a_portfolio_file(pair):
    command = [sys.executable, "-m", "explorer", "sensitivity", str(pair), "--metric", "facility_power_mw"]
    done = subprocess.run(
        [*command, "--year", "2027", "--method", "sobol", "--samples", "16"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "Pair — Sobol indices of Facility power demand" in done.stdout
    assert "stargate: Design (peak) PUE" in done.stdout
    done = subprocess.run([*command, "--year", "2027", "--method", "variance"], capture_output=True, text=True)
    assert done.returncode == 2 and "--method sobol" in done.stderr
