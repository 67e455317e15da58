"""The desktop window: PySide6 and pyqtgraph live only under this package."""
