"""Build Gigawatt Explorer's installers for the operating system this runs on.

    uv run python packaging/build.py

Linux:   dist/gigawatt-explorer-<version>-linux-x86_64.tar.gz and dist/gigawatt-explorer_<version>_amd64.deb
macOS:   dist/gigawatt-explorer-<version>-macos.dmg (needs hdiutil)
Windows: dist/gigawatt-explorer-<version>-windows-setup.exe (needs Inno Setup's iscc)

The version comes from pyproject.toml, the only place it is written.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
RESOURCES = ROOT / "resources"
NAME = "gigawatt-explorer"
APP_ID = "org.gigawattexplorer.GigawattExplorer"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
# System libraries the frozen app loads but PyInstaller leaves out (GL/EGL, libc) or could not find
# on the build machine (X11 and Wayland platform plugin helpers), and fontconfig's configuration.
# glibc 2.36 is the newest symbol version the bundled libraries use (Debian 12 builds).
DEB_DEPENDS = [
    "libc6 (>= 2.36)",
    "libegl1",
    "libgl1",
    "libdrm2",
    "libxcb1",
    "libxcb-icccm4",
    "libxcb-keysyms1",
    "libwayland-client0",
    "libwayland-cursor0",
    "libwayland-egl1",
    "fontconfig-config",
]


def project_version() -> str:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]


def debian_version(version: str) -> str:
    """PEP 440 pre-releases sort before the release in Debian only with a tilde (1.0~rc1 < 1.0)."""
    return re.sub(r"(\d)\.?(a|b|rc|dev)", r"\1~\2", version)


def freeze(build: Path) -> Path:
    """Run PyInstaller on the spec; returns the one-folder application."""
    work, out = build / "pyinstaller", build / "app"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(PACKAGING / "gigawatt-explorer.spec"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--workpath",
            str(work),
            "--distpath",
            str(out),
        ],
        check=True,
        cwd=ROOT,
    )
    return out / NAME


def folder_size(path: Path) -> int:
    return sum(f.lstat().st_size for f in path.rglob("*") if not f.is_dir())


def tarball(app: Path, version: str, dist: Path) -> Path:
    target = dist / f"{NAME}-{version}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(target, "w:gz", compresslevel=6) as tar:
        tar.add(app, arcname=f"{NAME}-{version}")
    return target


def _write(path: Path, text: str, mode: int = 0o644) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o644)


def _normalise_permissions(root: Path) -> None:
    """Files from the wheel cache may be group-writable or read-only; a package wants 0755/0644."""
    for path in [root, *root.rglob("*")]:
        if path.is_symlink():
            continue
        if path.is_dir() or os.access(path, os.X_OK):
            path.chmod(0o755)
        else:
            path.chmod(0o644)


POSTINST = """#!/bin/sh
# Refresh the menu, file-type and icon caches so the entry, icon and .gwx association appear at once.
set -e
if command -v update-desktop-database >/dev/null 2>&1; then
  update-desktop-database -q /usr/share/applications || true
fi
if command -v update-mime-database >/dev/null 2>&1; then update-mime-database /usr/share/mime || true; fi
if command -v gtk-update-icon-cache >/dev/null 2>&1; then
  gtk-update-icon-cache -q -t -f /usr/share/icons/hicolor || true
