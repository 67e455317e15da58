"""How much memory a run needs, measured before it starts, and the most samples a machine can give.

The engine keeps every sample of every series, so a run grows linearly with its samples. The cost of
one sample is measured on a small run of the same scenario (so it follows the engine as it changes);
a run may use at most ``SHARE_OF_AVAILABLE`` of the memory available now, leaving room for its output.
"""

from __future__ import annotations

import contextlib
import os
import tracemalloc
from collections.abc import Sequence
from pathlib import Path

from ..model.scenario import Scenario

SHARE_OF_AVAILABLE = 0.5
PROBE_SAMPLES = 16
UNKNOWN_AVAILABLE = 2 * 1024**3  # where the platform will not say: assume a modest machine


class RunTooLarge(ValueError):
    """A run that would need more memory than the machine can give."""


def bytes_per_sample(scenario: Scenario) -> float:
    """Peak memory of a small run of ``scenario`` per sample: an upper bound for larger runs, whose
    fixed part is shared by more samples. A first run warms the engine's caches and imports."""
    from .simulate import simulate

    simulate(scenario, samples=2, seed=0)
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        result = simulate(scenario, samples=PROBE_SAMPLES, seed=0)
        peak = tracemalloc.get_traced_memory()[1] - before
        del result
    finally:
        if started:
            tracemalloc.stop()
    return max(peak / PROBE_SAMPLES, 1.0)


def available_bytes() -> int:
    """Memory this process can still get: the smaller of the system's available memory and any
    container limit (Linux), else the physical memory, else a modest default."""
    limits = []
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                limits.append(int(line.split()[1]) * 1024)
    except (OSError, ValueError, IndexError):
        pass
    try:
        text = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if text.isdigit():
            used = int(Path("/sys/fs/cgroup/memory.current").read_text().strip() or 0)
            limits.append(int(text) - used)
    except (OSError, ValueError):
        pass
    if not limits and hasattr(os, "sysconf"):
        with contextlib.suppress(OSError, ValueError):
            limits.append(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    return max(min(limits), 0) if limits else UNKNOWN_AVAILABLE


def budget_bytes() -> float:
    return available_bytes() * SHARE_OF_AVAILABLE


def max_samples(scenario: Scenario, per_sample: float | None = None) -> int:
    """The most samples of ``scenario`` a run may draw on this machine now (at least 1)."""
    per_sample = per_sample or bytes_per_sample(scenario)
    return max(1, int(budget_bytes() // per_sample))


def check_samples(scenarios: Scenario | Sequence[Scenario], samples: int) -> None:
    """Raise RunTooLarge, with the estimate in words, when ``samples`` would not fit in memory. A portfolio
    holds every member's run at once, so the needs of its members (``scenarios``) add up."""
    group = [scenarios] if isinstance(scenarios, Scenario) else list(scenarios)
    per_sample = sum(bytes_per_sample(scenario) for scenario in group)
    need, budget = per_sample * samples, budget_bytes()
    if need > budget:
        raise RunTooLarge(
            f"{samples:,} samples would need about {_size(need)} of memory; this machine can give a run "
            f"about {_size(budget)} now, enough for {max(1, int(budget // per_sample)):,} samples"
        )


def _size(n: float) -> str:
    for unit, scale in (("TB", 1e12), ("GB", 1e9), ("MB", 1e6)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n / 1e3:.0f} kB"
