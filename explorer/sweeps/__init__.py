"""Sweeps: many runs of scenarios over a design of inputs, in this process or on a Dask cluster. No Qt.

    from explorer.sweeps import load_sweep, run_sweep
    frame = run_sweep("pue-sweep.json")                       # a pandas DataFrame, one row per run
    run_sweep("pue-sweep.json", "results.parquet", workers=2) # a local cluster, resumable file

Needs the optional 'scale' extra (pyarrow and pandas; dask for clusters; scipy for LHS / Sobol designs).
"""

from .plan import Plan, plan_sweep, run_chunk
from .run import Estimate, SweepError, estimate, load_sweep, run_sweep
from .spec import (
    SweepFile,
    SweepFileError,
    json_schema,
    load_sweep_file,
    sweep_from_document,
)

__all__ = [
    "Estimate",
    "Plan",
    "SweepError",
    "SweepFile",
    "SweepFileError",
    "estimate",
    "json_schema",
    "load_sweep",
    "load_sweep_file",
    "plan_sweep",
    "run_chunk",
    "run_sweep",
    "sweep_from_document",
]
