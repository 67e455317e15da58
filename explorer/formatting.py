"""Every number and name a user reads, formatted by one owner (no Qt).

Values of the output contract are stored in SI and USD (``explorer.series``); this module turns them into
what people read: three significant figures, thousands separated, never a negative zero, "–" for a value
that is not defined, the unit of the series ("$62.5B", "1.23 M GPUs", "850 k GPUs"). Inputs are named by
their titles ("GB300 · BF16 peak"), never by dotted paths.

The window, the command line, the report and the exports' display columns all call these functions.
"""

from __future__ import annotations

import contextlib
import math
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .i18n import N_, _, language
from .series import SERIES

if TYPE_CHECKING:
    from .model.scenario import Scenario

# How each language writes numbers: thousands separator, decimal mark, whether a currency symbol goes
# before the number ('$62.5B') or its unit after it ('62,5 Md$'), and the space before '%' in tables and
# in sentences ('4.0% below' in English, '4,0 % en dessous' in French).
NUMBER_STYLE = {
    "en": {"thousands": ",", "decimal": ".", "currency_first": True, "percent": " %", "percent_in_text": "%"},
    "fr": {
        "thousands": "\u202f",
        "decimal": ",",
        "currency_first": False,
        "percent": "\u202f%",
        "percent_in_text": "\u202f%",
    },
}

SIGNIFICANT = 3
NOT_DEFINED = "–"
RANGE_DASH = "–"
KM2_PER_ACRE = 0.004046856

# A figure that reads better in a neighbouring unit: display unit → [(applies when |value| <, or ≥ ,
# threshold), factor, unit]. "0.1 M GPUs" reads "100 k GPUs"; "10,000 EFLOP/s" reads "10 ZFLOP/s".
_STEPS: dict[str, tuple[tuple[str, float, float, str], ...]] = {
    "M GPUs": (("<", 1.0, 1e3, "k GPUs"),),
    "M H100e": (("<", 1.0, 1e3, "k H100e"),),
    "EFLOP/s": ((">=", 1e3, 1e-3, "ZFLOP/s"), ("<", 1.0, 1e3, "PFLOP/s")),
    "$B": ((">=", 1e3, 1e-3, "$T"), ("<", 1.0, 1e3, "$M")),
    "k acres": (("<", 1.0, 1e3, "acres"),),
    "MtCO2": (("<", 1.0, 1e3, "ktCO2"),),
}


def number_style() -> dict[str, Any]:
    return NUMBER_STYLE.get(language(), NUMBER_STYLE["en"])


def localize_number(text: str) -> str:
    """An English-written number ('1,234.5') in the current language's marks ('1 234,5' in French)."""
    style = number_style()
    if style["thousands"] == "," and style["decimal"] == ".":
        return text
    return text.translate(str.maketrans({",": style["thousands"], ".": style["decimal"]}))


def percent_in_text(number: float, decimals: int | None = 1) -> str:
    """A percentage inside a sentence: '4.0%' ('4,0 %' in French); ``decimals`` None writes it shortest ('10%')."""
    text = f"{number:g}" if decimals is None else f"{number:.{decimals}f}"
    return localize_number(text) + str(number_style()["percent_in_text"])


def parse_number(text: str) -> float:
    """A number as people type it in the current language: '62,5' or '62.5' in French, '1,234.5' in
    English; thousands separators (spaces, narrow spaces, the language's mark) are ignored. Raises
    ValueError for anything else."""
    style = number_style()
    cleaned = "".join(text.split()).replace("\u202f", "").replace("\u00a0", "")
    # French accepts both decimal marks; English reads a comma as a thousands separator
    cleaned = cleaned.replace(",", ".") if style["decimal"] == "," else cleaned.replace(",", "")
    return float(cleaned)


def unit_text(unit: str) -> str:
    """A display unit in the current language: '$B' reads 'Md$' in French, 'M GPUs' reads 'M de GPU'."""
    return _(unit) if unit else unit


def _defined(value: float | None) -> bool:
    return value is not None and math.isfinite(value)


