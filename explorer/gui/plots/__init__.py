"""The dashboard: linked pyqtgraph plots of one scenario's results, with other scenarios overlaid."""

from .dashboard import Dashboard

__all__ = ["Dashboard"]
