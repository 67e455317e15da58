"""`sensitivity --method variance | sobol`: global sensitivity on the command line."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..analysis.metrics import describe
from ..formatting import format_number, format_percent, input_title, localize_number, translated
from ..i18n import _, ngettext
from ..scale import MissingExtra
from .common import fail, portfolio_ref, render_table, resolve_portfolio, resolve_scenario, write_output

if TYPE_CHECKING:
    from ..analysis.sobol import SobolResult
    from ..model.scenario import Scenario
    from ..portfolio import ResolvedPortfolio

DEFAULT_SAMPLES = {"variance": 1000, "sobol": 1024}
BAR_WIDTH = 20


def _bar(share: float) -> str:
    return "█" * round(abs(share) * BAR_WIDTH)


def cmd_variance(args: argparse.Namespace, scenario: Scenario, samples: int) -> int:
    from ..analysis.variance import variance_contributions
    from ..io.exports import dumps_json

    found = variance_contributions(scenario, args.metric, args.year, samples, args.seed, args.basis, args.measure)
    if args.format == "json":
        write_output(dumps_json([c.as_dict() for c in found]), args.output)
        return 0
    what = describe(args.metric, args.year, args.basis, args.measure)
    lines = [
        _("{scenario} — contribution to variance of {what}").format(scenario=translated(scenario, "name"), what=what),
        _(
            "Rank correlation of each ranged input with the output over {samples} Monte Carlo samples (seed "
            "{seed}), squared and scaled to 100 %; a minus sign means the output falls as the input rises."
        ).format(samples=format_number(samples), seed=args.seed),
        "",
    ]
    if not found:
        lines.append(_("No ranged inputs: give an input a low and a high to see its contribution."))
    elif all(c.share == 0 for c in found):
        lines.append(_("The output does not vary across the samples."))
    else:
        shown = [c for c in found if abs(c.share) >= 0.001]
        rows = [
            [
                str(i),
                input_title(scenario, c.input),
                localize_number(f"{c.rank_correlation:+.3f}"),
                format_percent(c.share * 100, signed=True),
                _bar(c.share),
            ]
            for i, c in enumerate(shown, 1)
        ]
        lines += render_table(
            ["#", _("Input"), _("Rank correlation"), _("Contribution"), ""],
            rows,
            right=[True, False, True, True, False],
        )
        if len(found) > len(shown):
            others = len(found) - len(shown)
            lines.append(
                "  "
                + ngettext(
                    "{n} other ranged input contributes less than {share} each.",
                    "{n} other ranged inputs contribute less than {share} each.",
                    others,
                ).format(n=others, share=format_percent(0.1))
            )
    write_output("\n".join(lines), args.output)
    return 0


def cmd_sobol(args: argparse.Namespace, scenario: Scenario, samples: int) -> int:
    from ..analysis.sobol import sobol

    result = sobol(
        scenario,
        args.metric,
        args.year,
        samples,
        args.seed,
        args.basis,
        args.measure,
        workers=args.workers,
        scheduler=args.scheduler,
    )
    return _sobol_report(args, result, scenario.name, lambda name: input_title(scenario, name))


def cmd_portfolio_sobol(args: argparse.Namespace, resolved: ResolvedPortfolio, samples: int) -> int:
    from ..portfolio.inputs import input_label, portfolio_sobol

    if args.basis != "calendar":
        fail(
            _("a portfolio adds members up by calendar year (members keep their own fiscal years): drop --basis fiscal")
        )
    result = portfolio_sobol(
        resolved,
        args.metric,
        args.year,
        samples,
        args.seed,
        args.measure,
        workers=args.workers,
        scheduler=args.scheduler,
    )
    return _sobol_report(args, result, resolved.portfolio.name, lambda name: input_label(resolved, name))


def _sobol_report(args: argparse.Namespace, result: SobolResult, name: str, title: Callable[[str], str]) -> int:
    from ..io.exports import dumps_json

    if args.format == "json":
        write_output(
            dumps_json(
                {
                    "base_samples": result.base_samples,
                    "runs": result.runs,
                    "confidence": result.confidence,
                    "indices": [i.as_dict() for i in result.indices],
                }
            ),
            args.output,
        )
        return 0
    what = describe(args.metric, args.year, args.basis, args.measure)
    lines = [
        _("{scenario} — Sobol indices of {what}").format(scenario=name, what=what),
        _(
            "First order (the input alone) and total (with its interactions), ± half the {confidence} confidence "
            "interval; {base} base samples, {runs} engine runs, seed {seed}."
        ).format(
            confidence=format_percent(result.confidence * 100, decimals=0),
            base=format_number(result.base_samples),
            runs=format_number(result.runs),
            seed=args.seed,
        ),
        "",
    ]
    shown = [i for i in result.indices if i.total >= 0.001]
    rows = [
        [
            str(k),
            title(i.input),
            f"{i.first:.3f} ± {i.first_conf:.3f}",
            f"{i.total:.3f} ± {i.total_conf:.3f}",
        ]
        for k, i in enumerate(shown, 1)
    ]
    lines += render_table(["#", _("Input"), _("First order"), _("Total")], rows, right=[True, False, True, True])
    others = len(result.indices) - len(shown)
    if others:
        lines.append(
            "  "
            + ngettext(
                "{n} other ranged input has a total index below {floor}.",
                "{n} other ranged inputs have a total index below {floor}.",
                others,
            ).format(n=others, floor=localize_number("0.001"))
        )
    firsts = localize_number(f"{sum(i.first for i in result.indices):.2f}")
    lines.append(
        "  "
        + _("Sum of first-order indices: {sum} (the rest of the variance comes from interactions).").format(sum=firsts)
    )
    write_output("\n".join(lines), args.output)
    return 0


def cmd_global(args: argparse.Namespace) -> int:
    """Dispatch of the global methods; the tornado stays in cli.analysis."""
    from ..cluster import ClusterError

    if args.method != "sobol" and (args.workers or args.scheduler):
        fail(_("--workers and --scheduler apply to --method sobol"))
    samples = args.samples or DEFAULT_SAMPLES[args.method]
    try:
        if portfolio_ref(args.scenario):
            if args.method != "sobol":
                fail(_("a portfolio's sensitivity is taken with --method sobol"))
            return cmd_portfolio_sobol(args, resolve_portfolio(args.scenario), samples)
        command = cmd_variance if args.method == "variance" else cmd_sobol
        return command(args, resolve_scenario(args.scenario), samples)
    except (MissingExtra, ClusterError) as exc:
        fail(str(exc), 1)
    except ValueError as exc:
        fail(str(exc))


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--method",
        choices=["tornado", "variance", "sobol"],
        default="tornado",
        help=_(
            "tornado: each input at its low and high (default); variance: contribution to "
            "variance from a Monte Carlo run (rank correlation); sobol: first and total Sobol "
            "indices (needs the 'scale' extra)"
        ),
    )
    parser.add_argument(
        "--samples",
        type=int,
        metavar="N",
        help=_(
            "variance: Monte Carlo samples (default 1000; with --seed, the same draws as "
            "'compute --samples N --seed S'); sobol: base samples, a power of two (default 1024; "
            "the engine runs N × (inputs + 2) times)"
        ),
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help=_("random seed (default 0)"))
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help=_("sobol: run on a local Dask cluster of N processes"))
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", help=_("sobol: run on a running Dask cluster"))