def format_number(value: float | None, significant: int = SIGNIFICANT) -> str:
    """'62.5', '1.98', '0.289', '1,234', '0' (never '-0'); '–' when not defined."""
    if not _defined(value):
        return NOT_DEFINED
    assert value is not None
    if value == 0:
        return "0"
    digits = significant - 1 - math.floor(math.log10(abs(value)))
    rounded = round(value, max(0, digits))  # whole numbers keep every digit: 3,823,000 not 3,820,000
    if rounded == 0:
        return "0"
    # rounding can carry into the next power of ten (0.09996 → 0.1): count digits on the rounded value
    decimals = min(9, max(0, significant - 1 - math.floor(math.log10(abs(rounded)))))
    text = f"{rounded:,.{decimals}f}"
    return "0" if float(text.replace(",", "")) == 0 else localize_number(text)


def with_unit(number: str, unit: str) -> str:
    """'$62.5B' for money, '1.23 M GPUs' otherwise; the bare number without a unit."""
    if not unit or number == NOT_DEFINED:
        return number
    shown = unit_text(unit)
    if shown.startswith("$") and number_style()["currency_first"]:
        sign, digits = ("-", number[1:]) if number.startswith("-") else ("", number)
        return f"{sign}${digits}{shown[1:]}"
    return f"{number}\u00a0{shown}" if language() != "en" else f"{number} {shown}"


def readable_unit(value: float | None, unit: str) -> tuple[float, str]:
    """The display value moved to a neighbouring unit when it reads better there: (0.1, 'M GPUs') →
    (100, 'k GPUs')."""
    if not _defined(value):
        return value, unit  # type: ignore[return-value]
    magnitude = abs(value)  # type: ignore[arg-type]
    for op, threshold, factor, other in _STEPS.get(unit, ()):
        if magnitude and ((op == "<" and magnitude < threshold) or (op == ">=" and magnitude >= threshold)):
            return value * factor, other  # type: ignore[operator]
    return value, unit  # type: ignore[return-value]


def format_quantity(value: float | None, unit: str, significant: int = SIGNIFICANT) -> str:
    """A value already in ``unit`` (a display unit): '$62.5B', '850k GPUs', '2.98 GW'."""
    value, unit = readable_unit(value, unit)
    return with_unit(format_number(value, significant), unit)


def split_quantity(value: float | None, unit: str, significant: int = SIGNIFICANT) -> tuple[str, str]:
    """(number, unit) of :func:`format_quantity`, for places that show the unit apart (a card's caption)."""
    value, unit = readable_unit(value, unit)
    return format_number(value, significant), unit


def format_series_value(name: str, value: float | None, significant: int = SIGNIFICANT) -> str:
    """A value of series ``name`` in its stored unit, as people read it: '$62.5B', '1.23 M GPUs'."""
    spec = SERIES[name]
    return format_quantity(None if value is None else spec.display(value), spec.display_unit, significant)


def format_range(low: float | None, high: float | None, unit: str, significant: int = SIGNIFICANT) -> str:
    """Two display values sharing one unit, written once: '$60–65B', '1.2–1.4 M GPUs', '–' if undefined."""
    if not (_defined(low) and _defined(high)):
        return NOT_DEFINED
    assert low is not None and high is not None
    peak = max(abs(low), abs(high))
    scaled, common = readable_unit(peak, unit)  # both ends in the unit the larger one reads best in
    factor = scaled / peak if peak else 1.0
    text = f"{format_number(low * factor, significant)}{RANGE_DASH}{format_number(high * factor, significant)}"
    return with_unit(text, common)


def format_series_range(name: str, low: float | None, high: float | None, significant: int = SIGNIFICANT) -> str:
    """A range of series ``name`` (stored units): '$60–65B'."""
    spec = SERIES[name]
    return format_range(
        None if low is None else spec.display(low),
        None if high is None else spec.display(high),
        spec.display_unit,
        significant,
    )


def format_ratio(value: float | None) -> str:
    """A growth factor: '×1.25'."""
    return NOT_DEFINED if not _defined(value) else f"×{format_number(value)}"


