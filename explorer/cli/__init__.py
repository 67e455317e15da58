"""The command line: `gigawatt-explorer` and `python -m explorer`.

Headless commands never import Qt; the window is imported only when it is opened.

    common    what every command shares (failing with a message, resolving a scenario, options, tables)
    report    the text report of a scenario (`compute`)
    portfolio the text report of a portfolio (`compute PORTFOLIO`)
    analysis  sensitivity, solve and compare
    app       the parser, the window and the entry point ``main``
"""

from .app import main

__all__ = ["main"]
