"""Sites timeline: every campus as a row, from construction start through its energization ramp to full
capacity. Bar thickness follows capacity (facility MW), colour the member; today's date and the chosen
year are marked; hovering a bar shows the site's figures and sources."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsPolygonItem, QGraphicsRectItem, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...formatting import format_series_value, localize_number, translated
from ...i18n import _
from ...model.base import month_number, month_text
from ...model.ranges import base_of
from ...model.scenario import Scenario, Site
from ...model.sources import UNKNOWN_SOURCE, source_of
from ..theme import Theme

MAX_THICKNESS = 0.8  # of a row, for the largest site
MIN_THICKNESS = 0.12
ROW_PIXELS = 22  # every row keeps its label readable: the view scrolls instead
LABEL_CHARS = 48  # longer names are cut on the axis; the tooltip has them whole
AXIS_PIXELS = (160, 380)  # the names' axis fits the longest name shown, within these widths
MARKS_STRIP = 1.0  # rows left empty above the first site: the labels of today and of the year sit there


@dataclass(frozen=True)
class SiteRow:
    member: str  # member id; empty for the sites of a scenario on its own
    site: Site
    scenario: Scenario
    colour: str
    shared_with: str = ""  # the member that also counts this site (an overlap)

    @property
    def start(self) -> float:
        return month_number(self.site.construction_start) / 12.0

    @property
    def first_power(self) -> float:
        return self.start + self.site.construction_months / 12.0

    @property
    def full(self) -> float:
        return self.first_power + base_of(self.site.ramp_months) / 12.0

    @property
    def capacity_mw(self) -> float:
        return base_of(self.site.capacity_mw)

    def label(self, width: int = LABEL_CHARS) -> str:
        text = f"{self.member} · {self.site.name}" if self.member else self.site.name
        return text if len(text) <= width else text[: width - 1].rstrip() + "…"

    def tooltip(self) -> str:
        site = self.site
        note = source_of(self.scenario, f"facilities.sites.{site.name}")
        source = note.label() if note is not None else UNKNOWN_SOURCE
        lines = [
            f"{self.label(200)} — {site.location}".rstrip(" —"),
            _("{capacity} facility capacity at full build").format(
                capacity=format_series_value("facility_capacity_mw", self.capacity_mw)
            ),
            _("construction from {start}, first power {power}, full after a {ramp}-month ramp").format(
                start=site.construction_start,
                power=month_text(month_number(site.construction_start) + site.construction_months),
                ramp=localize_number(f"{base_of(site.ramp_months):g}"),
            ),
        ]
        if self.shared_with:
            lines.append(_("the same campus as {member}'s: counted once in the totals").format(member=self.shared_with))
        return "\n".join([*lines, "", _("Source: {source}").format(source=source)])


def rows_of(
    scenarios: dict[str, Scenario], colours: dict[str, str], shared: dict[tuple[str, str], str]
) -> list[SiteRow]:
    """Every explicit site of every scenario given, by construction start."""
    rows = [
        SiteRow(member, site, scenario, colours[member], shared.get((member, site.name), ""))
        for member, scenario in scenarios.items()
        if scenario.facilities.mode == "sites"
        for site in scenario.facilities.sites
    ]
    return sorted(rows, key=lambda r: (r.start, r.member))


def _decimal_year(day: datetime.date) -> float:
    return day.year + (day.timetuple().tm_yday - 0.5) / 365.25


class SitesTimeline(pg.PlotWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMenuEnabled(False)
        self.setTitle(
            _("Sites: construction (light), energization ramp, full capacity (facility MW, stock)"), size="9pt"
        )
        self.showGrid(x=True, y=False, alpha=0.2)
        self.getPlotItem().invertY(True)
        self.showAxis("top")  # the years stay in sight above rows that scroll
        self.hideAxis("bottom")
        self.bars: list[tuple[SiteRow, list]] = []
        # coloured by the theme in show_rows, labelled in mark_year
        self.today = pg.InfiniteLine(angle=90, movable=False, label=_("today"))
        self.year_line = pg.InfiniteLine(angle=90, movable=False, label="{value:.0f}")

    def show_rows(
        self, rows: list[SiteRow], end: float, theme: Theme, year: int, today: datetime.date | None = None
    ) -> None:
        self.clear()
        self.setBackground(theme.background)
        self.today.setPen(pg.mkPen(theme.bad, width=1.5))
        self.today.label.setColor(theme.bad)
        self.year_line.setPen(pg.mkPen(theme.muted, style=Qt.PenStyle.DashLine))
        self.year_line.label.setColor(theme.muted)
        self.bars = []
        largest = max((r.capacity_mw for r in rows), default=1.0)
        for i, row in enumerate(rows):
            self.bars.append((row, self._draw(i, row, end, largest)))
        axis = self.getAxis("left")
        labels = [row.label() for row in rows]
        axis.setTicks([list(enumerate(labels))])
        widest = max((QFontMetrics(axis.font()).horizontalAdvance(label) for label in labels), default=0)
        axis.setWidth(min(max(widest + 16, AXIS_PIXELS[0]), AXIS_PIXELS[1]))  # 16: the ticks and their gap
        self.today.setPos(_decimal_year(today or datetime.date.today()))
        self.addItem(self.today)
        self.addItem(self.year_line)
        self.setMinimumHeight(ROW_PIXELS * (len(rows) + MARKS_STRIP) + 90)
        if rows:
            self.setXRange(min(r.start for r in rows) - 0.25, end, padding=0)
            self.setYRange(-0.6 - MARKS_STRIP, len(rows) - 0.4, padding=0)
        self.mark_year(year)

    def mark_year(self, year: int) -> None:
        """Move the chosen year's line (to the year's start). The labels of both marks sit in the strip
        above the first site, each on the side away from the other mark, so they never cover a bar or
        each other."""
        self.year_line.setPos(year)
        top, bottom = self.getViewBox().viewRange()[1]
        foot = (-0.65 - top) / (bottom - top)  # the labels stand on the first row's top edge
        left, right = sorted((self.today, self.year_line), key=lambda line: line.value())
        for line, side in ((left, 1.0), (right, 0.0)):  # anchor x: 1 ends the text at the line, 0 starts it there
            line.label.anchors = [(side, 1.0), (side, 1.0)]
            line.label.setPosition(foot)

    def _draw(self, i: int, row: SiteRow, end: float, largest: float) -> list:
        thickness = MIN_THICKNESS + (MAX_THICKNESS - MIN_THICKNESS) * np.sqrt(row.capacity_mw / largest)
        colour = QColor(row.colour)
        pen = QPen(colour)
        pen.setCosmetic(True)
        if row.shared_with:
            pen.setStyle(Qt.PenStyle.DashLine)
        light = QColor(colour)
        light.setAlpha(60)
        building = QGraphicsRectItem(QRectF(row.start, i - 0.06, row.first_power - row.start, 0.12))
        building.setBrush(QBrush(light))
        building.setPen(pen)
        half = thickness / 2
        ramp = QGraphicsPolygonItem(
            QPolygonF(
                [
                    QPointF(row.first_power, i - 0.02),
                    QPointF(row.full, i - half),
                    QPointF(row.full, i + half),
                    QPointF(row.first_power, i + 0.02),
                ]
            )
        )
        ramp.setBrush(QBrush(colour))
        ramp.setPen(pen)
        running = QGraphicsRectItem(QRectF(row.full, i - half, max(end - row.full, 0.0), thickness))
        running.setBrush(QBrush(colour))
        running.setPen(pen)
        items = [building, ramp, running]
        for item in items:
            item.setToolTip(row.tooltip())
            self.addItem(item)
        return items


class ScenarioSites(QWidget):
    """The sites timeline of one open scenario, following its edits."""

    def __init__(self, document, theme: Theme, parent=None):
        super().__init__(parent, Qt.WindowType.Window)
        self.document, self.theme = document, theme
        self.setWindowTitle(
            _("Sites timeline — {name}").format(name=translated(document.scenario, "name"))
        )  # rows name the sites alone
        self.resize(1100, 600)
        self.timeline = SitesTimeline()
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setWidget(self.timeline)
        layout = QVBoxLayout(self)
        self.note = QLabel()
        layout.addWidget(self.note)
        layout.addWidget(scroller)
        document.scenarioChanged.connect(self.show_scenario)
        self.show_scenario(document.scenario)

    def show_scenario(self, scenario: Scenario) -> None:
        rows = rows_of({"": scenario}, {"": self.theme.series[0]}, {})
        self.note.setText(
            ""
            if rows
            else _(
                "This scenario builds its capacity automatically with its purchases (auto-build): it lists no campuses."
            )
        )
        end = (month_number(scenario.timeline.start) + scenario.timeline.months) / 12.0
        self.timeline.show_rows(rows, end, self.theme, datetime.date.today().year)