def format_percent(percent: float | None, signed: bool = False, decimals: int = 1) -> str:
    """'+3.2 %' from 3.2 (a value already in percent); never '-0.0 %'."""
    if not _defined(percent):
        return NOT_DEFINED
    assert percent is not None
    rounded = round(percent, decimals)
    mark = number_style()["percent"]
    if rounded == 0:
        return f"0{mark}"
    return str(localize_number(f"{rounded:+.{decimals}f}" if signed else f"{rounded:.{decimals}f}") + mark)


def format_land_area(acres: float | None) -> str:
    """'4,790 acres · 19.4 km²': campus land in both units people use."""
    km2 = None if acres is None else acres * KM2_PER_ACRE
    return f"{format_quantity(acres, 'acres')} · {format_quantity(km2, 'km²')}"


# display units that are not a series' own (neighbouring units of _STEPS and the like), for the catalogue
_OTHER_UNITS = (
    N_("k GPUs"),
    N_("k H100e"),
    N_("ZFLOP/s"),
    N_("PFLOP/s"),
    N_("$T"),
    N_("$M"),
    N_("acres"),
    N_("ktCO2"),
    N_("km²"),
)


# ---------------------------------------------------------------- choices (Literal values) as people read them

# Where the words people read differ from the value written in files; any other value reads as itself,
# capitalised, underscores as spaces ('newest_first' → 'Newest first'). Every label goes to the catalogue.
CHOICE_LABELS = {"USD": "USD", "lhs": "LHS", "pert": "PERT", "IT": "IT", "gpus": "GPUs"}


def choice_label(choice: str) -> str:
    """The English label of a choice: 'auto' → 'Auto', 'at_least' → 'At least', 'lhs' → 'LHS'."""
    if choice in SERIES:  # a metric reads as its series' label
        return SERIES[choice].english_label
    return CHOICE_LABELS.get(choice) or choice.replace("_", " ").capitalize()


def choice_text(choice: str) -> str:
    """A choice as the reader reads it ('Auto', 'Sites'; 'Triangulaire' in French)."""
    return _(choice_label(choice))


def choice_value(text: str, choices: Sequence[str]) -> str:
    """The choice shown as ``text`` (or typed as its value); ValueError naming the choices otherwise."""
    for choice in choices:
        if text.strip() in (choice, choice_text(choice)):
            return choice
    raise ValueError(_("must be one of: {0}").format(", ".join(choice_text(c) for c in choices)))


def series_heading(name: str) -> str:
    """'Total capex ($B; flow)': a column or axis heading naming unit, layer and stock/flow."""
    spec = SERIES[name]
    return f"{spec.label} ({unit_text(spec.display_unit)}; {spec.tag()})"


# ---------------------------------------------------------------- claims (read generically)


def claim_value_text(claim: Any, value: float | None) -> str:
    """A number a claim reads, in its metric's unit; a growth claim's ratio as '×1.25'."""
    return format_ratio(value) if claim.measure == "growth" else format_series_value(claim.metric, value)


def _claim_value(check: Any, value: float | None) -> str:
    return claim_value_text(check.claim, value)


def claim_statement(claim: Any) -> str:
    """What the claim says, with its direction: 'at least 1.30 M GPUs', 'between $60.0–65.0B', 'about $38.0B'."""
    return _claim_statement(claim, language())


@lru_cache(maxsize=1024)  # claims are frozen; their statements are read on every edit, in one language
def _claim_statement(claim: Any, lang: str) -> str:
    from .model.claims import COMPARISON_TEXT
    from .model.ranges import high_of, low_of

    low, high = low_of(claim.stated), high_of(claim.stated)
    words = _(COMPARISON_TEXT[claim.comparison])
    if claim.comparison in ("at_least", "at_most") or low == high:
        return f"{words} {claim_value_text(claim, low if claim.comparison != 'at_most' else high)}"
    if claim.measure == "growth":
        return f"{words} ×{format_number(low)}{RANGE_DASH}{format_number(high)}"
    return f"{words} {format_series_range(claim.metric, low, high)}"


def claim_stated_text(check: Any) -> str:
    """The claim's statement with its direction and its stated value or range: 'between $60.0–65.0B'."""
    return claim_statement(check.claim)


