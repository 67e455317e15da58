"""The command line refuses every bad value in words with exit 2 (exit 1 when a result cannot be
written), never an "unexpected error", and never lets a name in a file drive the terminal."""

from __future__ import annotations

import json
import os

import pytest
from test_cli import PRESET, no_traceback, run_cli

from explorer import cli
from explorer.cli.common import terminal_text
from explorer.io.presets import load_preset
from explorer.io.scenario_files import save_scenario, scenario_json


def solve_pue(year: str = "2026", target: str = "2000", *more: str) -> list[str]:
    """The arguments of a `solve` for the design PUE at which facility power reaches ``target``."""
    return [
        "solve",
        PRESET,
        "--metric",
        "facility_power_mw",
        "--year",
        year,
        "--input",
        "power.design_pue",
        "--target",
        target,
        *more,
    ]


def refused(proc, code: int, *words: str) -> None:
    no_traceback(proc)
    assert proc.returncode == code, proc.stderr
    assert "unexpected error" not in proc.stderr
    for word in words:
        assert word in proc.stderr, proc.stderr


@pytest.mark.parametrize(
    "args, words",
    [
        (["compute", PRESET, "--seed", "-1"], ["--seed", "must be a whole number from 0"]),
        (["compute", PRESET, "--seed", "x"], ["--seed", "'x' is not a whole number"]),
        (["compute", PRESET, "--samples", "0"], ["--samples", "must be at least 1"]),
        (["compute", PRESET, "--samples", "1.5"], ["--samples", "'1.5' is not a whole number"]),
        (["compute", PRESET, "--samples", "nan"], ["--samples", "'nan' is not a whole number"]),
        (["compute", PRESET, "--tolerance", "nan"], ["--tolerance", "must be between 0 and 1"]),
        (["compute", PRESET, "--tolerance", "2"], ["--tolerance", "must be between 0 and 1"]),
        (["compute", PRESET, "--basis", "lunar"], ["--basis", "invalid choice"]),
        (["compute", PRESET, "--format", "pdf"], ["--format", "invalid choice"]),
        (["compute", PRESET, "--format", "xlsx"], ["needs -o FILE.xlsx"]),
        (
            solve_pue("2026", "inf"),
            ["--target", "must be a finite number"],
        ),
        (
            solve_pue("20x6", "1"),
            ["--year", "invalid int value"],
        ),
        (["compute", "no-such-preset"], ["'no-such-preset' is neither a scenario file nor a preset id"]),
        (["compute"], ["the following arguments are required"]),
        (["frobnicate"], ["invalid choice"]),
    ],
)
def test_bad_command_line_values_exit_2_with_a_message(args, words, capsys):
    try:
        code = cli.main(args)
    except SystemExit as exit_:
        code = exit_.code
    err = capsys.readouterr().err
    assert code == 2, err
    assert "unexpected error" not in err and "Traceback" not in err
    for word in words:
        assert word in err, err


def test_a_run_too_large_for_memory_is_refused_with_the_estimate():
    proc = run_cli("compute", PRESET, "--samples", "1e9")
    refused(proc, 2, "--samples 1000000000: 1,000,000,000 samples would need about", "of memory", "enough for")


def test_a_portfolio_run_too_large_for_memory_is_refused_with_the_estimate():
    proc = run_cli("compute", "big-tech-2025", "--samples", "1e8")
    refused(proc, 2, "--samples 100000000: 100,000,000 samples would need about", "of memory", "enough for")


def test_screenshot_of_an_unknown_preset_is_refused_in_words(tmp_path):
    proc = run_cli("--screenshot", str(tmp_path / "x.png"), "unknown-preset")
    refused(proc, 2, "'unknown-preset' is neither a scenario file nor a preset id")
    assert not (tmp_path / "x.png").exists()


def test_output_into_a_missing_folder_is_refused_and_no_folder_is_made(tmp_path):
    proc = run_cli("compute", PRESET, "-o", "nodir/sub/out.json", cwd=tmp_path)
    refused(proc, 1, "cannot write nodir/sub/out.json: folder does not exist: nodir/sub")
    assert list(tmp_path.iterdir()) == []


def test_solve_save_into_a_missing_folder_is_refused_before_solving(tmp_path):
    proc = run_cli(*solve_pue("2026", "2000", "--save", "nodir/solved.gwx"), cwd=tmp_path)
    refused(proc, 1, "folder does not exist")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(os.name == "nt", reason="device nodes and symlinks as on POSIX")
def test_output_onto_a_device_is_refused_and_the_device_survives():
    proc = run_cli("compute", PRESET, "--format", "json", "-o", "/dev/null")
    refused(proc, 1, "cannot write /dev/null: it is not a regular file")
    assert os.path.exists("/dev/null") and not os.path.isfile("/dev/null")


@pytest.mark.skipif(os.name == "nt", reason="symlinks as on POSIX")
def test_output_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.json"
    target.write_text("{}", encoding="utf-8")
    os.chmod(target, 0o644)
    link = tmp_path / "link.json"
    link.symlink_to(target)
    proc = run_cli("compute", PRESET, "-o", str(link))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink()
    assert json.loads(target.read_text(encoding="utf-8"))["scenario"]
    assert oct(target.stat().st_mode & 0o777) == oct(0o644)


def test_control_characters_in_names_are_shown_escaped(tmp_path):
    scenario = load_preset(PRESET).model_copy(update={"name": "Evil\x1b]0;pwned\x07\x1b[2J name\x9b"})
    path = tmp_path / "evil.gwx"
    save_scenario(scenario, path)
    for args in (("compute", str(path)), ("validate", str(path))):
        proc = run_cli(*args)
        assert proc.returncode == 0, proc.stderr
        out = proc.stdout + proc.stderr
        assert not any(c in out for c in "\x1b\x07\x9b")
        assert "Evil\\u001b]0;pwned\\u0007\\u001b[2J name\\u009b" in out


def test_control_characters_in_refusals_are_shown_escaped(tmp_path):
    path = tmp_path / "bad.gwx"
    doc = json.loads(scenario_json(load_preset(PRESET)))
    doc["power"]["design_pue"] = "\x1b[31mred"
    path.write_text(json.dumps(doc), encoding="utf-8")
    proc = run_cli("validate", str(path))
    assert proc.returncode == 2 and "\x1b" not in proc.stdout
    assert 'power.design_pue: must be a number, not text (got "\\u001b[31mred")' in proc.stdout


def test_json_nested_too_deeply_exits_2(tmp_path):
    path = tmp_path / "deep.gwx"
    path.write_text("[" * 200_000, encoding="utf-8")
    for args in (("validate", str(path)), ("compute", str(path))):
        proc = run_cli(*args)
        assert proc.returncode == 2
        assert "nested too deeply" in proc.stdout + proc.stderr
        assert "RecursionError" not in proc.stdout + proc.stderr


def test_terminal_text_escapes_only_control_characters():
    assert terminal_text("a\tb\nc\x1bd\x7fé–") == "a\tb\nc\\u001bd\\u007fé–"
