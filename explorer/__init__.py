"""Gigawatt Explorer: scenarios of AI data-center build-outs — capex, power and GPU projections.

Notebook use::

    from explorer import load, simulate
    scenario = load("meta-2025-guidance")
    results = simulate(scenario, samples=1000, seed=1)
    results.to_arrays()            # {'year': ..., series: values} plain numpy arrays, first sample
    results.to_arrays("monthly", sample=None)   # every month of every sample, shaped (samples, months)
    results.to_dataframe()         # a pandas DataFrame indexed by year, when pandas is installed
    export("meta.xlsx", scenario, results)      # .json, .csv or .xlsx, chosen by the extension

Units are those of ``explorer.series.SERIES`` (USD, MW, TWh, GPUs, ...).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .engine import Results, check_claims, simulate
from .engine.results import Basis
from .model import Scenario


def _version() -> str:
    try:
        return version("gigawatt-explorer")
    except PackageNotFoundError:  # a source tree that was never installed: pyproject.toml is the one source
        import tomllib

        pyproject = Path(__file__).resolve().parent.parent / "pyproject.toml"
        try:
            return tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["version"]
        except (OSError, KeyError, tomllib.TOMLDecodeError):
            return "unknown"


__version__ = _version()


def load(source: str | Path) -> Scenario:
    """A scenario from a .gwx file path or a bundled preset id."""
    from .io.references import load_reference

    return load_reference(source)


def export(path: str | Path, scenario: Scenario, results: Results, basis: Basis = "calendar") -> Path:
    """Write results as .json (the command line's contract), .csv (annual) or .xlsx, by extension."""
    from .io.exports import export as write

    return write(path, scenario, results, basis)


__all__ = ["Results", "Scenario", "__version__", "check_claims", "export", "load", "simulate"]
