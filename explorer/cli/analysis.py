"""The analysis commands: sensitivity, solve and compare."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

import numpy as np

from ..analysis.metrics import Measure
from ..engine.results import Basis
from ..formatting import choice_text, format_percent, format_ratio, input_title, translated
from ..i18n import N_, _, ngettext
from ..model.ranges import Range
from ..series import SERIES
from .common import (
    Subparsers,
    add_command,
    add_format_option,
    add_output_option,
    add_scenario_argument,
    check_output,
    exit_codes,
    fail,
    finite_number,
    number_text,
    quantity_text,
    render_table,
    resolve_scenario,
    say,
    write_output,
)
from .global_sensitivity import add_options as add_global_options

UNREACHABLE = 3
SOLVE_EXIT_CODE = ("3", N_("solve: no value of the input within its bounds reaches the target"))


def _metric_options(parser: argparse.ArgumentParser, required: bool = True) -> None:
    parser.add_argument(
        "--metric",
        required=required,
        metavar="M",
        help=_("output series, e.g. facility_power_mw, gpus_installed, capex_total_usd"),
    )
    parser.add_argument("--year", type=int, required=required, metavar="Y", help=_("calendar (or fiscal) year"))
    parser.add_argument(
        "--basis",
        choices=["calendar", "fiscal"],
        default="calendar",
        help=_("read the year as a calendar or the scenario's fiscal year (default calendar)"),
    )
    parser.add_argument(
        "--measure",
        choices=["added", "peak", "growth"],
        help=_(
            "instead of the year-end stock / yearly flow: the stock added during the year, "
            "the peak month, or the ratio to the year before"
        ),
    )


def plain_number(value: float) -> str:
    """Ten significant figures, never in exponent form: 29490455790, 1.183418."""
    return np.format_float_positional(value, precision=10, unique=False, fractional=False, trim="-")


def _check(metric: str | None) -> None:
    if metric is not None and metric not in SERIES:
        fail(_("unknown metric '{metric}'; choose one of: {0}").format(", ".join(SERIES), metric=metric))


def _value_text(metric: str, value: float, measure: str | None) -> str:
    return format_ratio(value) if measure == "growth" else quantity_text(metric, value)


def _heading(metric: str, year: int, basis: Basis, measure: Measure) -> str:
    from ..analysis.metrics import describe

    return describe(metric, year, basis, measure)


# ---------------------------------------------------------------- sensitivity


def cmd_sensitivity(args: argparse.Namespace) -> int:
    from ..analysis.sensitivity import tornado
    from ..io.exports import dumps_json

    _check(args.metric)
    if args.method != "tornado" or args.workers or args.scheduler:
        from .global_sensitivity import cmd_global

        return cmd_global(args)
    scenario = resolve_scenario(args.scenario)
    try:
        swings = tornado(scenario, args.metric, args.year, args.basis, args.measure)
    except ValueError as exc:
        fail(str(exc))
    if args.format == "json":
        write_output(
            dumps_json([{"input": s.input, "low": s.low, "high": s.high, "swing": s.swing} for s in swings]),
            args.output,
        )
        return 0
    if not swings:
        write_output(
            _("{scenario} has no ranged inputs: give an input a low and a high to see its swing.").format(
                scenario=translated(scenario, "name")
            ),
            args.output,
        )
        return 0
    moving = [s for s in swings if s.swing > 0]
    lines = [
        _("{scenario} — tornado of {what}").format(
            scenario=translated(scenario, "name"), what=_heading(args.metric, args.year, args.basis, args.measure)
        ),
        _("Each ranged input at its low and at its high, every other input at base; sorted by swing."),
        _("Base: {value}").format(value=_value_text(args.metric, swings[0].base, args.measure)),
        "",
    ]
    rows = [
        [
            str(i),
            input_title(scenario, s.input),
            f"{number_text(s.input_low)} – {number_text(s.input_high)}",
            _value_text(args.metric, s.low, args.measure),
            _value_text(args.metric, s.high, args.measure),
            _value_text(args.metric, s.swing, args.measure),
        ]
        for i, s in enumerate(moving, 1)
    ]
    lines += render_table(
        ["#", _("Input"), _("Input low – high"), _("Output at low"), _("Output at high"), _("Swing")],
        rows,
        right=[True, False, True, True, True, True],
    )
    still = len(swings) - len(moving)
    if still:
        lines.append(
            "  "
            + ngettext(
                "{n} other ranged input does not move this output.",
                "{n} other ranged inputs do not move this output.",
                still,
            ).format(n=still)
        )
    write_output("\n".join(lines), args.output)
    return 0


# ---------------------------------------------------------------- solve


def cmd_solve(args: argparse.Namespace) -> int:
    from ..analysis.goal_seek import apply_value, solve
    from ..analysis.inputs import input_info
    from ..io.exports import dumps_json

    _check(args.metric)
    check_output(args.save)
    check_output(args.output)
    scenario = resolve_scenario(args.scenario)
    try:
        info = input_info(scenario, args.input)
        solution = solve(scenario, args.input, args.metric, args.year, args.target, args.basis, args.measure)
    except (KeyError, ValueError) as exc:
        fail(str(exc).strip("'\""))
    found = solution.found
    if args.format == "json":
        write_output(dumps_json(solution.as_dict()), args.output)
    elif found is not None:
        what = _heading(args.metric, args.year, args.basis, args.measure)
        write_output(
            "\n".join(
                [
                    f"{solution.input} = {plain_number(found[0])} {info.unit}".rstrip(),
                    "  "
                    + ngettext(
                        "{what}: {value} (target {target}; {n} engine run)",
                        "{what}: {value} (target {target}; {n} engine runs)",
                        solution.iterations,
                    ).format(
                        what=what,
                        value=_value_text(args.metric, found[1], args.measure),
                        target=_value_text(args.metric, args.target, args.measure),
                        n=solution.iterations,
                    ),
                    "  " + _("was {value}").format(value=f"{plain_number(info.base)} {info.unit}".rstrip()),
                ]
            ),
            args.output,
        )
    if found is None:
        fail(solution.reason, UNREACHABLE)
    if args.save:
        from ..io.scenario_files import save_scenario

        try:
            save_scenario(apply_value(scenario, solution.input, found[0]), args.save)
        except OSError as exc:
            fail(_("cannot write {0}: {1}").format(args.save, exc.strerror or exc), 1)
        say(_("wrote {0} with {1} = {2}").format(args.save, solution.input, plain_number(found[0])))
    return 0


# ---------------------------------------------------------------- compare


def _input_text(value: Any) -> str:
    if value is None:
        return _("absent")
    if isinstance(value, Range):
        spread = f"{number_text(value.low)} – {number_text(value.high)}"
        return f"{number_text(value.base)} ({spread}, {choice_text(value.dist)})"
    if isinstance(value, dict):
        return _("present")
    if isinstance(value, tuple):
        return ", ".join(number_text(v) if isinstance(v, float) else str(v) for v in value)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_text(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, Range):
        return value.model_dump(mode="json")
    if isinstance(value, tuple):
        return list(value)
    return value


def cmd_compare(args: argparse.Namespace) -> int:
    from ..analysis.compare import DEFAULT_METRICS, diff_inputs, group_text, outputs_table, waterfall
    from ..io.exports import dumps_json

    if (args.metric is None) != (args.year is None):
        fail(_("--metric and --year go together (the waterfall needs both)"))
    _check(args.metric)
    a, b = resolve_scenario(args.a), resolve_scenario(args.b)
    metrics = args.metrics or ([args.metric] if args.metric else list(DEFAULT_METRICS))
    for metric in metrics:
        _check(metric)
    years = args.years or ([args.year] if args.year else None)
    try:
        diffs = diff_inputs(a, b)
        rows = outputs_table(a, b, metrics, years, args.basis)
        fall = None
        if args.metric:
            order = args.order.split(",") if args.order else None
            fall = waterfall(a, b, args.metric, args.year, order, args.basis, args.measure, args.method)
    except ValueError as exc:
        fail(str(exc))

    if args.format == "json":
        write_output(
            dumps_json(
                {
                    "a": a.name,
                    "b": b.name,
                    "inputs": [
                        {"path": d.path, "group": d.group, "a": _json_value(d.a_value), "b": _json_value(d.b_value)}
                        for d in diffs
                    ],
                    "outputs": [
                        {
                            "metric": r.metric,
                            "year": r.year,
                            "unit": SERIES[r.metric].unit,
                            "a": r.a,
                            "b": r.b,
                            "diff": r.diff,
                            "diff_pct": r.diff_pct,
                        }
                        for r in rows
                    ],
                    "waterfall": fall.as_dict() if fall else None,
                }
            ),
            args.output,
        )
        return 0

    prefix = "FY" if args.basis == "fiscal" else ""
    lines = [
        _("{side}: {name}").format(side="A", name=translated(a, "name")),
        _("{side}: {name}").format(side="B", name=translated(b, "name")),
        "",
        _("Inputs that differ ({n})").format(n=len(diffs)),
    ]
    lines += render_table(
        [_("Group"), _("Input"), "A", "B"],
        [
            [
                group_text(d.group),
                input_title(a if d.a_value is not None else b, d.path, short=True),
                _input_text(d.a_value),
                _input_text(d.b_value),
            ]
            for d in diffs
        ],
    )
    lines += ["", _("Outputs (base runs; stock = end of year, flow = total over the year)")]
    lines += render_table(
        [_("Series"), _("Layer, measure"), _("Year"), "A", "B", "B − A"],
        [
            [
                SERIES[r.metric].label,
                SERIES[r.metric].tag(),
                f"{prefix}{r.year}",
                quantity_text(r.metric, r.a),
                quantity_text(r.metric, r.b),
                format_percent(r.diff_pct, signed=True),
            ]
            for r in rows
        ],
        right=[False, False, False, True, True, True],
    )
    if fall:
        value: Callable[[float], str] = lambda v: _value_text(fall.metric, v, fall.measure)
        how = (
            _("each group swapped into A alone")
            if fall.method == "one_at_a_time"
            else _("groups swapped one after another in this order")
        )
        what = _heading(fall.metric, fall.year, fall.basis, fall.measure)
        lines += ["", _("Waterfall of {what}: A → B, {how}").format(what=what, how=how)]
        table = [["A", value(fall.start)]]
        scale = max(abs(fall.start), abs(fall.end))
        table += [[f"+ {group_text(group)}", _signed(value, delta, scale)] for group, delta in fall.steps]
        table += [["+ " + _("interaction"), _signed(value, fall.interaction, scale)], ["= B", value(fall.end)]]
        lines += render_table([_("Step"), _("Value")], table, right=[False, True])
    write_output("\n".join(lines), args.output)
    return 0


def _signed(value: Callable[[float], str], delta: float, scale: float) -> str:
    if abs(delta) <= 1e-9 * scale:  # rounding left over by the sums, not a change
        return value(0.0)
    return ("−" if delta < 0 else "+") + value(abs(delta))


# ---------------------------------------------------------------- registration


def register(subparsers: Subparsers) -> None:
    """Add 'sensitivity', 'solve' and 'compare' to the command line."""
    p = add_command(
        subparsers,
        "sensitivity",
        _("which ranged input moves an output most: tornado, contribution to variance, Sobol"),
        _(
            "Tornado (default): move each ranged input to its low and to its high, every other input "
            "at base, and report the output for the year, sorted by swing (json: list of input, low, "
            "high, swing in the metric's stored unit). --method variance: each input's share of the "
            "output's variance over a Monte Carlo run. --method sobol: Sobol first and total indices "
            "with confidence intervals."
        ),
    )
    add_scenario_argument(p)
    _metric_options(p)
    add_global_options(p)
    add_format_option(p)
    add_output_option(p)
    p.set_defaults(handler=cmd_sensitivity)

    p = add_command(
        subparsers,
        "solve",
        _("goal seek: the input value that makes an output reach a target"),
        _(
            "Find the value of one input (its dotted path in the scenario file, e.g. "
            "capex.by_year.2025 or power.design_pue) at which the output reaches TARGET in the year, "
            "within the input's declared bounds. Prints the value; exit 3 when no value reaches it."
        ),
        exit_codes(SOLVE_EXIT_CODE),
    )
    add_scenario_argument(p)
    p.add_argument("--input", required=True, metavar="PATH", help=_("dotted path of the input to solve for"))
    _metric_options(p)
    p.add_argument(
        "--target",
        type=finite_number,
        required=True,
        metavar="T",
        help=_("target in the metric's stored unit (USD, GPUs, MW, TWh …)"),
    )
    p.add_argument(
        "--save",
        metavar="FILE",
        help=_("also write the scenario with the solved value (a range keeps its width) to FILE"),
    )
    add_format_option(p)
    add_output_option(p)
    p.set_defaults(handler=cmd_solve)

    p = add_command(
        subparsers,
        "compare",
        _("compare two scenarios: inputs, outputs and a waterfall"),
        _(
            "The inputs that differ, chosen outputs side by side for years both scenarios cover, "
            "and with --metric and --year a waterfall that attributes the difference to groups of "
            "inputs (timeline, capex plan, purchase plan, procurement mix, accelerators, starting "
            "point, power chain, facilities, operations)."
        ),
    )
    add_scenario_argument(p, "a")
    add_scenario_argument(p, "b")
    _metric_options(p, required=False)
    p.add_argument("--metrics", nargs="+", metavar="M", help=_("outputs for the side-by-side table"))
    p.add_argument("--years", nargs="+", type=int, metavar="Y", help=_("years for the side-by-side table"))
    p.add_argument("--order", metavar="G1,G2,…", help=_("waterfall group order, comma separated"))
    p.add_argument(
        "--method",
        choices=["one_at_a_time", "sequential"],
        default="one_at_a_time",
        help=_("waterfall: swap each group into A alone (default) or one after another"),
    )
    add_format_option(p)
    add_output_option(p)
    p.set_defaults(handler=cmd_compare)
