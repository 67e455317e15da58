"""What every command shares: failing with a message, resolving a scenario or portfolio, the common
options, writing output and plain-text tables."""

from __future__ import annotations

import argparse
import math
import sys
import textwrap
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn, TextIO, TypeAlias

from ..i18n import N_, _

if TYPE_CHECKING:
    from ..model.scenario import Scenario
    from ..portfolio.files import ResolvedPortfolio

Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"  # what each command registers on

PROG = "gigawatt-explorer"
DEFAULT_SCREENSHOT_SCENARIO = "meta-2025-guidance"
DEFAULT_PORTFOLIO = "big-tech-2025"
CLAIM_TEXT_WIDTH = 60  # longer claims are cut in the table; JSON, CSV and XLSX keep them whole

# What each exit code means (the commands that add one pass it to :func:`exit_codes`).
EXIT_CODES = (
    ("0", N_("success")),
    ("1", N_("a result could not be written, or the window could not start")),
    (
        "2",
        N_(
            "bad command line, unreadable or invalid scenario file, unknown preset, or a file that would be "
            "overwritten without --force"
        ),
    ),
)
HELP_WIDTH = 100


def exit_codes(*more: tuple[str, str]) -> str:
    """The 'exit codes:' section of a command's help, in the reader's language; ``more``: (code, meaning)
    pairs of that command (a code already listed adds a line to its meaning)."""
    meanings: dict[str, list[str]] = {}
    for code, meaning in (*EXIT_CODES, *more):
        meanings.setdefault(code, []).append(meaning)
    lines = [_("exit codes:")]
    for code, texts in meanings.items():
        for i, text in enumerate(texts):
            lead = f"  {code}  " if i == 0 else "     "
            lines += textwrap.wrap(_(text), HELP_WIDTH, initial_indent=lead, subsequent_indent="     ")
    return "\n".join(lines) + "\n"


def window_usage() -> str:
    """How to open the window, for the top-level help."""
    rows = (
        ("", _("open the window on {preset}").format(preset=DEFAULT_SCREENSHOT_SCENARIO)),
        (" FILE.gwx", _("open the window on a scenario or portfolio file")),
        (f" {DEFAULT_PORTFOLIO}", _("open the window on the bundled portfolio")),
        (
            " --screenshot PATH [SCENARIO] [--size WxH] [--theme light|dark] [--view NAME]",
            _("render the window offscreen to a PNG and exit"),
        ),
    )
    lines = [_("the window:")]
    for usage, meaning in rows:
        command = f"  {PROG}{usage}"
        if len(command) < 34:
            lines.append(f"{command:<34}{meaning}")
        else:
            lines += [command, " " * 34 + meaning]
    return "\n".join(lines) + "\n"


