"""The language people read: one gettext catalogue for the command line, the report and the window (no Qt).

Why gettext: it is in Python's standard library, so the Qt-free core (tables, messages, claim verdicts,
series labels) and the window share one catalogue and one ``_()``; translators get the usual .po files
that every translation tool edits, and Babel extracts and compiles them
(``uv run python packaging/translations.py``). Qt's own dialogs use the translations that ship with Qt
(``explorer.gui.app``).

Strings are translated when shown, never when defined: module-level tables mark theirs with ``N_`` and
call ``_`` at display time, and the model's field titles, descriptions and units stay English in the
model (its source of truth) and are translated by :func:`_` where they are displayed. Adding a language
is adding ``resources/locale/<code>/LC_MESSAGES/gigawatt-explorer.po`` and its code to ``LANGUAGES``.
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import locale
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

DOMAIN = "gigawatt-explorer"
# argparse's own words ("usage:", "error:", "invalid choice") come from Python's argparse module, which
# looks them up through its module-level ``_`` and ``ngettext``; our locale carries their translations
# in this domain's catalogue (extracted from the argparse that runs, see packaging/translations.py)
ARGPARSE_DOMAIN = "argparse"
LANGUAGES = {"en": "English", "fr": "Français"}
DEFAULT_LANGUAGE = "en"

_state: dict[str, object] = {"code": DEFAULT_LANGUAGE, "translation": gettext.NullTranslations(), "explicit": False}


def locale_dir() -> Path:
    from .resources import resource

    return resource("locale")


def system_language() -> str:
    """The desktop's language when we have it ('fr_CA.UTF-8' → 'fr'), English otherwise."""
    candidates = [os.environ.get(name, "") for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")]
    try:
        candidates.append(locale.getlocale(locale.LC_MESSAGES)[0] or "")
    except (AttributeError, ValueError):  # LC_MESSAGES is missing on Windows
        candidates.append(locale.getlocale()[0] or "")
    for value in candidates:
        for part in value.split(":"):
            code = part.split("_")[0].split(".")[0].lower()
            if code in LANGUAGES:
                return code
            if code and code not in ("c", "posix"):
                return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def set_language(code: str | None, explicit: bool = False) -> str:
    """Read from now on in ``code`` ('fr', 'en'); None follows the system. ``explicit``: the user asked
    for it (``--lang``), which beats the window's setting. Returns the language set."""
    _state["explicit"] = explicit
    code = (code or system_language()).lower()
    if code not in LANGUAGES:
        raise ValueError(f"unknown language '{code}' (choose from {', '.join(LANGUAGES)})")
    _state.update(code=code, translation=_catalogue(DOMAIN, code))
    return code


def _catalogue(domain: str, code: str) -> gettext.NullTranslations:
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    return gettext.translation(domain, str(locale_dir()), [code], fallback=True)


def translate_argparse() -> None:
    """Make argparse's own words (usage, errors, the -h help) follow the current language."""
    import argparse

    translation = _catalogue(ARGPARSE_DOMAIN, language())
    argparse._ = translation.gettext  # type: ignore[attr-defined]
    argparse.ngettext = translation.ngettext  # type: ignore[attr-defined]


@contextlib.contextmanager
def in_language(code: str) -> Iterator[None]:
    """Read in ``code`` for the duration of the block, then in the language before."""
    saved = dict(_state)
    set_language(code)
    try:
        yield
    finally:
        _state.update(saved)


F = TypeVar("F", bound=Callable[..., Any])


def in_english(function: F) -> F:
    """For what files carry (JSON, CSV): the same bytes whatever language the reader chose."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with in_language(DEFAULT_LANGUAGE):
            return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def chosen_explicitly() -> bool:
    return bool(_state["explicit"])


def language() -> str:
    return str(_state["code"])


def _(message: str) -> str:
    """``message`` in the current language (itself when untranslated, or empty)."""
    if not message:
        return message
    return _translation().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation().ngettext(singular, plural, n)


def _translation() -> gettext.NullTranslations:
    translation = _state["translation"]
    assert isinstance(translation, gettext.NullTranslations)
    return translation


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue where it is defined; :func:`_` translates it where shown."""
    return message


def pop_language_option(argv: Sequence[str]) -> tuple[list[str], str | None]:
    """``argv`` without ``--lang CODE`` / ``--lang=CODE`` (accepted anywhere), and the code given."""
    rest: list[str] = []
    code = None
    args = list(argv)
    while args:
        arg = args.pop(0)
        if arg == "--lang":
            if not args:
                raise ValueError("--lang needs a language code: " + " or ".join(LANGUAGES))
            code = args.pop(0)
        elif arg.startswith("--lang="):
            code = arg.split("=", 1)[1]
        else:
            rest.append(arg)
    return rest, code