def claim_model_text(check: Any) -> str:
    """The base run's value, or with sampled results the median and its P10–P90 range."""
    if check.model is None:
        return NOT_DEFINED
    text = _claim_value(check, check.model)
    if check.model_low is None or check.model_low == check.model_high:
        return text
    if check.claim.measure == "growth":
        spread = f"×{format_number(check.model_low)}{RANGE_DASH}{format_number(check.model_high)}"
    else:
        spread = format_series_range(check.claim.metric, check.model_low, check.model_high)
    return f"{text} (P10{RANGE_DASH}P90 {spread})"


def verdict_text(check: Any, scenario: Scenario | None = None) -> str:
    """'✓ consistent', '✗ inconsistent'; any other verdict as the engine names it, a 'restates input'
    verdict with the input's title ('restates input Total capex per year · 2025')."""
    restates = getattr(check, "restates", None)
    if restates:
        return _("restates input {input}").format(
            input=input_title(scenario, restates) if scenario is not None else restates
        )
    return _(VERDICT_TEXT.get(check.verdict, check.verdict))


VERDICT_TEXT = {"consistent": N_("✓ consistent"), "inconsistent": N_("✗ inconsistent")}
# the engine's other verdicts, shown as it names them
_OTHER_VERDICTS = (
    N_("partial period"),
    N_("restates input"),
    N_("not defined"),
    N_("outside timeline"),
    N_("no such site"),
)


# ---------------------------------------------------------------- people's text in their language


def translated(item: Any, field: str) -> str:
    """A scenario's name or description, a claim's text, in the reader's language when the data carries
    it (``translations``), else as written."""
    code = language()
    for entry in getattr(item, "translations", ()):
        if entry.language == code and getattr(entry, field, ""):
            return str(getattr(entry, field))
    return str(getattr(item, field))


def claim_text(claim: Any) -> str:
    """What a claim says in words ('Meta va dépenser…' in French), or its id when it has no text."""
    return translated(claim, "text") or claim.id


# ---------------------------------------------------------------- inputs by title


def input_title(scenario: Scenario, path: str, short: bool = False) -> str:
    """An input as people read it, 'Hyperion · Cost per MW', from the model's field metadata; ``short``
    drops remarks in brackets. Falls back to the path only for something the model does not declare."""
    title = _title(scenario, path)
    return re.sub(r" \([^)]*\)", "", title) if short else title


def _item_name(scenario: Scenario, item: Any) -> str | None:
    name = getattr(item, "name", None) or getattr(item, "id", None)
    generation = getattr(item, "generation", None)
    if name is None and generation is not None:
        with contextlib.suppress(KeyError, ValueError, StopIteration):
            generation = scenario.accelerator(generation).name
        return _("Starting fleet {generation}").format(generation=generation)
    return name


def _title(scenario: Scenario, path: str) -> str:
    from pydantic import BaseModel

    from .model.fields import is_number
    from .model.paths import field_at, get_path

    try:
        info = field_at(scenario, path) if is_number(get_path(scenario, path)) else None
    except KeyError:
        info = None
    title = (info.title or path) if info is not None else _field_title(scenario, path)
    if title is None:
        return path
    title = _(title)
    context, keys_after = [], []  # item names go before the title, dictionary keys after it
    node: Any = scenario
    for key in path.split("."):
        child = get_path(node, key)
        if isinstance(node, (tuple, list)) and not isinstance(child, BaseModel):
            keys_after.append(str(int(key) + 1))  # e.g. the month of a profile
        elif isinstance(node, (tuple, list)):
            context.append(_item_name(scenario, child) or key)
        elif isinstance(node, dict):
            keys_after.append(str(key))
        node = child
    return " · ".join([*context, str(title), *keys_after])


def _field_title(scenario: Scenario, path: str) -> str | None:
    """The title of the model field at the end of ``path`` (lists and whole items have one too)."""
    from pydantic import BaseModel

    from .model.paths import get_path

    node: Any = scenario
    title = None
    for key in path.split("."):
        fields = type(node).model_fields if isinstance(node, BaseModel) else {}
        title = fields[key].title if key in fields else None
        try:
            node = get_path(node, key)
        except KeyError:
            return None
    return title
