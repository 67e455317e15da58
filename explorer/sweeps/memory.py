"""Dask's worker nanny sets MALLOC_TRIM_THRESHOLD_ so that idle workers hand memory back to the system.
On glibc that also switches off malloc's adaptive mmap threshold: every array above 128 kB is then
mapped and unmapped afresh, and the engine, which makes many arrays of a few MB, runs about 40 %
slower. Setting the thresholds explicitly gives back the reuse the adaptive rule would have reached
(arrays up to 32 MB come from the heap) while large freed blocks are still returned.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

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
            libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))
    except (OSError, AttributeError):  # not glibc (musl, …): nothing to undo
        _done = True
    return _done
