"""The parser and the entry point: every subcommand is dispatched through ``args.handler(args) -> int``;
the window is imported only when it is opened."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .. import __version__
from ..formatting import translated
from ..i18n import _, in_english, ngettext, pop_language_option, set_language, translate_argparse
from .analysis import SOLVE_EXIT_CODE
from .analysis import register as register_analysis
from .common import (
    DEFAULT_PORTFOLIO,
    DEFAULT_SCREENSHOT_SCENARIO,
    PROG,
    Parser,
    _fraction,
    add_command,
    add_format_option,
    add_output_option,
    add_run_options,
    add_scenario_argument,
    check_output,
    check_samples,
    exit_codes,
    fail,
    portfolio_ref,
    render_table,
    resolve_portfolio,
    resolve_scenario,
    say,
    window_usage,
    write_output,
)
from .report import compute_table
from .sweeps import register as register_sweeps


def cmd_compute(args: argparse.Namespace) -> int:
    from ..engine import simulate
    from ..io import exports

    fmt = args.format
    suffix = Path(args.output).suffix.lower().lstrip(".") if args.output else ""
    if fmt is None:
        fmt = suffix if suffix in exports.FORMATS else "table"
    if fmt == "xlsx" and not args.output:
        fail(_("--format xlsx needs -o FILE.xlsx (a spreadsheet cannot be printed)"))
    check_output(args.output)
    if portfolio_ref(args.scenario):
        return compute_portfolio(args, fmt)
    scenario = resolve_scenario(args.scenario)
    check_samples(scenario, args.samples)
    results = simulate(scenario, samples=args.samples, seed=args.seed)
    if fmt == "xlsx":
        try:
            exports.write_xlsx(args.output, scenario, results, args.basis, args.tolerance)
        except OSError as exc:
            fail(_("cannot write {0}: {1}").format(args.output, exc.strerror or exc), 1)
        say(_("wrote {0}").format(args.output))
        return 0
    if fmt == "json":
        text = exports.dumps_json(exports.compute_json(scenario, results, args.basis, args.tolerance))
    elif fmt == "csv":
        if args.claims:
            text = exports.claims_csv(scenario, results, args.tolerance)
        else:
            text = exports.monthly_csv(results) if args.monthly else exports.annual_csv(results, args.basis)
    else:
        text = compute_table(scenario, results, args.basis, args.tolerance)
    write_output(text, args.output)
    return 0


def compute_portfolio(args: argparse.Namespace, fmt: str) -> int:
    """`compute PORTFOLIO`: totals, the breakdown by member, limits and industry claims (calendar years)."""
    from ..io.exports import dumps_json
    from ..portfolio.compute import run_portfolio
    from ..portfolio.exports import breakdown_csv, export_portfolio, portfolio_json
    from .portfolio import portfolio_table

    if args.basis == "fiscal":
        fail(
            _("a portfolio adds members up by calendar year (members keep their own fiscal years): drop --basis fiscal")
        )
    if args.monthly:
        fail(_("--monthly is for scenarios; a portfolio's CSV is its yearly breakdown by member"))
    resolved = resolve_portfolio(args.scenario)
    portfolio = resolved.portfolio
    if args.tolerance is not None:
        portfolio = portfolio.model_copy(update={"claim_tolerance": args.tolerance})
        resolved = resolved.with_portfolio(portfolio)
    members = [resolved.scenarios[m.id] for m in portfolio.members if m.enabled]
    check_samples(members, args.samples)
    # a file's words (claim reasons, warnings) are English whatever the reader's language, like a scenario's
    run = run_portfolio if fmt == "table" else in_english(run_portfolio)
    out = run(resolved, samples=args.samples, seed=args.seed)
    if fmt == "xlsx":
        try:
            in_english(export_portfolio)(args.output, portfolio, out)
        except OSError as exc:
            fail(_("cannot write {0}: {1}").format(args.output, exc.strerror or exc), 1)
        say(_("wrote {0}").format(args.output))
        return 0
    if fmt == "json":
        text = dumps_json(in_english(portfolio_json)(portfolio, out))
    elif fmt == "csv":
        text = in_english(breakdown_csv)(out)
    else:
        text = portfolio_table(portfolio, out)
    write_output(text, args.output)
    return 0


# ---------------------------------------------------------------- other commands


def cmd_presets(args: argparse.Namespace) -> int:
    from ..io.exports import dumps_json
    from ..io.presets import preset_titles

    if args.format == "json":  # the same bytes whatever the reader's language, like every JSON output
        titles = in_english(preset_titles)()
        write_output(dumps_json([{"id": pid, "title": title} for pid, title in titles.items()]), None)
    else:
        rows = list(preset_titles().items())
        write_output("\n".join(render_table([_("Preset"), _("Title")], rows, indent="")), None)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from ..io.scenario_files import ScenarioFileError, load_scenario
    from ..portfolio.files import open_portfolio

    code = 0
    for file in args.files:
        try:
            if portfolio_ref(file):
                portfolio = open_portfolio(file).portfolio
                members, overlaps, claims = len(portfolio.members), len(portfolio.overlaps), len(portfolio.claims)
                counts = ", ".join(
                    [
                        ngettext("{n} member", "{n} members", members).format(n=members),
                        ngettext("{n} overlap", "{n} overlaps", overlaps).format(n=overlaps),
                        ngettext("{n} claim", "{n} claims", claims).format(n=claims),
                    ]
                )
                valid = _("valid — portfolio '{name}', {counts}").format(
                    name=translated(portfolio, "name"), counts=counts
                )
                say(_("{path}: {message}").format(path=file, message=valid), sys.stdout)
                continue
            scenario = load_scenario(file)
        except ScenarioFileError as exc:
            code = 2
            if exc.problems:
                for line in (exc.message, *exc.problems):
                    say(_("{path}: {message}").format(path=file, message=line), sys.stdout)
            else:
                say(str(exc), sys.stdout)
            continue
        say(_("{file}: valid — '{0}', {1} claims").format(scenario.name, len(scenario.claims), file=file), sys.stdout)
    return code


def cmd_schema(args: argparse.Namespace) -> int:
    from ..io.exports import dumps_json
    from ..io.scenario_files import json_schema
    from ..portfolio.files import json_schema as portfolio_schema

    write_output(dumps_json(portfolio_schema() if args.portfolio else json_schema()), args.output)
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from ..io.scenario_files import save_scenario
    from ..portfolio.files import save_portfolio

    target = Path(args.output)
    if target.exists() and not args.force:
        fail(
            _("{target} already exists; use --force to replace it (the old file is kept as {0}.bak)").format(
                target.name, target=target
            )
        )
    if args.portfolio:
        source = args.source or DEFAULT_PORTFOLIO
        if not portfolio_ref(source):
            fail(_("'{source}' is not a portfolio (bundled: {0})").format(DEFAULT_PORTFOLIO, source=source))
        try:
            save_portfolio(resolve_portfolio(source).portfolio, target)
        except OSError as exc:
            fail(_("cannot write {target}: {0}").format(exc.strerror or exc, target=target), 1)
        say(
            f"wrote {target} from '{source}': members are bundled presets; switch them, weight them or point "
            f"them at your own .gwx files, then: {PROG} compute {target}"
        )
        return 0
    if not args.source:
        fail(_("give --from PRESET (or --portfolio)"))
    scenario = resolve_scenario(args.source)
    try:
        save_scenario(scenario, target)
    except OSError as exc:
        fail(_("cannot write {target}: {0}").format(exc.strerror or exc, target=target), 1)
    say(_("wrote {target} from '{0}' — edit it, then: {1} validate {target}").format(args.source, PROG, target=target))
    return 0


# ---------------------------------------------------------------- the parser


def build_parser() -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = Parser(
        prog=PROG,
        description=_("Build, check and compare scenarios of AI data-center build-outs: capex, power and GPUs."),
        epilog=window_usage() + "\n" + exit_codes(SOLVE_EXIT_CODE),
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"{PROG} {__version__}",
        help=_("show the program's version number and exit"),
    )
    sub = parser.add_subparsers(title=_("commands"), dest="command", metavar="COMMAND")

    p = sub.add_parser("presets", help=_("list the bundled presets (ids and titles)"))
    add_format_option(p)
    p.set_defaults(handler=cmd_presets)

    p = add_command(
        sub,
        "compute",
        _("run a scenario or a portfolio and print or export the results"),
        _(
            "Run a scenario. 'table' is for people (display units, claims, warnings); 'json' is a "
            "stable contract; 'csv' has one row per year (or month) with units in the header; "
            "'xlsx' writes a workbook with annual, monthly, claims and inputs sheets. "
            "A portfolio (a portfolio file or '{portfolio}') prints its totals and the "
            "breakdown by member, world limits and industry claims; its JSON adds 'members', "
            "'overlaps' and 'limits'; its CSV and workbook hold the breakdown."
        ).format(portfolio=DEFAULT_PORTFOLIO),
    )
    add_scenario_argument(p)
    add_run_options(p)
    add_format_option(p, ("table", "json", "csv", "xlsx"), default=None)
    add_output_option(p)
    p.add_argument("--monthly", action="store_true", help=_("with --format csv: one row per month"))
    p.add_argument(
        "--claims",
        action="store_true",
        help=_("with --format csv: one row per claim (statement, model, difference, verdict, reason)"),
    )
    p.add_argument(
        "--tolerance",
        type=_fraction,
        metavar="FRACTION",
        help=_("claim tolerance (default: the scenario's own, e.g. 0.1 = ±10%%)"),
    )
    p.set_defaults(handler=cmd_compute)

    p = add_command(sub, "validate", _("check scenario files; exit 2 with one line per problem"))
    p.add_argument("files", nargs="+", metavar="FILE", help=_("a .gwx scenario file"))
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("schema", help=_("print the JSON Schema of scenario files"))
    add_output_option(p)
    p.add_argument("--portfolio", action="store_true", help=_("the schema of portfolio files instead"))
    p.set_defaults(handler=cmd_schema)

    p = add_command(sub, "new", _("write a scenario file to edit, from a preset (or a portfolio)"))
    p.add_argument(
        "--from",
        dest="source",
        metavar="PRESET",
        help=_("preset id (or scenario file) to start from; with --portfolio, a portfolio"),
    )
    p.add_argument(
        "--portfolio",
        action="store_true",
        help=_(
            "write a portfolio of the bundled presets (default {portfolio}: eight build-outs with their "
            "overlaps declared)"
        ).format(portfolio=DEFAULT_PORTFOLIO),
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help=_("the new .gwx file"))
    p.add_argument("--force", action="store_true", help=_("replace FILE if it exists (keeps FILE.bak)"))
    p.set_defaults(handler=cmd_new)

    register_analysis(sub)
    register_sweeps(sub)
    parser.set_defaults(commands=tuple(sub.choices))
    return parser


# ---------------------------------------------------------------- the window


def open_window(path: str | None) -> int:
    if path is not None and not Path(path).is_file() and not portfolio_ref(path):
        fail(_("{path}: does not exist").format(path=path))
    try:
        from ..gui.app import run
    except ImportError as exc:
        fail(_("the window cannot start: {exc}").format(exc=exc), 1)
    return run(path)


def take_screenshot(argv: Sequence[str]) -> int:
    parser = Parser(prog=f"{PROG} --screenshot", description=_("Render the window offscreen to a PNG and exit."))
    parser.add_argument("path", metavar="PATH", help=_("PNG file to write"))
    parser.add_argument(
        "scenario",
        metavar="SCENARIO",
        nargs="?",
        default=DEFAULT_SCREENSHOT_SCENARIO,
        help=_("a .gwx file or a preset id (default {preset})").format(preset=DEFAULT_SCREENSHOT_SCENARIO),
    )
    parser.add_argument("--size", metavar="WxH", default="1440x900", help=_("window size in pixels (default 1440x900)"))
    parser.add_argument("--theme", choices=["light", "dark"], help=_("colour theme (default: the system's)"))
    parser.add_argument(
        "--view",
        default="main",
        choices=["main", "uncertainty", "sensitivity", "compare", "claims-on-charts", "land"],
        help=_("what the window shows (default main)"),
    )
    args = parser.parse_intermixed_args(argv)  # options may come before or after the paths
    check_output(args.path)
    if not portfolio_ref(args.scenario):
        resolve_scenario(args.scenario)  # an unknown preset or a bad file: refused here, in words
    try:
        from ..gui.screenshot import parse_size, screenshot
    except ImportError as exc:
        fail(_("the window cannot start: {exc}").format(exc=exc), 1)
    try:
        size = parse_size(args.size)
    except ValueError as exc:
        fail(_("{option}: {message}").format(option="--size", message=exc))
    return screenshot(args.path, args.scenario, size, args.theme, args.view)


def _is_window_file(arg: str, commands: Sequence[str]) -> bool:
    """A scenario or portfolio file, or a bundled portfolio's id: what the window opens."""
    from ..io.references import bundled_portfolio_ids

    return (
        arg not in commands
        and not arg.startswith("-")
        and (arg.lower().endswith(".gwx") or Path(arg).is_file() or arg in bundled_portfolio_ids())
    )


