"""Keep the translation catalogues in step with the code: extract, merge, compile (Babel).

    uv run python packaging/translations.py          # extract every string, update each .po, compile each .mo
    uv run python packaging/translations.py --check  # exit 1 when a language misses a translation

Translatable strings are the code's ``_("…")``, ``N_("…")`` and ``ngettext`` calls, plus what the model
declares for people to read (field titles, descriptions and units; series labels, descriptions and units),
which stays English in the model and is translated where it is shown. A second catalogue, ``argparse``,
holds the words of Python's argparse module ("usage:", "error:", "invalid choice"), extracted from the
argparse that runs; its entries are kept when another Python version no longer has them.

Each language's typography is applied to its catalogue on update and checked by ``--check`` (French: a
narrow no-break space before ; : ! ? % and inside « », see :data:`TYPOGRAPHY`).
"""

from __future__ import annotations

import argparse
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explorer.formatting import choice_label  # noqa: E402
from explorer.i18n import ARGPARSE_DOMAIN, DEFAULT_LANGUAGE, DOMAIN, LANGUAGES  # noqa: E402

LOCALE = ROOT / "resources" / "locale"
# the code's calls that hold words for people; a validation rule's template is its PydanticCustomError's second
# argument ("must be ≤ base ({base})"), translated where the problem is described (explorer.model.errors)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "PydanticCustomError": (2,)}
NNBSP = "\u202f"  # narrow no-break space
# A language's typography, as (pattern, replacement) applied to its translations in this order.
TYPOGRAPHY: dict[str, tuple[tuple[str, str], ...]] = {
    "fr": (
        (r"[ \u00a0\u202f]*([;:!?»])(?=\s|$|[)\],.])", NNBSP + r"\1"),  # before ; : ! ? » (not in '10:30', 'a:b')
        (r"«[ \u00a0\u202f]*", "«" + NNBSP),  # inside « »
        (r"(?<=[\w)}])[ \u00a0\u202f]*%(?![(%a-z])", NNBSP + "%"),  # '12 %' (not argparse's '%(prog)s')
        (r"(?<=[\w)}])[ \u00a0\u202f]*(%%)", NNBSP + r"\1"),  # '12 %' in argparse help text ('%%')
    ),
}


def po_path(code: str, domain: str = DOMAIN) -> Path:
    return LOCALE / code / "LC_MESSAGES" / f"{domain}.po"


def mo_path(code: str, domain: str = DOMAIN) -> Path:
    return po_path(code, domain).with_suffix(".mo")


def template_path(domain: str = DOMAIN) -> Path:
    return LOCALE / f"{domain}.pot"


def typeset(code: str, text: str) -> str:
    """``text`` with ``code``'s typography (unchanged for a language without rules)."""
    for pattern, replacement in TYPOGRAPHY.get(code, ()):
        text = re.sub(pattern, replacement, text)
    return text


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
            for choice in _choices(info.annotation):  # what a drop-down or a table cell shows
                yield choice_label(choice), where
    for spec in SERIES.values():
        for text in (spec.english_label, spec.english_description, spec.display_unit):
            if text:
                yield text, f"explorer.series.{spec.name}"


def _choices(annotation) -> list[str]:
    """The words of a Literal field (also inside Optional, tuples and ranges)."""
    from typing import Literal, get_args, get_origin

    if get_origin(annotation) is Literal:
        return [a for a in get_args(annotation) if isinstance(a, str)]
    return [c for arg in get_args(annotation) for c in _choices(arg)]


def extract(domain: str = DOMAIN) -> Catalog:
    """Every translatable string of the code and the model (or of argparse), as a template catalogue."""
    if domain == ARGPARSE_DOMAIN:
        return _extract_argparse()
    catalog = Catalog(project="Gigawatt Explorer", domain=DOMAIN)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "explorer"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if message:
            catalog.add(message, locations=[(f"explorer/{filename}", lineno)], auto_comments=comments, context=context)
    for text, where in _metadata():
        catalog.add(text, locations=[(where, 0)])
    return catalog


