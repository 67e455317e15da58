"""Keep the translation catalogues in step with the code: extract, merge, compile (Babel).

    uv run python packaging/translations.py          # extract every string, update each .po, compile each .mo
    uv run python packaging/translations.py --check  # exit 1 when a language misses a translation

Translatable strings are the code's ``_("…")``, ``N_("…")`` and ``ngettext`` calls, plus what the model
declares for people to read (field titles, descriptions and units; series labels, descriptions and units),
which stays English in the model and is translated where it is shown.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explorer.i18n import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES  # noqa: E402

LOCALE = ROOT / "resources" / "locale"
TEMPLATE = LOCALE / f"{DOMAIN}.pot"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def po_path(code: str) -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(code: str) -> Path:
    return po_path(code).with_suffix(".mo")


def _metadata() -> Iterator[tuple[str, str]]:
    """(text, where) of every string the model declares for people: titles, descriptions, units."""
    import contextlib
    import importlib
    import pkgutil

    from pydantic import BaseModel

    import explorer
    from explorer.series import SERIES

    for module in pkgutil.walk_packages(explorer.__path__, "explorer."):  # every model the files declare
        if not module.name.startswith(("explorer.gui", "explorer.cli")):
            # an optional extra that is not installed: its models are not shown
            with contextlib.suppress(ImportError):
                importlib.import_module(module.name)

    seen: set[type] = set()
    stack = list(BaseModel.__subclasses__())
    while stack:
        cls = stack.pop()
        if cls in seen:
            continue
        seen.add(cls)
        stack.extend(cls.__subclasses__())
        if not cls.__module__.startswith("explorer."):
            continue
        for name, info in cls.model_fields.items():
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
            for text in (info.title, info.description, extra.get("unit")):
                if isinstance(text, str) and text:
                    yield text, where
    for spec in SERIES.values():
        for text in (spec.english_label, spec.english_description, spec.display_unit):
            if text:
                yield text, f"explorer.series.{spec.name}"


def extract() -> Catalog:
    """Every translatable string of the code and the model, as a template catalogue."""
    catalog = Catalog(project="Gigawatt Explorer", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "explorer"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if message:
            catalog.add(message, locations=[(f"explorer/{filename}", lineno)], auto_comments=comments, context=context)
    for text, where in _metadata():
        catalog.add(text, locations=[(where, 0)])
    return catalog


def missing(code: str, template: Catalog | None = None) -> list[str]:
    """The strings of the code that ``code``'s catalogue does not translate (or marks fuzzy)."""
    template = template or extract()
    with po_path(code).open("rb") as f:
        catalog = read_po(f)
    out = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        text = found.string if found is not None else None
        if found is None or found.fuzzy or not (all(text) if isinstance(text, tuple) else text):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def compiled(code: str) -> bytes:
    """The .mo bytes of ``code``'s .po, as the application reads them."""
    with po_path(code).open("rb") as f:
        catalog = read_po(f, locale=code)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> None:
    template = extract()
    LOCALE.mkdir(parents=True, exist_ok=True)
    with TEMPLATE.open("wb") as f:
        write_po(f, template, width=110, omit_header=False, sort_output=False)
    for code in LANGUAGES:
        if code == DEFAULT_LANGUAGE:
            continue
        path = po_path(code)
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file():
            with path.open("rb") as f:
                catalog = read_po(f, locale=code)
        else:
            catalog = Catalog(locale=code, domain=DOMAIN, project="Gigawatt Explorer")
        catalog.update(template, no_fuzzy_matching=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=110, ignore_obsolete=True, include_previous=False)
        mo_path(code).write_bytes(compiled(code))


def main(argv: list[str]) -> int:
    if "--check" in argv:
        template = extract()
        bad = {code: missing(code, template) for code in LANGUAGES if code != DEFAULT_LANGUAGE}
        for code, texts in bad.items():
            for text in texts:
                print(f"{code}: not translated: {text!r}")
        return 1 if any(bad.values()) else 0
    update()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
