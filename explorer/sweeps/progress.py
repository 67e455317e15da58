"""Progress of a long run: a bar on the terminal, a live bar in a notebook, or a callback."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

from ..formatting import localize_number
from ..i18n import N_, _, ngettext

WIDTH = 28


def _in_notebook() -> bool:
    shell = sys.modules.get("IPython")
    try:
        return shell is not None and type(shell.get_ipython()).__name__ == "ZMQInteractiveShell"
    except Exception:  # an IPython too old or too odd to ask: fall back to text
        return False


def count_text(text: str, n: int) -> str:
    """``text`` (ngettext's choice for ``n``, '{n} rows') with ``n`` written as the language writes it
    ('1,500 rows'; '1 500 lignes' in French)."""
    return text.format(n=localize_number(f"{n:,}"))


def duration_text(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s" if seconds >= 10 else localize_number(f"{seconds:.1f}") + " s"
    if seconds < 3600:
        return f"{seconds // 60:.0f} min {seconds % 60:02.0f} s"
    return f"{seconds // 3600:.0f} h {seconds % 3600 / 60:02.0f} min"


class Progress:
    """Rows done out of a total; ``update`` as chunks finish, ``close`` at the end."""

    def __init__(
        self,
        total: int,
        done: int = 0,
        label: str = N_("sweep"),
        stream: TextIO | None = None,
        callback: Callable[[int, int], None] | None = None,
        show: bool = True,
    ):
        self.total, self.done, self.label = total, done, label
        self.started, self.first = time.perf_counter(), done
        self.callback = callback
        self.stream = stream or sys.stderr
        self.notebook = show and callback is None and _in_notebook()
        self.show = show and callback is None
        self._last = 0.0
        self._decile = done * 10 // max(total, 1)
        self._handle = None
        if self.notebook:
            from IPython.display import HTML, display

            self._handle = display(HTML(self._html()), display_id=True)

    def text(self) -> str:
        share = self.done / self.total if self.total else 1.0
        filled = round(share * WIDTH)
        bar = f"[{'█' * filled}{'░' * (WIDTH - filled)}] {share:4.0%}"
        rows = ngettext("{done}/{n} row", "{done}/{n} rows", self.total).format(
            done=localize_number(f"{self.done:,}"), n=localize_number(f"{self.total:,}")
        )
        line = f"{_(self.label)} {bar}  {rows}"
        elapsed = time.perf_counter() - self.started
        ran = self.done - self.first
        if ran > 0 and self.done < self.total:
            line += "  " + _("{duration} left").format(duration=duration_text(elapsed / ran * (self.total - self.done)))
        elif self.done >= self.total:
            line += "  " + _("in {duration}").format(duration=duration_text(elapsed))
        return line

    def _html(self) -> str:
        return (
            f"<div style='font-family:monospace'><progress value='{self.done}' max='{max(self.total, 1)}' "
            f"style='width:24em'></progress> {self.text().split('] ', 1)[-1]}</div>"
        )

    def update(self, rows: int) -> None:
        self.done += rows
        if self.callback is not None:
            self.callback(self.done, self.total)
        if not self.show:
            return
        now = time.perf_counter()
        if now - self._last < 0.2 and self.done < self.total:
            return
        self._last = now
        if self._handle is not None:
            from IPython.display import HTML

            self._handle.update(HTML(self._html()))
        elif self.stream.isatty():
            self.stream.write("\r" + self.text())
            self.stream.flush()
        elif self.done < self.total and self.done * 10 // self.total > self._decile:
            self._decile = self.done * 10 // self.total  # a log file gets a line every 10 %
            self.stream.write(self.text() + "\n")
            self.stream.flush()

    def close(self) -> None:
        if not self.show:
            return
        if self._handle is not None:
            from IPython.display import HTML

            self._handle.update(HTML(self._html()))
        else:
            self.stream.write(("\r" if self.stream.isatty() else "") + self.text() + "\n")
            self.stream.flush()
