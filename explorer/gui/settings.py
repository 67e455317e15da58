"""Where the application keeps its settings, recent files and autosaves.

GIGAWATT_EXPLORER_DATA_DIR moves all of it into one folder (tests, portable use); otherwise settings
go where Qt puts them on each platform and autosaves to the user's app data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANISATION = "Gigawatt Explorer"
APPLICATION = "Gigawatt Explorer"
MAX_RECENT = 8
_OVERRIDE = "GIGAWATT_EXPLORER_DATA_DIR"


def data_dir() -> Path:
    override = os.environ.get(_OVERRIDE)
    if override:
        path = Path(override)
    else:
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        path = Path(location or Path.home() / ".gigawatt-explorer")
    path.mkdir(parents=True, exist_ok=True)
    return path


def app_settings() -> QSettings:
    if os.environ.get(_OVERRIDE):
        return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)
    return QSettings(ORGANISATION, APPLICATION)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value]


def recent_files() -> list[str]:
    return _as_list(app_settings().value("files/recent"))


def add_recent_file(path: str | Path) -> list[str]:
    path = str(Path(path).resolve())
    files = [path] + [f for f in recent_files() if f != path]
    files = files[:MAX_RECENT]
    app_settings().setValue("files/recent", files)
    return files


def remove_recent_file(path: str) -> None:
    app_settings().setValue("files/recent", [f for f in recent_files() if f != path])


def theme_choice() -> str:
    return str(app_settings().value("view/theme", "system"))


def set_theme_choice(choice: str) -> None:
    app_settings().setValue("view/theme", choice)


def language_choice() -> str:
    """'fr', 'en', or '' to follow the system."""
    return str(app_settings().value("view/language", "") or "")


def set_language_choice(code: str) -> None:
    app_settings().setValue("view/language", code)
