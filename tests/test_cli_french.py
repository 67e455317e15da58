"""The command line in French: argparse's own words, every command's help, its errors and the exit codes."""

from __future__ import annotations

import re

import pytest

from explorer.cli import main
from explorer.i18n import set_language, translate_argparse

# English that would give a French help or error away (option names, metavars and choices removed first)
ENGLISH = re.compile(
    r"\b(the|and|of|with|show|this|message|exit|usage|error|required|invalid|choice|expected|default|"
    r"write|output|year|run|from|to|for|is|an|which|when|following|positional|success|"
    r"could|window|command)\b",
    re.I,
)
COMMANDS = ("presets", "compute", "validate", "schema", "new", "sensitivity", "solve", "compare", "sweep")


@pytest.fixture(autouse=True)
def back_to_english():
    yield
    set_language("en")
    translate_argparse()


def words(text: str) -> str:
    """``text`` without what stays as typed whatever the language: options, metavars, choices, names."""
    text = re.sub(r"--?[\w-]+|\{[^}]*\}|\b[A-Z][A-Z0-9_.]+\b|«[^»]*»|'[^']*'|\S+\.(gwx|parquet|png|xlsx)", " ", text)
    return re.sub(
        r"\b(gigawatt-explorer|meta-2025-guidance|big-tech-2025|Monte-Carlo|Sobol|Dask|JSON|CSV)\b", " ", text
    )


def english_in(text: str) -> list[str]:
    return sorted({m.group(0) for m in ENGLISH.finditer(words(text))})


def run(capsys, *argv: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exit_:
        main(["--lang", "fr", *argv])
    out = capsys.readouterr()
    return int(exit_.value.code or 0), out.out + out.err


@pytest.mark.parametrize("command", [None, *COMMANDS, "--screenshot"])
def test_every_help_is_entirely_french(capsys, command):
    code, text = run(capsys, *([command] if command else []), "--help")
    assert code == 0
    assert english_in(text) == [], text
    assert text.startswith("utilisation\u202f: gigawatt-explorer")
    assert "afficher cette aide et quitter" in text
    if command in (None, "compute", "validate", "new", "sensitivity", "solve", "compare", "sweep"):
        assert "codes de sortie\u202f:" in text and "  2  ligne de commande incorrecte" in text


def test_the_english_help_is_english_and_caught_by_the_same_check(capsys):
    with pytest.raises(SystemExit):
        main(["--lang", "en", "compute", "--help"])
    text = capsys.readouterr().out
    assert {"usage", "show", "exit", "the"} <= set(english_in(text))


@pytest.mark.parametrize(
    "argv, says",
    [
        (["solve"], "les arguments suivants sont obligatoires\u202f: SCENARIO, --input"),
        (["compute", "x", "--format", "bad"], "argument --format\u202f: choix non valide\u202f: 'bad'"),
        (["bogus"], "choix non valide"),
        (["compute", "x", "--tolerance"], "un argument attendu"),
        (["presets", "surplus"], "arguments non reconnus\u202f: surplus"),
        (["compute", "x", "--samples", "zero"], "«\u202fzero\u202f» n’est pas un nombre entier"),
        (["--screenshot"], "les arguments suivants sont obligatoires\u202f: PATH"),
    ],
)
def test_a_bad_command_line_is_refused_in_french(capsys, argv, says):
    code, text = run(capsys, *argv)
    assert code == 2
    assert says in text, text
    assert english_in(text) == [], text
    assert re.search(r"^gigawatt-explorer[\w -]*\u202f: erreur\u202f: ", text, re.M), text
    assert re.match(r"utilisation\u202f: gigawatt-explorer", text), text  # the usage is never cut short


def test_tables_read_in_french_and_json_stays_the_same(capsys):
    assert main(["--lang", "fr", "presets"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("Préréglage") and "Meta 2025, prévisions (janvier 2025)" in table
    outputs = []
    for lang in ("fr", "en"):
        assert main(["--lang", lang, "presets", "--format", "json"]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and "Meta 2025 guidance (January 2025)" in outputs[0]


def test_a_portfolio_reads_in_french_and_its_json_and_csv_stay_english(capsys):
    assert main(["--lang", "fr", "compute", "big-tech-2025"]) == 0
    table = capsys.readouterr().out
    assert "Ventilation par membre" in table and "Microsoft exercice 2025" in table
    # overlaps read in French on their own lines of the breakdown
    assert "− Capacité de CoreWeave louée par Microsoft" in table
    assert "− Abilene (le site d’Oracle est celui de Stargate)" in table
    assert "rented by Microsoft" not in table and "Oracle's" not in table
    for fmt in ("json", "csv"):
        outputs = []
        for lang in ("fr", "en"):
            assert main(["--lang", lang, "compute", "big-tech-2025", "--format", fmt]) == 0
            outputs.append(capsys.readouterr().out)
        assert outputs[0] == outputs[1], fmt
        assert "CoreWeave capacity rented by Microsoft" in outputs[0], fmt  # the file's text, as scenario names
