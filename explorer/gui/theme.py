"""Light and dark themes for widgets and plots. The system's colour scheme decides unless the user
(or the GIGAWATT_EXPLORER_THEME environment variable) chooses one."""

from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from .qt import application

THEME_CHOICES = ("system", "light", "dark")


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    foreground: str
    muted: str
    grid_alpha: float
    series: tuple[str, ...]  # colours of the active scenario's series
    good: str
    bad: str
    readout_fill: str
    invalid: str  # the border and message of a refused entry

    @property
    def dark(self) -> bool:
        return self.name == "dark"


# Series colours: Okabe–Ito (colour-blind safe; yellow and black left out, they vanish on white and
# read as the median), then Paul Tol's muted set for the generations beyond seven.
LIGHT = Theme(
    "light",
    "#ffffff",
    "#222222",
    "#666666",
    0.18,
    ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#882255", "#999933", "#44AA99", "#332288"),
    "#1b7f3b",
    "#b3261e",
    "#f2ffffff",
    "#c62828",
)
DARK = Theme(
    "dark",
    "#1e1f22",
    "#e6e6e6",
    "#a0a0a0",
    0.22,
    ("#3A9BDC", "#F0B030", "#2BC79A", "#F07838", "#E096C4", "#7CCBF5", "#D0608A", "#C8C860", "#66CCBB", "#8877DD"),
    "#6fd08c",
    "#ff8a80",
    "#e62b2d31",
    "#ff6b6b",
)

# Overlaid scenarios: Okabe–Ito in another order (never black: the median is the foreground colour),
# told apart from the active scenario's series by their dashes.
SCENARIO_COLOURS = ("#D55E00", "#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#882255", "#999933")
SCENARIO_COLOURS_DARK = ("#F07838", "#3A9BDC", "#E096C4", "#2BC79A", "#F0B030", "#7CCBF5", "#D0608A", "#C8C860")


def scenario_colour(index: int, theme: Theme) -> str:
    colours = SCENARIO_COLOURS_DARK if theme.dark else SCENARIO_COLOURS
    return colours[index % len(colours)]


def system_prefers_dark() -> bool:
    if QApplication.instance() is None:
        return False
    return QApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def palette_theme() -> Theme:
    """The theme whose background the application's palette shows (light or dark)."""
    return DARK if QApplication.palette().color(QPalette.ColorRole.Window).lightness() < 128 else LIGHT


def invalid_colour() -> str:
    """The red of a refused entry and of an error message, on the background the application shows."""
    return palette_theme().invalid


def resolve(choice: str | None) -> Theme:
    """'light', 'dark' or 'system' (the default) → a Theme. The environment variable wins."""
    choice = os.environ.get("GIGAWATT_EXPLORER_THEME") or choice or "system"
    if choice == "system":
        return DARK if system_prefers_dark() else LIGHT
    return DARK if choice == "dark" else LIGHT


def apply_to_application(theme: Theme) -> None:
    """Fusion with a palette matching the theme, so widgets and plots agree on every platform."""
    app = application()
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")
    if not theme.dark:
        app.setPalette(app.style().standardPalette())
        return
    p = QPalette()
    base, window, text = QColor("#1e1f22"), QColor("#2b2d30"), QColor(theme.foreground)
    role = QPalette.ColorRole
    for each, colour in [
        (role.Window, window),
        (role.WindowText, text),
        (role.Base, base),
        (role.AlternateBase, QColor("#26282b")),
        (role.ToolTipBase, window),
        (role.ToolTipText, text),
        (role.Text, text),
        (role.Button, window),
        (role.ButtonText, text),
        (role.BrightText, QColor("#ff5555")),
        (role.Link, QColor("#6aa9ff")),
        (role.Highlight, QColor("#3d6fb4")),
        (role.HighlightedText, QColor("#ffffff")),
        (role.PlaceholderText, QColor(theme.muted)),
        (role.Mid, QColor("#3c3f41")),
        (role.Dark, QColor("#18191b")),
        (role.Light, QColor("#45484b")),
    ]:
        p.setColor(each, colour)
    for each in (role.Text, role.ButtonText, role.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, each, QColor("#777777"))
    app.setPalette(p)
