"""Keep the window alive: an exception in a slot is logged and shown, never fatal."""

from __future__ import annotations

import functools
import logging
import traceback
from collections.abc import Callable

from ..i18n import _

log = logging.getLogger("explorer.gui")

# Set by the main window: shows a one-line message to the user (status bar).
_reporter: Callable[[str], None] | None = None


def set_reporter(report: Callable[[str], None] | None) -> None:
    global _reporter
    _reporter = report


def report_exception(exc: BaseException, where: str = "") -> None:
    log.error(
        "Unexpected error%s:\n%s",
        f" in {where}" if where else "",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    )
    if _reporter is not None:
        try:
            said = _("Something went wrong ({where}): {error}") if where else _("Something went wrong: {error}")
            _reporter(said.format(where=where, error=exc))
        except Exception:  # the reporter itself must never raise from here
            log.exception("could not show the error")


def guarded(func: Callable) -> Callable:
    """Decorate a slot so an exception is reported instead of reaching Qt's event loop."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except Exception as exc:
            report_exception(exc, func.__name__.strip("_").replace("_", " "))
            return None

    return wrapper


def install_excepthook() -> None:
    """Exceptions raised inside Qt callbacks we did not wrap end up here rather than aborting."""
    import sys

    def hook(kind, exc, tb):
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        report_exception(exc.with_traceback(tb))

    sys.excepthook = hook
