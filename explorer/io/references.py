"""What a name given by a user refers to: a scenario file, a bundled preset, a portfolio file or a bundled
portfolio. The command line, the window and ``explorer.load`` all ask here, so they agree."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from ..i18n import _
from ..model.scenario import FORMAT, Scenario
from ..resources import resource
from .presets import load_preset, preset_ids
from .scenario_files import EXTENSION, ScenarioFileError, load_scenario, read_document

PORTFOLIO_KIND = "portfolio"  # the 'kind' key that tells a portfolio file from a scenario file

Kind = Literal["scenario_file", "preset", "portfolio_file", "bundled_portfolio"]


class UnknownReference(LookupError):
    """Neither a file nor a bundled preset or portfolio; the message lists what is bundled."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Reference:
    kind: Kind
    text: str

    @property
    def is_portfolio(self) -> bool:
        return self.kind in ("portfolio_file", "bundled_portfolio")

    @property
    def path(self) -> Path | None:
        """The file referred to (None for bundled presets and portfolios)."""
        return Path(self.text) if self.kind.endswith("_file") else None


def is_portfolio_document(doc: Any) -> bool:
    return isinstance(doc, dict) and doc.get("format") == FORMAT and doc.get("kind") == PORTFOLIO_KIND


def bundled_portfolio_ids() -> list[str]:
    return sorted(p.stem for p in resource("portfolios").glob(f"*{EXTENSION}"))


def resolve_reference(ref: str | Path, folder: Path | None = None) -> Reference:
    """A file that exists (a portfolio if it says so), else a bundled portfolio or preset id, else a path
    that looks like a file (its loader says what is wrong); UnknownReference otherwise. A relative path
    is read from ``folder`` when given (a sweep names scenarios next to it), else from the working folder."""
    text = str(ref)
    path = Path(ref) if folder is None else folder / ref
    file_text = text if folder is None else str(path)
    if path.is_file():
        try:
            portfolio = is_portfolio_document(read_document(path))
        except ScenarioFileError:
            portfolio = False  # the scenario loader reports what is wrong with it
        return Reference("portfolio_file" if portfolio else "scenario_file", file_text)
    if text in bundled_portfolio_ids():
        return Reference("bundled_portfolio", text)
    if text in preset_ids():
        return Reference("preset", text)
    if path.suffix.lower() == EXTENSION or "/" in text or "\\" in text:
        return Reference("scenario_file", file_text)
    raise UnknownReference(
        _("'{text}' is neither a scenario file nor a preset id.\npresets: {presets}\nportfolios: {portfolios}").format(
            text=text, presets=", ".join(preset_ids()), portfolios=", ".join(bundled_portfolio_ids())
        )
    )


def load_reference(ref: str | Path, folder: Path | None = None) -> Scenario:
    """The scenario a file or preset id names (a relative path read from ``folder`` when given);
    ScenarioFileError for a bad file or a portfolio, UnknownReference for a name that is neither."""
    reference = resolve_reference(ref, folder)
    if reference.kind == "preset":
        return load_preset(reference.text)
    if reference.kind == "bundled_portfolio":
        raise UnknownReference(_("'{text}' is a bundled portfolio, not a scenario").format(text=reference.text))
    if reference.kind == "portfolio_file":
        raise ScenarioFileError(reference.path, _("is a portfolio, not a scenario"))
    return load_scenario(Path(reference.text))
