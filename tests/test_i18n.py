"""French for every layer: the catalogue covers every string, numbers follow the language, files do not."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from explorer import simulate
from explorer.formatting import (
    format_number,
    format_percent,
    format_series_value,
    parse_number,
    series_heading,
    verdict_text,
)
from explorer.i18n import (
    ARGPARSE_DOMAIN,
    DOMAIN,
    LANGUAGES,
    _,
    in_language,
    language,
    pop_language_option,
    set_language,
    system_language,
)
from explorer.io.exports import annual_csv, compute_json
from explorer.io.presets import load_preset
from explorer.io.scenario_files import load_scenario, save_scenario

ROOT = Path(__file__).resolve().parent.parent
NNBSP = "\u202f"


def _tools():
    spec = importlib.util.spec_from_file_location("translations", ROOT / "packaging" / "translations.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def french():
    with in_language("fr"):
        yield


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_every_translatable_string_has_a_translation(code):
    tools = _tools()
    template = tools.extract()
    assert len(template) > 500  # code, model metadata and series: all of them are extracted
    assert tools.missing(code, template) == []
    assert tools.hidden_in_fstrings() == []  # a _("…") inside an f-string would never reach the catalogue


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
def test_argparse_own_words_have_a_translation(code):
    tools = _tools()
    template = tools.extract(ARGPARSE_DOMAIN)
    assert "usage: " in template and "invalid choice: %(value)r (choose from %(choices)s)" in template
    assert tools.missing(code, template, ARGPARSE_DOMAIN) == []


@pytest.mark.parametrize("code", [c for c in LANGUAGES if c != "en"])
@pytest.mark.parametrize("domain", [DOMAIN, ARGPARSE_DOMAIN])
def test_the_shipped_compiled_catalogue_is_the_current_one(code, domain):
    tools = _tools()
    assert tools.mo_path(code, domain).read_bytes() == tools.compiled(code, domain), (
        "run: uv run python packaging/translations.py"
    )


@pytest.mark.parametrize("domain", [DOMAIN, ARGPARSE_DOMAIN])
def test_french_typography_throughout_the_catalogue(domain):
    tools = _tools()
    assert tools.mistyped("fr", domain) == []
    typeset = lambda text: tools.typeset("fr", text)
    assert (
        typeset("choisissez parmi : {0} ; ou « x »") == f"choisissez parmi{NNBSP}: {{0}}{NNBSP}; ou «{NNBSP}x{NNBSP}»"
    )
    assert typeset("vraiment ?") == f"vraiment{NNBSP}?" and typeset("±10%") == f"±10{NNBSP}%"
    assert typeset("±10 %%") == f"±10{NNBSP}%%"  # argparse help text escapes its percent signs
    for untouched in ("%(prog)s : erreur", "https://example.org", "{value:g}", "10:30", "P10–P90"):
        assert typeset(untouched) == untouched.replace(" :", f"{NNBSP}:")


def test_translations_keep_their_placeholders():
    from babel.messages.pofile import read_po

    tools = _tools()
    with tools.po_path("fr").open("rb") as f:
        catalog = read_po(f)
    import re

    fields = lambda s: sorted(re.findall(r"\{(\w*)\}", s))
    for message in catalog:
        if message.id and message.string:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for text in strings:  # every plural form keeps the placeholders
                assert fields(ids[-1]) == fields(text), message.id


def test_french_numbers_units_and_percent(french):
    assert format_series_value("capex_total_usd", 62.5e9) == "62,5\u00a0Md$"
    assert format_series_value("gpus_installed", 1.23e6) == "1,23\u00a0M de GPU"
    assert format_series_value("facility_power_mw", 1770) == "1,77\u00a0GW"
    assert format_series_value("energy_twh", 8.84) == "8,84\u00a0TWh"
    assert format_number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert format_percent(3.24, signed=True) == f"+3,2{NNBSP}%"
    assert series_heading("capex_total_usd") == "Capex total (Md$; flux)"


def test_english_stays_as_it_was():
    assert language() == "en"
    assert format_series_value("capex_total_usd", 62.5e9) == "$62.5B"
    assert format_series_value("gpus_installed", 1.23e6) == "1.23 M GPUs"
    assert format_number(1234567) == "1,234,567"


def test_typed_numbers_follow_the_language(french):
    assert parse_number("62,5") == 62.5
    assert parse_number("62.5") == 62.5
    assert parse_number(f"1{NNBSP}234,5") == 1234.5
    with in_language("en"):
        assert parse_number("1,234.5") == 1234.5
    with pytest.raises(ValueError):
        parse_number("soixante")


def test_claims_are_judged_in_french_and_exported_in_english():
    scenario = load_preset("meta-2025-guidance")
    results = simulate(scenario)
    english_json = compute_json(scenario, results)
    english_csv = annual_csv(results)
    with in_language("fr"):
        from explorer.io.exports import claim_checks

        checks = claim_checks(scenario, results)
        assert any(verdict_text(c) == "✓ cohérent" for c in checks)
        assert any(" est " in c.reason for c in checks)
        assert compute_json(scenario, results) == english_json  # files do not depend on the reader's language
        assert annual_csv(results) == english_csv
    assert json.dumps(english_json).count("consistent") > 0


def test_a_file_saved_in_french_loads_identically_in_english(tmp_path):
    scenario = load_preset("meta-2025-guidance")
    with in_language("fr"):
        save_scenario(scenario, tmp_path / "fr.gwx")
    save_scenario(scenario, tmp_path / "en.gwx")
    assert (tmp_path / "fr.gwx").read_bytes() == (tmp_path / "en.gwx").read_bytes()
    assert load_scenario(tmp_path / "fr.gwx") == scenario


def test_language_option_and_system_language(monkeypatch):
    assert pop_language_option(["compute", "--lang", "fr", "x"]) == (["compute", "x"], "fr")
    assert pop_language_option(["--lang=en", "--screenshot", "a.png"]) == (["--screenshot", "a.png"], "en")
    with pytest.raises(ValueError):
        pop_language_option(["--lang"])
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "fr_CA.UTF-8")
    assert system_language() == "fr"
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    assert system_language() == "en"  # no German catalogue yet: English
    with pytest.raises(ValueError):
        set_language("xx")


def test_unknown_strings_pass_through(french):
    assert _("not a catalogue string") == "not a catalogue string"
    assert _("") == ""


def test_the_french_help_has_the_same_content_as_the_english():
    help_dir = ROOT / "resources" / "help"
    english = (help_dir / "how-the-model-works.md").read_text(encoding="utf-8").splitlines()
    french = (help_dir / "comment-fonctionne-le-modele.md").read_text(encoding="utf-8").splitlines()

    def outline(lines):  # headings level, numbered and bulleted items, code spans: the same skeleton
        import re

        return (
            [line.split(" ")[0] for line in lines if re.match(r"^(#+|\d+\.|-) ", line)],
            sorted(code for line in lines for code in re.findall(r"`([^`]+)`", line) if "budget" not in code),
        )

    assert outline(english) == outline(french)
    assert french[0] == "# Comment fonctionne le modèle"


def test_file_errors_read_in_french_rule_by_rule(tmp_path):
    from explorer.io.scenario_files import ScenarioFileError
    from explorer.portfolio.files import PortfolioFileError, load_portfolio

    bad = load_preset("meta-2025-guidance").model_dump(mode="json")
    bad["capex"]["by_year"]["2025"] = {"low": 70e9, "base": 62e9, "high": 65e9}
    bad["power"]["design_pue"] = 0.5
    path = tmp_path / "mauvais.gwx"
    path.write_text(json.dumps({"format": "gigawatt-explorer-scenario", "schema_version": 2, **bad}))
    with in_language("fr"), pytest.raises(ScenarioFileError) as caught:
        load_scenario(path)
    said = str(caught.value)
    assert f"mauvais.gwx{NNBSP}: contient des valeurs non valides" in said
    assert f"capex.by_year.2025.low{NNBSP}: doit être ≤ valeur centrale (6.2e+10)" in said
    assert f"power.design_pue{NNBSP}: doit être ≥ 1 (reçu 0.5)" in said
    with pytest.raises(ScenarioFileError, match=r"must be ≥ 1 \(got 0\.5\)"):
        load_scenario(path)  # the same rule in English
    with in_language("fr"), pytest.raises(PortfolioFileError, match="n’est pas un portefeuille Gigawatt Explorer"):
        load_portfolio(path)


def test_claim_reasons_write_percentages_the_french_way():
    scenario = load_preset("meta-2025-guidance")
    with in_language("fr"):
        from explorer.io.exports import claim_checks

        reasons = [c.reason for c in claim_checks(scenario, simulate(scenario))]
    assert any(f"{NNBSP}% " in r for r in reasons), reasons
    assert not any(re.search(r"\d%", r) for r in reasons), reasons
