"""The installers: build the frozen app once, unpack the .deb and run what a user would install."""

from __future__ import annotations

import configparser
import importlib.util
import json
import shutil
import struct
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NAME = "gigawatt-explorer"
APP_ID = "org.gigawattexplorer.GigawattExplorer"
MIME_TYPE = "application/x-gigawatt-scenario"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
INSTALLED_SIZE_BUDGET_KIB = 300 * 1000 * 1000 // 1024

needs_dpkg = pytest.mark.skipif(
    not (sys.platform.startswith("linux") and shutil.which("dpkg-deb")), reason="the .deb needs Linux and dpkg-deb"
)


def png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


# --- sources of the packages (no build needed) ---------------------------------------------------


def test_packaging_folder_does_not_shadow_the_packaging_library():
    assert not (ROOT / "packaging" / "__init__.py").exists()
    spec = importlib.util.find_spec("packaging")
    assert spec is not None and spec.origin is not None
    assert Path(spec.origin).resolve().parent != (ROOT / "packaging").resolve()


@pytest.mark.parametrize("size", ICON_SIZES)
def test_icon_pngs_have_the_size_in_their_name(size):
    assert png_size(ROOT / "resources" / "icons" / f"{NAME}-{size}.png") == (size, size)


def test_metainfo_release_is_the_project_version():
    metainfo = (ROOT / "resources" / "desktop" / f"{APP_ID}.metainfo.xml").read_text(encoding="utf-8")
    assert f'<release version="{VERSION}"' in metainfo


