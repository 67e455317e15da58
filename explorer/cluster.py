"""Dask clusters for long runs (the optional 'scale' extra): a local cluster or a running one, and
tasks sent there a few per worker at a time, their results handed back as they finish. Dask only
schedules; the tasks are plain functions of the sweeps and the Sobol analysis.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any

from .scale import require

if TYPE_CHECKING:
    from distributed import Client, Future, LocalCluster

CONNECT_TIMEOUT_S = 5
TASKS_PER_WORKER = 3  # in flight: enough to keep a worker busy, few enough to bound memory


class ClusterError(Exception):
    """The Dask cluster cannot be used (e.g. its scheduler cannot be reached)."""


def connect(workers: int | None = None, scheduler: str | None = None) -> Client:
    """A Dask client on a new local cluster of ``workers`` processes, or on the cluster at ``scheduler``."""
    require("Running on a Dask cluster", "distributed")
    from distributed import Client

    if scheduler is not None:
        try:
            return Client(scheduler, timeout=CONNECT_TIMEOUT_S, set_as_default=False)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterError(f"cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    return Client(local_cluster(workers), set_as_default=False)


def local_cluster(workers: int | None) -> LocalCluster:
    """``workers`` single-threaded worker processes on this machine, reachable from it only."""
    import dask
    from distributed import LocalCluster

    # no dashboard (nor the worker profiler that feeds it: ~5 % of a worker's time), and the
    # scheduler's status page on a free port rather than a busy 8787
    with dask.config.set({"distributed.worker.profile.enabled": False}):
        return LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=40,
            scheduler_kwargs={"dashboard": False, "dashboard_address": "127.0.0.1:0"},
        )


def disconnect(client: Client) -> None:
    """Close the client, and the cluster too when ``connect`` started it."""
    cluster = client.cluster
    client.close()
    if cluster is not None:
        cluster.close()


def worker_count(client: Client) -> int:
    return max(1, len(client.scheduler_info(n_workers=-1)["workers"]))


def run_tasks(
    client: Client, task: Callable[[Any, Any], Any], shared: Any, items: Sequence[Any], name: str
) -> Iterator[Any]:
    """``task(shared, item)`` for every item on the cluster, in any order as they finish.

    ``shared`` goes to every worker once; a task lost with its worker is run again elsewhere (Dask
    reschedules it), so each item's result arrives, usually once: callers key results by item.
    """
    shared_future = client.scatter(shared, broadcast=True, hash=False)
    pending = iter(enumerate(items))
    run = uuid.uuid4().hex[:12]  # keys never meet a result another run left on the cluster

    def submit(entry: tuple[int, Any]) -> Future[Any]:
        k, item = entry
        return client.submit(task, shared_future, item, key=f"{name}-{run}-{k}", retries=2)

    from distributed import as_completed

    running = as_completed(
        [submit(e) for e in islice(pending, TASKS_PER_WORKER * worker_count(client) + 1)], loop=client.loop
    )
    for future in running:
        yield future.result()
        future.release()
        entry = next(pending, None)
        if entry is not None:
            running.add(submit(entry))


# ---------------------------------------------------------------- worker memory
# Dask's worker nanny sets MALLOC_TRIM_THRESHOLD_ so that idle workers hand memory back to the system.
# On glibc that also switches off malloc's adaptive mmap threshold: every array above 128 kB is then
# mapped and unmapped afresh, and the engine, which makes many arrays of a few MB, runs about 40 %
# slower. Setting the thresholds explicitly gives back the reuse the adaptive rule would have reached
# (arrays up to 32 MB come from the heap) while large freed blocks are still returned.

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc <malloc.h>
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's own ceiling for the adaptive threshold on 64-bit
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD  # as the adaptive rule keeps it

_done = False


def restore_malloc_reuse() -> bool:
    """Undo the effect of MALLOC_TRIM_THRESHOLD_ in this process (glibc only); True when done."""
    global _done
    if _done or not sys.platform.startswith("linux") or "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        return _done
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _done = bool(libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
            libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)
        )
    except (OSError, AttributeError):  # not glibc (musl, …): nothing to undo
        _done = True
    return _done