class HelpFormatter(argparse.HelpFormatter):
    """Descriptions wrapped to the terminal, pre-formatted sections (exit codes) kept as written, and
    section headings punctuated the reader's way ('options :' in French)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if "\n" in text.strip():
            return "".join(indent + line for line in text.splitlines(keepends=True))
        return super()._fill_text(text, width, indent)

    def start_section(self, heading: str | None) -> None:
        # argparse adds the colon; the catalogue says what goes before it
        super().start_section(_("{heading}:").format(heading=heading)[:-1] if heading else heading)


class Parser(argparse.ArgumentParser):
    """The command line's parser: its subcommands' parsers are of this class too (argparse's default)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", HelpFormatter)
        super().__init__(*args, **kwargs)

    def parse_known_intermixed_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        # argparse cuts 'usage: ' off its usage by length (7 characters): cut the translated prefix instead
        if self.usage is None:
            argparse_words = argparse._  # type: ignore[attr-defined]
            self.usage = self.format_usage().removeprefix(argparse_words("usage: "))
        return super().parse_known_intermixed_args(args, namespace)


def fail(message: str, code: int = 2) -> NoReturn:
    """Print ``message`` on stderr and leave with ``code`` (no traceback)."""
    say(_("{prog}: {message}").format(prog=PROG, message=message))
    raise SystemExit(code)


def terminal_text(text: str) -> str:
    """``text`` with control characters (terminal escape sequences among them) written as \\u001b and the
    like, so a name in a file can never move the cursor, recolour or retitle the user's terminal."""
    return "".join(f"\\u{ord(c):04x}" if unicodedata.category(c) == "Cc" and c not in "\n\t" else c for c in text)


def say(message: str, stream: TextIO | None = None) -> None:
    """A line for the user on ``stream`` (default stderr), control characters escaped."""
    print(terminal_text(message), file=stream or sys.stderr)


def resolve_scenario(ref: str) -> Scenario:
    """A Scenario from a .gwx path or a bundled preset id; fails with a clear message otherwise."""
    from ..io.references import UnknownReference, load_reference
    from ..io.scenario_files import ScenarioFileError

    try:
        return load_reference(ref)
    except (ScenarioFileError, UnknownReference) as exc:
        fail(str(exc))


def portfolio_ref(ref: str) -> bool:
    """Whether ``ref`` names a bundled portfolio or a portfolio file (rather than a scenario)."""
    from ..io.references import UnknownReference, resolve_reference

    try:
        return resolve_reference(ref).is_portfolio
    except UnknownReference:
        return False


def resolve_portfolio(ref: str) -> ResolvedPortfolio:
    """A resolved portfolio from a file or a bundled id; fails with every problem named otherwise."""
    from ..portfolio.files import PortfolioFileError, open_portfolio

    try:
        return open_portfolio(ref)
    except PortfolioFileError as exc:
        fail(str(exc))


def add_command(
    subparsers: Subparsers, name: str, summary: str, description: str | None = None, epilog: str | None = None
) -> argparse.ArgumentParser:
    """A command and its help, the exit codes after it (by default those every command shares)."""
    return subparsers.add_parser(name, help=summary, description=description, epilog=epilog or exit_codes())


def add_scenario_argument(parser: argparse.ArgumentParser, name: str = "scenario") -> None:
    parser.add_argument(name, metavar=name.upper(), help=_("a .gwx scenario file or a preset id (see 'presets')"))


def add_format_option(
    parser: argparse.ArgumentParser, choices: Sequence[str] = ("table", "json"), default: str | None = "table"
) -> None:
    parser.add_argument(
        "--format",
        choices=list(choices),
        default=default,
        help=_("output format (default: {default})").format(default=default or _("from the -o extension, else table")),
    )


def add_output_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of the terminal"))


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """--samples, --seed and --basis: how the engine runs and how years are read."""
    parser.add_argument(
        "--samples",
        type=_positive_int,
        default=1,
        metavar="N",
        help=_("Monte Carlo samples of every range (default 1: the deterministic run on base values)"),
    )
    parser.add_argument("--seed", type=_seed, default=0, metavar="S", help=_("random seed for sampling (default 0)"))
    parser.add_argument(
        "--basis",
        choices=["calendar", "fiscal"],
        default="calendar",
        help=_("aggregate by calendar year or by the scenario's fiscal year (default calendar)"),
    )


def _whole_number(text: str) -> int:
    """'1000', '1e6' or '2.0' as an int; anything else is refused in words."""
    try:
        return int(text)
    except ValueError:
        pass
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not value.is_integer():
        raise argparse.ArgumentTypeError(_("'{text}' is not a whole number").format(text=text))
    return int(value)


def _positive_int(text: str) -> int:
    value = _whole_number(text)
    if value < 1:
        raise argparse.ArgumentTypeError(_("must be at least 1"))
    return value


def _seed(text: str) -> int:
    value = _whole_number(text)
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError(_("must be a whole number from 0 to 2^63 − 1 (got {text})").format(text=text))
    return value


def finite_number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a number").format(text=text)) from None
    if not math.isfinite(value):
        raise argparse.ArgumentTypeError(_("must be a finite number (got {text})").format(text=text))
    return value


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a number").format(text=text)) from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(_("must be between 0 and 1 (0.1 = ±10%)"))
    return value


def write_output(text: str, output: str | None) -> None:
    """Print ``text``, or write it atomically to ``output``."""
    if output is None:
        sys.stdout.write(terminal_text(text if text.endswith("\n") else text + "\n"))
        return
    from ..io.scenario_files import atomic_write_text

    try:
        atomic_write_text(output, text, keep_backup=False)
    except OSError as exc:
        fail(_("cannot write {output}: {0}").format(exc.strerror or exc, output=output), 1)
    say(_("wrote {output}").format(output=output))


def check_output(output: str | None) -> None:
    """Refuse, before any work, an output path that cannot be written: exit 1 with the reason."""
    if output is None:
        return
    from ..io.scenario_files import write_target

    try:
        write_target(output)
    except OSError as exc:
        fail(_("cannot write {output}: {0}").format(exc.strerror or exc, output=output), 1)


def check_samples(scenario: Scenario | Sequence[Scenario], samples: int) -> None:
    """Refuse, with the estimate, a run that would need more memory than the machine can give
    (``scenario``: one scenario, or a portfolio's members)."""
    if samples <= 1:
        return
    from ..engine.memory import RunTooLarge
    from ..engine.memory import check_samples as check

    try:
        check(scenario, samples)
    except RunTooLarge as exc:
        fail(_("--samples {samples}: {exc}").format(samples=samples, exc=exc))


def number_text(value: float | None) -> str:
    """Three significant figures, thousands separated (the one number format of the product)."""
    from ..formatting import format_number

    return format_number(value)


def quantity_text(name: str, value: float | None) -> str:
    """A value of series ``name`` (stored units) in its display unit: '$62.5B', '1.98 M GPUs', '2.98 GW'."""
    from ..formatting import format_series_value

    return format_series_value(name, value)


def render_table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool] | None = None, indent: str = "  "
) -> list[str]:
    """Lines of a plain-text table: header, rule, one line per row."""
    right = right or [False] * len(headers)
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows)]

    def line(cells: Sequence[str]) -> str:
        parts = [str(c).rjust(w) if r else str(c).ljust(w) for c, w, r in zip(cells, widths, right)]
        return (indent + "  ".join(parts)).rstrip()

    return [line(headers), indent + "  ".join("─" * w for w in widths), *(line(r) for r in rows)]
