"""Running a sweep: in this process (chunk by chunk, memory-bounded) or on a Dask cluster, a local one
(``workers``) or an existing one (``scheduler``). Dask only schedules chunks; ``run_chunk`` does the work.

Results go to a parquet file through a folder of finished chunks beside it (``results.parquet.parts``):
each chunk is written once under its id, so a chunk that reaches the writer twice (a rescheduled task)
is not duplicated, and an interrupted sweep started again runs only the chunks that are missing. The
file is assembled in chunk order at the end, so it is the same bytes wherever the chunks ran.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from ..cluster import connect, disconnect, run_here, run_tasks, worker_count
from ..formatting import localize_number
from ..i18n import _, ngettext
from ..io.scenario_files import atomic_write_bytes, write_target
from ..scale import require
from .plan import Chunk, Plan, plan_sweep, run_chunk
from .progress import Progress, count_text, duration_text
from .spec import SweepFile, SweepFileError, load_sweep_file

if TYPE_CHECKING:
    import pandas as pd
    import pyarrow as pa
    from distributed import Client

PROBE_ROWS = 256
MANIFEST = "sweep.json"


class SweepError(Exception):
    """The sweep cannot run or finish (its results folder holds another sweep's chunks …)."""


@dataclass(frozen=True)
class Estimate:
    rows: int
    chunks: int
    seconds: float  # wall time on ``processes`` processes
    processes: int
    memory_bytes: float  # peak per process
    output_bytes: float  # uncompressed size of the kept columns

    def text(self) -> str:
        return _(
            "{rows} in {chunks}: about {duration} on {processes}, about {memory} MB per process, "
            "results up to {output} MB"
        ).format(
            rows=count_text(ngettext("{n} row", "{n} rows", self.rows), self.rows),
            chunks=count_text(ngettext("{n} chunk", "{n} chunks", self.chunks), self.chunks),
            duration=duration_text(self.seconds),
            processes=count_text(ngettext("{n} process", "{n} processes", self.processes), self.processes),
            memory=localize_number(f"{self.memory_bytes / 1e6:,.0f}"),
            output=localize_number(f"{self.output_bytes / 1e6:,.1f}"),
        )


def estimate(plan: Plan, todo: list[Chunk], processes: int = 1) -> Estimate:
    """Time and memory from a short timed run (and a traced one) of each scenario."""
    seconds, memory = 0.0, 0.0
    for s, subject in enumerate(plan.subjects):
        rows = sum(c.points for c in todo if c.scenario == s) * plan.samples
        if not rows:
            continue
        largest = subject.rows_at_once(max(c.points for c in plan.chunks if c.scenario == s), plan.samples)
        probe = min(PROBE_ROWS, largest)
        subject.probe(probe)  # warm: first runs pay for imports and caches
        start = time.perf_counter()
        subject.probe(probe)
        seconds += (time.perf_counter() - start) / probe * rows
        tracemalloc.start()
        subject.probe(probe)
        memory = max(memory, tracemalloc.get_traced_memory()[1] / probe * largest)
        tracemalloc.stop()
    rows = sum(c.points for c in todo) * plan.samples
    return Estimate(rows, len(todo), seconds / processes, processes, memory, rows * len(plan.columns) * 8.0)


# ---------------------------------------------------------------- where results go


def _table(plan: Plan, columns: dict[str, np.ndarray]) -> pa.Table:
    import pyarrow as pa

    return pa.table({name: columns[name] for name in plan.columns}, schema=_schema(plan))


def _schema(plan: Plan) -> pa.Schema:
    import pyarrow as pa

    fields = [pa.field("scenario", pa.string()), pa.field("point", pa.int64()), pa.field("sample", pa.int64())]
    fields += [pa.field(name, pa.float64()) for name in plan.columns[3:]]
    meta = {
        "gigawatt_explorer.sweep": json.dumps(plan.sweep.model_dump(mode="json")),
        "gigawatt_explorer.units": json.dumps(plan.units),
    }
    return pa.schema(fields, metadata=meta)


class MemoryStore:
    """Chunks kept in memory, returned as one DataFrame in chunk order."""

    def __init__(self, plan: Plan):
        self.plan = plan
        self.tables: dict[int, pa.Table] = {}
        self.done: set[int] = set()

    def write(self, chunk_id: int, columns: dict[str, np.ndarray]) -> bool:
        if chunk_id in self.tables:
            return False
        self.tables[chunk_id] = _table(self.plan, columns)
        self.done.add(chunk_id)
        return True

    def finish(self) -> pd.DataFrame:
        import pyarrow as pa

        return pa.concat_tables([self.tables[c.id] for c in self.plan.chunks]).to_pandas()


class PartStore:
    """Finished chunks as files in ``<output>.parts``, assembled into ``output`` when all are there."""

    def __init__(self, plan: Plan, output: str | os.PathLike[str], force: bool = False):
        # a symlink is written through to its target; devices and missing folders are refused
        self.plan, self.output = plan, write_target(output)
        self.parts = self.output.with_name(self.output.name + ".parts")
        manifest = self.parts / MANIFEST
        if manifest.is_file():
            found = json.loads(manifest.read_text()).get("digest")
            if found != plan.digest:
                raise SweepError(
                    _(
                        "{folder} holds chunks of a different sweep (or of changed scenarios); "
                        "delete it to start afresh, or write to another file"
                    ).format(folder=self.parts)
                )
        else:
            if self.output.exists() and not force:
                raise SweepError(_("{output} already exists; use --force to replace it").format(output=self.output))
            self.parts.mkdir(exist_ok=True)
            manifest_text = json.dumps({"digest": plan.digest, "chunks": len(plan.chunks)})
            atomic_write_bytes(manifest, manifest_text.encode(), keep_backup=False)
        self.done = {int(f.stem.split("-")[1]) for f in self.parts.glob("chunk-*.parquet")}

    def _path(self, chunk_id: int) -> Path:
        return self.parts / f"chunk-{chunk_id:07d}.parquet"

    def write(self, chunk_id: int, columns: dict[str, np.ndarray]) -> bool:
        """Write the chunk unless it is already there; False for a duplicate."""
        import pyarrow.parquet as pq

        if chunk_id in self.done:
            return False
        tmp = self._path(chunk_id).with_suffix(".tmp")
        pq.write_table(_table(self.plan, columns), tmp)
        os.replace(tmp, self._path(chunk_id))
        self.done.add(chunk_id)
        return True

    def finish(self) -> Path:
        import pyarrow.parquet as pq

        tmp = self.output.with_name(self.output.name + ".tmp")
        with pq.ParquetWriter(tmp, _schema(self.plan)) as writer:
            for chunk in self.plan.chunks:
                writer.write_table(pq.read_table(self._path(chunk.id), schema=_schema(self.plan)))
        os.replace(tmp, self.output)
        shutil.rmtree(self.parts)
        return self.output


# ---------------------------------------------------------------- where chunks run


def in_process(plan: Plan, todo: list[Chunk]) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
    """Chunks in order, each computed while the one before is written."""
    return run_here(run_chunk, plan, [c.id for c in todo])


def on_dask(plan: Plan, todo: list[Chunk], client: Client) -> Iterator[tuple[int, dict[str, np.ndarray]]]:
    """Chunks as Dask tasks; results come back as they finish."""
    return run_tasks(client, run_chunk, plan, [c.id for c in todo], "sweep-chunk")


# ---------------------------------------------------------------- the whole run


def load_sweep(path: str | os.PathLike[str]) -> Plan:
    """A sweep file read, validated and resolved against its scenarios (relative to the file); a
    SweepFileError names the file, the field and the rule."""
    sweep = load_sweep_file(path)
    try:
        return plan_sweep(sweep, Path(path).parent)
    except SweepFileError as exc:  # plan_sweep knows the fields, not which file held them
        raise SweepFileError(path, exc.message, exc.problems) from None


def run_sweep(
    sweep: Plan | SweepFile | str | os.PathLike[str],
    output: str | os.PathLike[str] | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: bool | Callable[[int, int], None] = True,
    force: bool = False,
    announce: Callable[[str], None] | None = None,
) -> pd.DataFrame | Path:
    """Run every chunk of a sweep. Returns a pandas DataFrame, or with ``output`` writes that parquet file
    (resuming from its ``.parts`` folder) and returns its path.

    ``workers`` starts a local Dask cluster of that many processes; ``scheduler`` ('tcp://host:8786')
    uses a running one; neither runs here. ``progress``: True for a bar (terminal or notebook), False
    for none, or a callable(rows done, rows in all). ``announce`` receives the estimate before the start.
    """
    require("Sweeps", "pyarrow", "pandas")
    if workers is not None and scheduler is not None:
        raise ValueError(_("choose workers (a local cluster) or scheduler (a running one), not both"))
    plan = (
        sweep if isinstance(sweep, Plan) else (plan_sweep(sweep) if isinstance(sweep, SweepFile) else load_sweep(sweep))
    )
    store = PartStore(plan, output, force) if output is not None else MemoryStore(plan)
    todo = [c for c in plan.chunks if c.id not in store.done]
    client = connect(workers, scheduler) if workers or scheduler else None
    try:
        processes = worker_count(client) if client is not None else 1
        found = estimate(plan, todo, processes)
        if announce is not None:
            resumed = len(plan.chunks) - len(todo)
            already = count_text(ngettext("{n} chunk already written", "{n} chunks already written", resumed), resumed)
            announce(found.text() + (_(" ({chunks}: resuming)").format(chunks=already) if resumed else ""))
        bar = Progress(
            plan.rows,
            plan.rows - found.rows,
            callback=progress if callable(progress) else None,
            show=progress is not False,
        )
        chunks = on_dask(plan, todo, client) if client is not None else in_process(plan, todo)
        for chunk_id, columns in chunks:
            if store.write(chunk_id, columns):
                bar.update(len(columns["point"]))
        bar.close()
    finally:
        if client is not None:
            disconnect(client)
    return store.finish()
