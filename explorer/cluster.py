"""Dask clusters for long runs (the optional 'scale' extra): a local cluster or a running one, and
tasks sent there a few per worker at a time, their results handed back as they finish. Dask only
schedules; the tasks are plain functions of the sweeps and the Sobol analysis.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
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


def run_here(task: Callable[[Any, Any], Any], shared: Any, items: Sequence[Any]) -> Iterator[Any]:
    """``task(shared, item)`` for every item in this process, in order, on one worker thread kept one
    item ahead: the caller stores a result while the next one is computed, and the engine runs in a
    thread's own malloc arena (see below)."""
    if not items:
        return
    with ThreadPoolExecutor(1, thread_name_prefix="chunks") as pool:
        ahead = pool.submit(task, shared, items[0])
        for item in items[1:]:
            done, ahead = ahead, pool.submit(task, shared, item)
            yield done.result()
        yield ahead.result()


# ---------------------------------------------------------------- memory of the processes that run chunks
# The engine makes many arrays of a few MB per chunk and frees them at its end. On glibc the main
# thread's heap grows and shrinks with brk, so every chunk faults its pages in again: a chunk of the
# benchmark sweep took ~2.9 s of CPU per 12 chunks on the main thread, ~2.1 s on a worker thread (its
# own mmap'd arena) and ~1.85 s there with the thresholds below — hence ``run_here`` and
# ``keep_malloc_reuse``. Dask's worker nanny also sets MALLOC_TRIM_THRESHOLD_ so that idle workers hand
# memory back; on glibc that switches off malloc's adaptive mmap threshold, and every array above
# 128 kB is then mapped and unmapped afresh. The thresholds set here give the reuse back (arrays up to
# 32 MB come from the heap, 32 MB is kept at its top) while large freed blocks are still returned.

M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD = -1, -2, -3  # glibc <malloc.h>
MMAP_THRESHOLD = 32 * 1024 * 1024  # glibc's own ceiling for the adaptive threshold on 64-bit
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD  # as the adaptive rule keeps it
TOP_PAD = MMAP_THRESHOLD

_done = False


def keep_malloc_reuse() -> bool:
    """Set glibc's malloc thresholds for chunk after chunk of engine runs in this process (once; a no-op
    elsewhere); True when done."""
    global _done
    if _done or not sys.platform.startswith("linux"):
        return _done
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        _done = all(
            libc.mallopt(option, value)
            for option, value in (
                (M_MMAP_THRESHOLD, MMAP_THRESHOLD),
                (M_TRIM_THRESHOLD, TRIM_THRESHOLD),
                (M_TOP_PAD, TOP_PAD),
            )
        )
    except (OSError, AttributeError):  # not glibc (musl, …): nothing to set
        _done = True
    return _done
