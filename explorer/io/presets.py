"""The presets shipped in resources/."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..i18n import _
from ..model.scenario import Scenario
from ..resources import resource
from .scenario_files import read_document, scenario_from_document


def preset_ids() -> list[str]:
    return sorted(p.stem for p in resource("presets").glob("*.gwx"))


def preset_titles() -> dict[str, str]:
    """Each preset's name, in the reader's language when the preset carries it."""
    from ..i18n import language

    def title(document: dict[str, Any]) -> str:
        own = [t.get("name") for t in document.get("translations", ()) if t.get("language") == language()]
        return str(next((name for name in own if name), document.get("name", "")))

    return {pid: title(read_document(resource("presets", f"{pid}.gwx"))) or pid for pid in preset_ids()}


@lru_cache(maxsize=32)
def load_preset(preset_id: str) -> Scenario:
    """A bundled preset (presets use the default accelerator catalog)."""
    path = resource("presets", f"{preset_id}.gwx")
    if not path.is_file():
        raise KeyError(_("no preset '{id}'; presets: {known}").format(id=preset_id, known=", ".join(preset_ids())))
    return scenario_from_document(read_document(path), path)