# ---------------------------------------------------------------- entry point


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="replace")  # never die on a console that lacks '–' or '×'
    try:
        argv, lang = pop_language_option(argv)  # --lang fr|en, anywhere on the line
        set_language(lang, explicit=lang is not None)
        translate_argparse()
    except ValueError as exc:
        fail(str(exc))
    try:
        if not argv:
            return open_window(None)
        if argv[0] == "--screenshot":
            return take_screenshot(argv[1:])
        parser = build_parser()
        if len(argv) == 1 and _is_window_file(argv[0], parser.get_default("commands")):
            return open_window(argv[0])
        args = parser.parse_args(argv)
        if getattr(args, "handler", None) is None:
            parser.print_help()
            return 2
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # output piped into 'head' and the like: stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # last resort: a message, never a traceback
        return _report(exc)


def _report(exc: Exception) -> int:
    from pydantic import ValidationError

    from ..io.scenario_files import ScenarioFileError
    from ..model.errors import describe

    if isinstance(exc, ScenarioFileError):
        say(_("{prog}: {message}").format(prog=PROG, message=exc))
        return 2
    if isinstance(exc, ValidationError):
        heading = _("{prog}: {message}").format(prog=PROG, message=_("invalid values:"))
        say("\n".join([heading, *(f"  {line}" for line in describe(exc))]))
        return 2
    say(_("{0}: unexpected error ({1}: {exc})").format(PROG, type(exc).__name__, exc=exc))
    return 1
