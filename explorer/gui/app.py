"""Start the window (rendering it to a PNG is in ``screenshot``)."""

from __future__ import annotations

import os
import sys

from ..i18n import _

DEFAULT_PRESET = "meta-2025-guidance"


def _application(argv: list[str] | None = None):
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")  # pyqtgraph would prefer PyQt6 if installed
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from ..resources import resource
    from .settings import APPLICATION, ORGANISATION

    app = QApplication.instance()
    if app is None:
        QApplication.setOrganizationName(ORGANISATION)
        QApplication.setApplicationName(APPLICATION)
        QApplication.setDesktopFileName("org.gigawattexplorer.GigawattExplorer")
        app = QApplication(argv if argv is not None else sys.argv[:1])
        use_language(app)
        icon = resource("icons", "gigawatt-explorer-256.png")
        if icon.is_file():
            app.setWindowIcon(QIcon(str(icon)))
    return app


def use_language(app, code: str | None = None) -> str:
    """Read the window in ``code``; None takes the command line's choice (--lang), else the window's
    setting, else the system's. Numbers typed and shown in Qt's widgets, and Qt's own dialogs (file
    dialogs, standard buttons, from the translations Qt ships), follow the same language."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    from .. import i18n
    from .settings import language_choice

    if code is not None:
        i18n.set_language(code, explicit=True)
    elif not i18n.chosen_explicitly():
        i18n.set_language(language_choice() or None)
    code = i18n.language()
    QLocale.setDefault(QLocale(code))
    old = getattr(app, "_qt_translator", None)
    if old is not None:
        app.removeTranslator(old)
    translator = QTranslator(app)
    if translator.load(QLocale(code), "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
    app._qt_translator = translator  # kept alive with the application
    return code


def _opening_instead(exc: Exception) -> str:
    return _("{problem}\n\nOpening {preset} instead.").format(problem=exc, preset=DEFAULT_PRESET)


def run(path_or_preset: str | None = None) -> int:
    """Open the window on a scenario file or a preset id (default: meta-2025-guidance)."""
    app = _application()
    from PySide6.QtWidgets import QMessageBox

    from ..io.scenario_files import ScenarioFileError
    from .main_window import MainWindow, portfolio_window
    from .safety import install_excepthook
    from .settings import theme_choice
    from .theme import resolve

    install_excepthook()
    if path_or_preset and _is_portfolio(path_or_preset):
        try:
            portfolio = portfolio_window(path_or_preset, resolve(theme_choice()))
        except ScenarioFileError as exc:  # a portfolio's problems name the member and the field
            QMessageBox.warning(None, _("Cannot open the portfolio"), _opening_instead(exc))
            path_or_preset = None
        else:
            portfolio.show()
            return app.exec()
    window = MainWindow()
    try:
        window.open_reference(path_or_preset or DEFAULT_PRESET)
    except (ScenarioFileError, LookupError, OSError) as exc:
        QMessageBox.warning(window, _("Cannot open the scenario"), _opening_instead(exc))
        window.open_reference(DEFAULT_PRESET)
    window.show()
    window.offer_recovery()
    return app.exec()


def _is_portfolio(ref: str) -> bool:
    from ..io.references import UnknownReference, resolve_reference

    try:
        return resolve_reference(ref).is_portfolio
    except UnknownReference:
        return False
