"""Where values come from, and how far to trust them.

Every source carries a confidence: stated by the company itself, reported by others (press, filings
read by analysts), an analyst's estimate, or an assumption. A value without a source is 'unknown',
never silently graded.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator

from ..i18n import N_, _
from .base import Section
from .fields import matches, row_key

Confidence = Literal["stated", "reported", "estimate", "assumption", "unknown"]
CONFIDENCES: tuple[str, ...] = ("stated", "reported", "estimate", "assumption", "unknown")
CONFIDENCE_TEXT = {
    "stated": N_("stated by the company"),
    "reported": N_("reported"),
    "estimate": N_("analyst estimate"),
    "assumption": N_("assumption"),
    "unknown": N_("unknown"),
}
CONFIDENCE_HELP = (
    "'stated': by the company itself; 'reported': press or filings read by others; "
    "'estimate': an analyst's estimate; 'assumption': this scenario's assumption."
)


def legacy_confidence(text: str) -> Confidence:
    """The grade of a note written before confidences existed: only an 'Assumption:' says what it is."""
    return "assumption" if text.lstrip().lower().startswith("assumption") else "unknown"


class SourceNote(Section):
    """Where one input comes from. A plain string is read as a note graded by ``legacy_confidence``."""

    text: str = Field("", title="Source", max_length=2000)
    confidence: Confidence = Field("unknown", title="Confidence", description=CONFIDENCE_HELP)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return {"text": data, "confidence": legacy_confidence(data)}
        return data

    def label(self) -> str:
        """'Meta 10-K … (stated by the company)'."""
        return f"{self.text} ({_(CONFIDENCE_TEXT[self.confidence])})" if self.text else _(UNKNOWN_SOURCE)


UNKNOWN_SOURCE = N_("unknown (no source given)")

Notes = dict[str, SourceNote]


class Source(Section):
    title: str = Field(title="Title", max_length=300)
    publisher: str = Field("", title="Publisher", max_length=120)
    date: str = Field("", title="Date", description="YYYY-MM-DD", max_length=10)
    url: str = Field("", title="URL", max_length=500)
    quote: str = Field("", title="Quote", max_length=1000)
    confidence: Confidence = Field("unknown", title="Confidence", description=CONFIDENCE_HELP)


def _named(node: Any, key: str) -> tuple[Any, str]:
    """The child at ``key`` and its name: items of a tuple are named by id or name, as in input_sources."""
    if isinstance(node, (tuple, list)):
        index = (
            int(key)
            if key.isdigit() and int(key) < len(node)
            else next((i for i, item in enumerate(node) if matches(item, key)), None)
        )
        if index is None:
            raise KeyError(key)
        return node[index], row_key(node[index], index)
    if isinstance(node, BaseModel):
        return getattr(node, key), key
    if isinstance(node, dict):
        match = next((k for k in node if str(k) == key), None)
        if match is None:
            raise KeyError(key)
        return node[match], key
    raise KeyError(key)


def source_of(scenario: Any, path: str) -> SourceNote | None:
    """The source of the input at ``path`` (indices or names): an item's own per-field source (sites,
    accelerators) first, else the nearest entry of ``input_sources`` at or above the path; None when
    nothing covers it."""
    node, names, own = scenario, [], None
    try:
        for key in path.split("."):
            sources = getattr(node, "sources", None)
            if isinstance(sources, dict) and isinstance(node, BaseModel) and key in sources:
                own = sources[key]  # the deepest item's own source wins
            node, name = _named(node, key)
            names.append(name)
    except (KeyError, IndexError, AttributeError, ValueError):
        pass
    if isinstance(own, SourceNote):
        return own
    notes = getattr(scenario, "input_sources", {})
    for n in range(len(names), 0, -1):
        note = notes.get(".".join(names[:n]))
        if isinstance(note, SourceNote) and note.text:
            return note
    return None
