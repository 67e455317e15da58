"""The optional 'scale' extra: dask (clusters), SALib (Sobol indices), pyarrow and pandas (sweep results).

The window, the installers and every other command work without it; a feature that needs it says
how to install it instead of failing on an import.
"""

from __future__ import annotations

import importlib.util

INSTALL = "pip install 'gigawatt-explorer[scale]' (in a source checkout: uv sync --extra scale)"


class MissingExtra(ImportError):
    """A feature of the 'scale' extra was used without the extra installed."""


def missing(*modules: str) -> list[str]:
    return [m for m in modules if importlib.util.find_spec(m) is None]


def require(feature: str, *modules: str) -> None:
    """Raise MissingExtra naming ``feature``, what is missing and the install command."""
    absent = missing(*modules)
    if absent:
        raise MissingExtra(f"{feature} needs {', '.join(absent)} from the optional 'scale' extra: {INSTALL}")
