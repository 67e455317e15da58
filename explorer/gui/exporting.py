"""Export from the window: the active scenario's data, plot and dashboard images, and the report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import pyqtgraph.exporters as pg_exporters
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPoint, QRect, QSize
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QWidget

from ..i18n import _
from ..io import exports
from ..io.scenario_files import atomic_write_bytes
from .plots.chart import short_name
from .theme import LIGHT

if TYPE_CHECKING:
    from PySide6.QtWidgets import QStatusBar

    from ..engine import Results
    from ..model.scenario import Scenario
    from .document import Document
    from .kpi import KpiStrip
    from .land_view import LandView
    from .plots.chart import Chart
    from .plots.dashboard import Dashboard


class ExportSource(Protocol):
    """What an export reads from the window (the main window is one)."""

    kpis: KpiStrip
    dashboard: Dashboard
    land: LandView | None
    results: Results | None

    @property
    def document(self) -> Document | None: ...
    def window(self) -> QWidget: ...
    def show_land(self) -> None: ...
    def statusBar(self) -> QStatusBar: ...


def _computed(window: ExportSource) -> tuple[Scenario, Results]:
    """The scenario on screen and its results (exports read the run the window shows)."""
    document, results = window.document, window.results
    if document is None or results is None:
        raise RuntimeError("no scenario has been computed yet")
    return document.scenario, results


def export_data(window: ExportSource, path: str | Path) -> Path:
    """CSV (annual), XLSX or JSON by extension; calendar or fiscal years as the window shows them."""
    scenario, results = _computed(window)
    return exports.export(path, scenario, results, basis=window.kpis.basis)


def save_widget_image(widget: QWidget, path: str | Path) -> Path:
    """PNG or SVG of any widget (the whole dashboard)."""
    path = Path(path)
    if path.suffix.lower() == ".svg":
        from PySide6.QtSvg import QSvgGenerator

        def draw(device: QBuffer) -> None:
            generator = QSvgGenerator()
            generator.setOutputDevice(device)
            generator.setSize(widget.size())
            generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
            generator.setTitle(_("Gigawatt Explorer dashboard"))
            painter = QPainter(generator)
            QWidget.render(widget, painter, QPoint(0, 0))  # the widget as shown, even a graphics view
            painter.end()

        return atomic_write_bytes(path, device_bytes(draw), keep_backup=False)
    return write_image(widget.grab().toImage(), path)


def device_bytes(write: Callable[[QBuffer], object]) -> bytes:
    """What ``write`` writes into a device, as bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    write(buffer)
    buffer.close()
    return bytes(data.data())


def write_image(image: QImage, path: Path) -> Path:
    """An image in the format its extension names, written as every save is (atomic, through symlinks,
    never onto a device)."""
    saved: list[bool] = []
    data = device_bytes(lambda device: saved.append(save_image(image, device, path.suffix.lstrip(".") or "png")))
    if not all(saved):
        raise OSError(_("cannot write {name}: unknown image format").format(name=path.name))
    return atomic_write_bytes(path, data, keep_backup=False)


def save_image(image: QImage, device: QIODevice, image_format: str) -> bool:
    """``image`` written to ``device`` as PNG, JPG …"""
    return image.save(device, image_format.upper())  # type: ignore[call-overload]  # the stub says bytes; the binding takes str


@contextmanager
def named_overlays(chart: Chart) -> Iterator[None]:
    """The other scenarios (and the baseline) named in the plot's own legend while it is exported: on
    screen they are named once for every plot, in the dashboard's shared key."""
    names = {ov.key: ov.name for ov in chart.overlays}
    items = [(item, names[key]) for key, item in chart.overlay_items.items() if key in names]
    for item, name in items:
        chart.legend.addItem(item, short_name(name))
    chart.refit()
    try:
        yield
    finally:
        for item, _name in items:
            chart.legend.removeItem(item)
        chart.refit()


def save_plot_image(chart: Chart, path: str | Path, width: int = 1200) -> Path:
    """PNG (at ``width`` pixels) or SVG of one plot with its legend."""
    path = Path(path)
    with named_overlays(chart):
        if path.suffix.lower() == ".svg":
            return save_widget_image(chart, path)  # Qt's SVG painter copes with every item pyqtgraph draws
        exporter = pg_exporters.ImageExporter(chart.ci)
        exporter.parameters()["width"] = width
        return write_image(exporter.export(toBytes=True), path)


def chart_images(window: ExportSource) -> dict[str, tuple[str, QImage]]:
    """Every plot as an image in the light theme (reports are read on paper)."""
    dashboard = window.dashboard
    theme = dashboard.theme
    if theme is not LIGHT:
        dashboard.apply_theme(LIGHT)
    try:
        images = {}
        for key, chart in dashboard.charts.items():
            image = QImage(QSize(chart.width() * 2, chart.height() * 2), QImage.Format.Format_ARGB32)
            image.setDevicePixelRatio(2)
            image.fill(0xFFFFFFFF)
            painter = QPainter(image)
            with named_overlays(chart):
                QWidget.render(chart, painter, QPoint(0, 0))
            painter.end()
            images[key] = (chart.title, image)
        return images
    finally:
        if theme is not LIGHT:
            dashboard.apply_theme(theme)


def export_report(window: ExportSource, path: str | Path) -> Path:
    from . import report

    scenario, results = _computed(window)
    return report.write_report(path, scenario, results, window.kpis.year, window.kpis.basis, chart_images(window))


# ---------------------------------------------------------------- dialogs


def _ask(window: ExportSource, title: str, stem: str, filters: str) -> str:
    doc = window.document
    folder = doc.path.parent if doc and doc.path else Path.home()
    path, _unused = QFileDialog.getSaveFileName(window.window(), title, str(folder / stem), filters)
    return path


def _stem(window: ExportSource) -> str:
    doc = window.document
    return doc.path.stem if doc and doc.path else "scenario"


def _done(window: ExportSource, path: Path) -> None:
    window.statusBar().showMessage(_("Exported {path}").format(path=path), 6000)


def export_data_dialog(window: ExportSource) -> None:
    path = _ask(
        window,
        _("Export data"),
        _stem(window) + ".xlsx",
        _("Excel workbook (*.xlsx);;CSV, annual (*.csv);;JSON (*.json)"),
    )
    if path:
        _done(window, export_data(window, path))


def export_dashboard_dialog(window: ExportSource) -> None:
    path = _ask(window, _("Export dashboard image"), _stem(window) + "-dashboard.png", "PNG (*.png);;SVG (*.svg)")
    if path:
        _done(window, save_widget_image(window.dashboard.grid_host, path))  # every plot, scrolled or not


def export_plot_dialog(window: ExportSource, key: str) -> None:
    path = _ask(window, _("Export plot image"), f"{_stem(window)}-{key}.png", "PNG (*.png);;SVG (*.svg)")
    if path:
        _done(window, save_plot_image(window.dashboard.chart(key), path))


def export_land_dialog(window: ExportSource) -> None:
    """The land-to-scale picture for the year shown (opened first if it is not)."""
    window.show_land()
    path = _ask(window, _("Export land to scale"), f"{_stem(window)}-land.png", "PNG (*.png);;SVG (*.svg)")
    if path and window.land is not None:
        _done(window, save_widget_image(window.land, path))


def export_report_dialog(window: ExportSource) -> None:
    path = _ask(window, _("Export report"), _stem(window) + "-report.html", "HTML (*.html);;PDF (*.pdf)")
    if path:
        _done(window, export_report(window, path))