fi
exit 0
"""


def deb(app: Path, version: str, build: Path, dist: Path) -> Path:
    arch = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())
    deb_version = debian_version(version)
    stage = build / "deb" / f"{NAME}_{deb_version}_{arch}"
    if stage.exists():
        shutil.rmtree(stage)
    shutil.copytree(app, stage / "opt" / NAME, symlinks=True)
    _normalise_permissions(stage)

    (stage / "usr" / "bin").mkdir(parents=True)
    (stage / "usr" / "bin" / NAME).symlink_to(f"/opt/{NAME}/{NAME}")
    share = stage / "usr" / "share"
    desktop = RESOURCES / "desktop"
    _copy(desktop / f"{APP_ID}.desktop", share / "applications" / f"{APP_ID}.desktop")
    _copy(desktop / f"{APP_ID}.metainfo.xml", share / "metainfo" / f"{APP_ID}.metainfo.xml")
    _copy(desktop / f"{NAME}.xml", share / "mime" / "packages" / f"{NAME}.xml")
    icons = share / "icons" / "hicolor"
    _copy(RESOURCES / "icons" / f"{NAME}.svg", icons / "scalable" / "apps" / f"{NAME}.svg")
    for size in ICON_SIZES:
        _copy(RESOURCES / "icons" / f"{NAME}-{size}.png", icons / f"{size}x{size}" / "apps" / f"{NAME}.png")
    _write(
        share / "doc" / NAME / "copyright",
        "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
        f"Upstream-Name: {NAME}\n\nFiles: *\nCopyright: Gigawatt Explorer developers\nLicense: MIT\n",
    )

    installed_kib = (folder_size(stage) + 1023) // 1024
    _write(
        stage / "DEBIAN" / "control",
        f"Package: {NAME}\n"
        f"Version: {deb_version}\n"
        f"Architecture: {arch}\n"
        "Maintainer: Gigawatt Explorer developers <maintainers@gigawattexplorer.org>\n"
        f"Installed-Size: {installed_kib}\n"
        f"Depends: {', '.join(DEB_DEPENDS)}\n"
        "Section: science\n"
        "Priority: optional\n"
        "Description: explore scenarios of AI data-center build-outs\n"
        " Gigawatt Explorer models capital spending, GPUs, power, energy and land of AI\n"
        " data-center build-outs month by month, checks public claims against the model\n"
        " and compares companies. Scenario files (.gwx) open in it from the file manager.\n",
    )
    _write(stage / "DEBIAN" / "postinst", POSTINST, 0o755)
    _write(stage / "DEBIAN" / "postrm", POSTINST, 0o755)

    target = dist / f"{NAME}_{deb_version}_{arch}.deb"
    # zstd level 12: within 25% of xz's size in a quarter of the time; dpkg reads it since Debian 12.
    subprocess.run(
        ["dpkg-deb", "--root-owner-group", "-Zzstd", "-z12", "--build", str(stage), str(target)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return target


def dmg(version: str, build: Path, dist: Path) -> Path:
    bundle = build / "app" / "Gigawatt Explorer.app"
    folder = build / "dmg"
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    shutil.copytree(bundle, folder / bundle.name, symlinks=True)
    (folder / "Applications").symlink_to("/Applications")  # drag-to-install target
    target = dist / f"{NAME}-{version}-macos.dmg"
    target.unlink(missing_ok=True)
    subprocess.run(
        [
            "hdiutil",
            "create",
            "-volname",
            f"Gigawatt Explorer {version}",
            "-srcfolder",
            str(folder),
            "-ov",
            "-format",
            "UDZO",
            str(target),
        ],
        check=True,
    )
    return target


def inno_setup(app: Path, version: str, dist: Path) -> Path:
    iscc = shutil.which("iscc") or r"C:\Program Files (x86)\Inno Setup 6\ISCC.exe"
    subprocess.run(
        [
            iscc,
            f"/DAppVersion={version}",
            f"/DAppDir={app}",
            f"/DOutputDir={dist}",
            str(PACKAGING / "windows" / "gigawatt-explorer.iss"),
        ],
        check=True,
    )
    return dist / f"{NAME}-{version}-windows-setup.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-dir", type=Path, default=ROOT / "build", help="intermediate files (default: build/)")
    parser.add_argument("--dist-dir", type=Path, default=ROOT / "dist", help="installers (default: dist/)")
    parser.add_argument("--skip-freeze", action="store_true", help="reuse the application frozen by the last run")
    args = parser.parse_args(argv)
    build, dist = args.build_dir.resolve(), args.dist_dir.resolve()

    version = project_version()
    dist.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    app = build / "app" / NAME if args.skip_freeze else freeze(build)
    frozen_s = time.perf_counter() - started

    if sys.platform.startswith("linux"):
        artifacts = [tarball(app, version, dist), deb(app, version, build, dist)]
    elif sys.platform == "darwin":
        artifacts = [dmg(version, build, dist)]
    elif sys.platform == "win32":
        artifacts = [inno_setup(app, version, dist)]
    else:
        raise SystemExit(f"no installer recipe for {sys.platform}")

    total_s = time.perf_counter() - started
    print(f"Gigawatt Explorer {version}: frozen in {frozen_s:.0f} s, built in {total_s:.0f} s")
    print(f"  application folder  {folder_size(app) / 1e6:7.1f} MB  {app}")
    for artifact in artifacts:
        print(f"  {artifact.name:<45} {artifact.stat().st_size / 1e6:7.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