# --- the built .deb -------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def deb_root(tmp_path_factory) -> Path:
    """Build once per session into a private folder, then unpack the .deb as dpkg would install it."""
    work = tmp_path_factory.mktemp("installers")
    build = subprocess.run(
        [
            sys.executable,
            str(ROOT / "packaging" / "build.py"),
            "--build-dir",
            str(work / "build"),
            "--dist-dir",
            str(work / "dist"),
        ],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    deb = work / "dist" / f"{NAME}_{VERSION}_amd64.deb"
    assert deb.is_file(), sorted(p.name for p in (work / "dist").iterdir())
    assert (work / "dist" / f"{NAME}-{VERSION}-linux-x86_64.tar.gz").is_file()
    root = work / "root"
    subprocess.run(["dpkg-deb", "-x", str(deb), str(root)], check=True)
    subprocess.run(["dpkg-deb", "-e", str(deb), str(root / "DEBIAN")], check=True)
    return root


def run_installed(root: Path, *args: str, home: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """Start the installed binary as from a bare login: no inherited environment, no display."""
    home.mkdir(exist_ok=True)
    return subprocess.run(
        [str(root / "opt" / NAME / NAME), *args],
        env={"QT_QPA_PLATFORM": "offscreen", "HOME": str(home)},
        cwd=home,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def distinct_colours(path: Path) -> int:
    from PySide6.QtGui import QImage

    image = QImage(str(path))
    assert not image.isNull(), f"{path} is not a readable image"
    assert image.width() >= 800 and image.height() >= 500
    step = 7
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


@pytest.mark.slow
@needs_dpkg
def test_deb_installs_app_menu_entry_icons_and_file_type(deb_root):
    binary = deb_root / "opt" / NAME / NAME
    assert binary.is_file() and binary.stat().st_mode & 0o111
    link = deb_root / "usr" / "bin" / NAME
    assert link.is_symlink() and str(link.readlink()) == f"/opt/{NAME}/{NAME}"
    shipped = deb_root / "opt" / NAME / "_internal" / "explorer" / "resources"
    assert (shipped / "catalog.json").is_file() and (shipped / "presets" / "meta-2025-guidance.gwx").is_file()
    assert (shipped / "locale" / "fr" / "LC_MESSAGES" / "gigawatt-explorer.mo").is_file()  # French at run time

    share = deb_root / "usr" / "share"
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str
    entry.read(share / "applications" / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"].split()[0] == NAME
    assert desktop["Icon"] == NAME
    assert MIME_TYPE in desktop["MimeType"].split(";")

    icons = share / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / f"{NAME}.svg").is_file()
    for size in ICON_SIZES:
        assert png_size(icons / f"{size}x{size}" / "apps" / f"{NAME}.png") == (size, size)

    mime = (share / "mime" / "packages" / f"{NAME}.xml").read_text(encoding="utf-8")
    assert f'type="{MIME_TYPE}"' in mime and 'pattern="*.gwx"' in mime
    assert (share / "metainfo" / f"{APP_ID}.metainfo.xml").is_file()


@pytest.mark.slow
@needs_dpkg
def test_deb_control_carries_version_size_and_cache_updates(deb_root):
    control = dict(
        line.split(": ", 1) for line in (deb_root / "DEBIAN" / "control").read_text().splitlines() if ": " in line
    )
    assert control["Package"] == NAME and control["Version"] == VERSION and control["Architecture"] == "amd64"
    assert 0 < int(control["Installed-Size"]) <= INSTALLED_SIZE_BUDGET_KIB
    for script in ("postinst", "postrm"):
        text = (deb_root / "DEBIAN" / script).read_text()
        assert "update-desktop-database" in text and "update-mime-database" in text
        assert (deb_root / "DEBIAN" / script).stat().st_mode & 0o111


@pytest.mark.slow
@needs_dpkg
def test_frozen_app_leaves_out_unused_qt_modules(deb_root):
    bundled = {path.name for path in (deb_root / "opt" / NAME).rglob("*")}
    for unused in (
        "libQt6Qml.so.6",
        "libQt6Quick.so.6",
        "libQt6WebEngineCore.so.6",
        "libQt6Designer.so.6",
        "QtQml.abi3.so",
        "QtQuick.abi3.so",
        "QtDesigner.abi3.so",
    ):
        assert unused not in bundled
    assert "QtWidgets.abi3.so" in bundled and "libqoffscreen.so" in bundled


@pytest.mark.slow
@needs_dpkg
def test_frozen_app_prints_the_project_version(deb_root, tmp_path):
    result = run_installed(deb_root, "--version", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert VERSION in result.stdout


@pytest.mark.slow
@needs_dpkg
def test_frozen_app_computes_the_preset_as_json(deb_root, tmp_path):
    result = run_installed(deb_root, "compute", "meta-2025-guidance", "--format", "json", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert {"scenario", "schema_version", "units", "annual", "claims", "warnings"} <= output.keys()
    years = output["annual"]["year"]
    assert 2025 in years
    capex = output["annual"]["capex_total_usd"]
    assert len(capex) == len(years) and capex[years.index(2025)] > 1e10
    assert output["units"]["capex_total_usd"] == "USD"


@pytest.mark.slow
@needs_dpkg
def test_frozen_app_paints_a_screenshot_of_the_default_scenario(deb_root, tmp_path):
    home = tmp_path / "home"
    result = run_installed(deb_root, "--screenshot", str(tmp_path / "out.png"), home=home)
    assert result.returncode == 0, result.stderr
    assert distinct_colours(tmp_path / "out.png") > 16


@pytest.mark.slow
@needs_dpkg
def test_frozen_app_opens_a_scenario_file_given_by_path(deb_root, tmp_path):
    home = tmp_path / "home"
    scenario = tmp_path / "shared folder" / "a colleague's scenario.gwx"
    scenario.parent.mkdir()
    made = run_installed(deb_root, "new", "--from", "meta-2025-guidance", "-o", str(scenario), home=home)
    assert made.returncode == 0 and scenario.is_file(), made.stderr
    result = run_installed(deb_root, "--screenshot", str(tmp_path / "out2.png"), str(scenario), home=home)
    assert result.returncode == 0, result.stderr
    assert distinct_colours(tmp_path / "out2.png") > 16


@pytest.mark.slow
@needs_dpkg
@pytest.mark.parametrize(
    ("command", "package", "installed"),
    [
        (["desktop-file-validate"], "desktop-file-utils", f"usr/share/applications/{APP_ID}.desktop"),
        (["appstreamcli", "validate", "--no-net"], "appstream", f"usr/share/metainfo/{APP_ID}.metainfo.xml"),
    ],
    ids=["desktop-entry", "metainfo"],
)
def test_desktop_metadata_passes_its_validator(deb_root, command, package, installed):
    if not shutil.which(command[0]):
        pytest.skip(f"{command[0]} is not installed (Debian package {package})")
    result = subprocess.run([*command, str(deb_root / installed)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()