def _extract_argparse() -> Catalog:
    """The words of the argparse module that runs (its ``_`` and ``ngettext`` calls)."""
    from babel.messages.extract import extract_from_file

    catalog = Catalog(project="Python argparse", domain=ARGPARSE_DOMAIN)
    source = Path(argparse.__file__)
    for lineno, message, comments, context in extract_from_file("python", str(source), keywords=KEYWORDS):
        if message:
            catalog.add(message, locations=[(source.name, lineno)], auto_comments=comments, context=context)
    return catalog


def hidden_in_fstrings() -> list[str]:
    """``_("…")`` calls written inside an f-string: Babel does not extract them, so they stay English."""
    pattern = re.compile(r"""\{\s*(?:_e\()?_\(\s*['"]""")
    return [
        f"{path.relative_to(ROOT)}:{n}"
        for path in sorted((ROOT / "explorer").rglob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]


def _read(code: str, domain: str) -> Catalog:
    with po_path(code, domain).open("rb") as f:
        return read_po(f, locale=code)


def missing(code: str, template: Catalog | None = None, domain: str = DOMAIN) -> list[str]:
    """The strings of the code that ``code``'s catalogue does not translate (or marks fuzzy)."""
    template = template or extract(domain)
    catalog = _read(code, domain)
    out = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, message.context)
        text = found.string if found is not None else None
        if found is None or found.fuzzy or not (all(text) if isinstance(text, tuple) else text):
            out.append(message.id if isinstance(message.id, str) else message.id[0])
    return out


def mistyped(code: str, domain: str = DOMAIN) -> list[str]:
    """Translations of ``code``'s catalogue that do not follow its typography."""
    out = []
    for message in _read(code, domain):
        for text in message.string if isinstance(message.string, tuple) else (message.string,):
            if message.id and text and typeset(code, text) != text:
                out.append(text)
    return out


def compiled(code: str, domain: str = DOMAIN) -> bytes:
    """The .mo bytes of ``code``'s .po, as the application reads them."""
    catalog = _read(code, domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue()


def update() -> None:
    LOCALE.mkdir(parents=True, exist_ok=True)
    for domain in (DOMAIN, ARGPARSE_DOMAIN):
        template = extract(domain)
        with template_path(domain).open("wb") as f:
            write_po(f, template, width=110, omit_header=False, sort_output=False)
        for code in LANGUAGES:
            if code != DEFAULT_LANGUAGE:
                _update_language(code, domain, template)


def _update_language(code: str, domain: str, template: Catalog) -> None:
    path = po_path(code, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    catalog = _read(code, domain) if path.is_file() else Catalog(locale=code, domain=domain, project=template.project)
    if domain == ARGPARSE_DOMAIN:  # keep what other Python versions' argparse says
        for message in template:
            if message.id and message.id not in catalog:
                catalog[message.id] = message
    else:
        catalog.update(template, no_fuzzy_matching=True)
    for message in catalog:
        if message.id and message.string:
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            typeset_strings = tuple(typeset(code, text) for text in strings)
            message.string = typeset_strings if isinstance(message.string, tuple) else typeset_strings[0]
    with path.open("wb") as f:
        write_po(f, catalog, width=110, ignore_obsolete=True, include_previous=False)
    mo_path(code, domain).write_bytes(compiled(code, domain))


def main(argv: list[str]) -> int:
    if "--check" in argv:
        bad = []
        for domain in (DOMAIN, ARGPARSE_DOMAIN):
            template = extract(domain)
            for code in LANGUAGES:
                if code != DEFAULT_LANGUAGE:
                    bad += [f"{code}: not translated ({domain}): {text!r}" for text in missing(code, template, domain)]
                    bad += [f"{code}: typography ({domain}): {text!r}" for text in mistyped(code, domain)]
        bad += [f"not extracted, inside an f-string: {where}" for where in hidden_in_fstrings()]
        print("\n".join(bad) if bad else "every string translated")
        return 1 if bad else 0
    update()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
