"""`gigawatt-explorer sweep FILE -o results.parquet`: a sweep file run here or on a Dask cluster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..i18n import N_, _, ngettext
from .common import PROG, Subparsers, check_output, exit_codes, fail, write_output

SWEEP_EXIT_CODE = ("1", N_("(a sweep: also when the Dask scheduler cannot be reached or the 'scale' extra is missing)"))


def cmd_sweep(args: argparse.Namespace) -> int:
    from ..cluster import ClusterError
    from ..io.exports import dumps_json
    from ..scale import MissingExtra, require
    from ..sweeps.progress import count_text
    from ..sweeps.run import SweepError, estimate, load_sweep, run_sweep
    from ..sweeps.spec import SweepFileError, json_schema

    if args.schema:
        write_output(dumps_json(json_schema()), args.output)
        return 0
    if args.file is None:
        fail(_("give a sweep FILE (or --schema for the JSON Schema of sweep files)"))
    if args.output is None and not args.dry_run:
        fail(_("give -o RESULTS.parquet: where the rows go (or --dry-run for the estimate alone)"))
    if args.workers is not None and args.scheduler is not None:
        fail(_("choose --workers (a local cluster) or --scheduler (a running one), not both"))
    try:
        require("Sweeps", "pyarrow", "pandas")
        plan = load_sweep(args.file)
    except SweepFileError as exc:
        fail(str(exc))
    except MissingExtra as exc:
        fail(str(exc), 1)
    if args.dry_run:
        scenarios, portfolios = len(plan.sweep.scenarios), len(plan.sweep.portfolios)
        runs = [count_text(ngettext("{n} scenario", "{n} scenarios", scenarios), scenarios)] if scenarios else []
        runs += [count_text(ngettext("{n} portfolio", "{n} portfolios", portfolios), portfolios)] if portfolios else []
        print(
            _("{file}: {runs} × {points} × {samples}; columns: {columns}").format(
                file=args.file,
                runs=" + ".join(runs),
                points=count_text(ngettext("{n} point", "{n} points", len(plan.points)), len(plan.points)),
                samples=count_text(ngettext("{n} sample", "{n} samples", plan.samples), plan.samples),
                columns=", ".join(plan.columns),
            )
        )
        print(estimate(plan, list(plan.chunks)).text())
        return 0
    check_output(args.output)
    output = Path(args.output)
    parts = output.with_name(output.name + ".parts")
    if output.exists() and not parts.exists() and not args.force:
        fail(_("{output} already exists; use --force to replace it").format(output=output))
    try:
        run_sweep(
            plan,
            output,
            workers=args.workers,
            scheduler=args.scheduler,
            force=args.force,
            announce=lambda text: print(text, file=sys.stderr),
        )
    except MissingExtra as exc:
        fail(str(exc), 1)
    except (SweepError, ClusterError) as exc:
        fail(str(exc), 1)
    except KeyboardInterrupt:
        print(
            "\n"
            + _(
                "{prog}: interrupted; finished chunks are kept in {parts} — run the same command again to resume"
            ).format(prog=PROG, parts=parts),
            file=sys.stderr,
        )
        return 130
    rows = count_text(ngettext("{n} row", "{n} rows", plan.rows), plan.rows)
    print(_("wrote {output} ({rows})").format(output=output, rows=rows), file=sys.stderr)
    return 0


def register(subparsers: Subparsers) -> None:
    """Add 'sweep' to the command line."""
    p = subparsers.add_parser(
        "sweep",
        help=_("run a sweep file: scenarios × design points × samples, to parquet"),
        description=_(
            "Run every point and sample of a sweep file and write one row per run (inputs and "
            "outputs) to a parquet file. Prints an estimate of time and memory first and a progress "
            "bar while it runs; an interrupted sweep resumes from the chunks already written "
            "(kept in RESULTS.parquet.parts). Runs here by default; --workers N starts a local Dask "
            "cluster; --scheduler tcp://HOST:8786 uses one started with 'dask scheduler' and "
            "'dask worker'. The rows are the same wherever they ran. Needs the 'scale' extra."
        ),
        epilog=exit_codes(SWEEP_EXIT_CODE),
    )
    p.add_argument("file", nargs="?", metavar="FILE", help=_("the sweep file (JSON; see --schema)"))
    p.add_argument("-o", "--output", metavar="RESULTS.parquet", help=_("the parquet file to write"))
    where = p.add_mutually_exclusive_group()
    where.add_argument("--workers", type=int, metavar="N", help=_("start a local Dask cluster of N processes"))
    where.add_argument("--scheduler", metavar="tcp://HOST:PORT", help=_("use a running Dask scheduler"))
    p.add_argument("--force", action="store_true", help=_("replace RESULTS if it exists"))
    p.add_argument("--dry-run", action="store_true", help=_("check the file and print the estimate; run nothing"))
    p.add_argument("--schema", action="store_true", help=_("print the JSON Schema of sweep files and exit"))
    p.set_defaults(handler=cmd_sweep)
