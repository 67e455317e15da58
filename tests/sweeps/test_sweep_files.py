"""Sweep files: validated like scenarios, with messages that name the field; the published schema."""

import json

import jsonschema
import numpy as np
import pytest

from explorer.cli import main
from explorer.sweeps import SweepFileError, json_schema, load_sweep
from explorer.sweeps.spec import sweep_from_document

from .conftest import FAST, sweep_doc


def problems(**changes) -> list[str]:
    with pytest.raises(SweepFileError) as caught:
        sweep_from_document(sweep_doc(**changes))
    return caught.value.problems


def test_the_schema_accepts_a_good_file_and_rejects_a_bad_one():
    schema = json_schema()
    jsonschema.validate(sweep_doc(), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(sweep_doc(samples=0), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({**sweep_doc(), "format": "gigawatt-explorer-scenario"}, schema)


def test_messages_name_the_field_and_the_rule():
    assert problems(samples=0) == ["samples: must be greater than or equal to 1"]
    assert problems(outputs=["gigawatts"])[0].startswith("outputs: unknown output 'gigawatts'; choose from: ")
    assert problems(design={"method": "sobol", "points": 12}) == [
        "design: points: must be a power of two for a Sobol design (64, 128, 256 …), not 12"
    ]
    assert problems(design={"method": "lhs"}) == ["design: points: is required for the lhs design"]
    assert problems(inputs=[{"path": "power.design_pue", "low": 2, "high": 1}]) == [
        "inputs.0: low must be below high (2 ≥ 1)"
    ]
    assert problems(design={"method": "grid"}) == [
        "inputs.0.levels: a grid design needs the levels of power.design_pue"
    ]
    assert problems(tries=3) == ["tries: is not a known field"]


def test_plan_errors_name_the_field(write_sweep):
    cases = {
        "inputs.0.path: no input at 'power.pew' (stopped at 'pew') in 'xai-colossus'": dict(
            inputs=[{"path": "power.pew", "low": 1, "high": 2}]
        ),
        "inputs.0.path: timeline.years cannot vary per run (only inputs that accept a low/base/high range can be "
        "swept)": dict(inputs=[{"path": "timeline.years", "low": 2, "high": 4}]),
        "inputs.0: 0.5 is outside the bounds of power.design_pue: 1 … 3 ×": dict(
            inputs=[{"path": "power.design_pue", "low": 0.5, "high": 2}]
        ),
        "years: 2040 is not simulated by 'xai-colossus' (it covers 2024–2027)": dict(years=[2026, 2040]),
    }
    for expected, changes in cases.items():
        with pytest.raises(SweepFileError) as caught:
            load_sweep(write_sweep(**changes))
        assert caught.value.problems == [expected]
    with pytest.raises(SweepFileError) as caught:
        load_sweep(write_sweep(scenarios=[FAST, "nowhere"]))
    assert caught.value.problems[0].startswith("scenarios.1: 'nowhere' is neither a scenario file")


def test_an_input_without_low_and_high_takes_the_scenarios_range(write_sweep):
    plan = load_sweep(write_sweep(scenarios=[FAST], inputs=[{"path": "power.design_pue"}]))
    pue = plan.subjects[0].scenario.power.design_pue
    assert pue.low < pue.high
    assert plan.points.min() >= pue.low and plan.points.max() <= pue.high


def test_scenario_files_are_found_beside_the_sweep(tmp_path, write_sweep):
    assert main(["new", "--from", FAST, "-o", str(tmp_path / "mine.gwx")]) == 0
    plan = load_sweep(write_sweep(scenarios=["mine.gwx"]))
    assert (
        plan.subjects[0].scenario.name
        == load_sweep(write_sweep("other.json", scenarios=[FAST])).subjects[0].scenario.name
    )


def test_designs(write_sweep):
    grid = load_sweep(
        write_sweep(
            design={"method": "grid"},
            inputs=[
                {"path": "power.design_pue", "levels": [1.2, 1.3]},
                {"path": "capex.ai_share", "levels": [0.5, 0.7, 0.9]},
            ],
        )
    )
    assert grid.points.tolist() == [[1.2, 0.5], [1.2, 0.7], [1.2, 0.9], [1.3, 0.5], [1.3, 0.7], [1.3, 0.9]]
    lhs = load_sweep(write_sweep(design={"method": "lhs", "points": 10}))
    cells = np.floor((lhs.points[:, 0] - 1.1) / 0.4 * 10)
    assert sorted(cells) == list(range(10))  # Latin hypercube: one point in each tenth of the range
    sobol = load_sweep(write_sweep(design={"method": "sobol", "points": 16}))
    assert len(sobol.points) == 16 and sobol.points.min() >= 1.1 and sobol.points.max() <= 1.5


def test_schema_command_prints_the_schema(capsys):
    assert main(["sweep", "--schema"]) == 0
    assert json.loads(capsys.readouterr().out)["properties"]["format"]["const"] == "gigawatt-explorer-sweep"


def test_a_bad_file_exits_2_with_the_problems(write_sweep, capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["sweep", str(write_sweep(samples=0)), "-o", "x.parquet"])
    assert leaving.value.code == 2
    err = capsys.readouterr().err
    assert "has invalid values" in err and "samples: must be greater than or equal to 1" in err


def test_a_sweep_that_cannot_be_run_names_its_file(write_sweep, capsys):
    bad_reference = write_sweep("refs.json", scenarios=[FAST, "nowhere"])
    with pytest.raises(SweepFileError) as caught:
        load_sweep(bad_reference)
    assert str(caught.value).splitlines()[0] == f"{bad_reference}: cannot be run"
    unknown_input = write_sweep("paths.json", inputs=[{"path": "power.pew", "low": 1, "high": 2}])
    with pytest.raises(SystemExit) as leaving:
        main(["sweep", str(unknown_input), "--dry-run"])
    assert leaving.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"gigawatt-explorer: {unknown_input}: cannot be run",
        "  inputs.0.path: no input at 'power.pew' (stopped at 'pew') in 'xai-colossus'",
    ]
