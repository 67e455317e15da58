"""Saves never destroy the wrong thing: through symlinks to their target, never onto a device, a
folder or a pipe, never into a folder that is not there, keeping the file's mode; and a save killed
at any moment (for real, a hundred times) leaves the old or the new file whole, and a whole backup."""

from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import textwrap
import time

import pytest

from explorer.io.scenario_files import (
    ScenarioFileError,
    WriteRefused,
    atomic_write_text,
    load_scenario,
    save_scenario,
    scenario_json,
)

posix_only = pytest.mark.skipif(os.name == "nt", reason="symlinks, modes, fifos and signals as on POSIX")


@pytest.fixture
def saved(tmp_path, make_scenario):
    path = tmp_path / "plan.gwx"
    save_scenario(make_scenario(), path)
    return path


@posix_only
def test_saving_through_a_symlink_updates_its_target_and_keeps_the_link(tmp_path, saved, make_scenario):
    link = tmp_path / "link.gwx"
    link.symlink_to(saved)
    edited = make_scenario({"power.design_pue": 1.2})
    save_scenario(edited, link)
    assert link.is_symlink() and os.readlink(link) == str(saved)
    assert load_scenario(saved) == edited
    backup = saved.with_name("plan.gwx.bak")  # the backup is beside the target, a regular file
    assert backup.is_file() and not backup.is_symlink() and load_scenario(backup) == make_scenario()
    assert not tmp_path.joinpath("link.gwx.bak").exists()


@posix_only
def test_a_symlink_to_a_new_file_creates_the_target(tmp_path, make_scenario):
    link = tmp_path / "link.gwx"
    link.symlink_to(tmp_path / "new.gwx")
    save_scenario(make_scenario(), link)
    assert link.is_symlink() and load_scenario(tmp_path / "new.gwx") == make_scenario()


@posix_only
def test_a_backup_that_is_a_symlink_is_replaced_not_written_through(tmp_path, saved, make_scenario):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    saved.with_name("plan.gwx.bak").symlink_to(victim)
    save_scenario(make_scenario({"power.design_pue": 1.2}), saved)
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not saved.with_name("plan.gwx.bak").is_symlink()


@posix_only
@pytest.mark.parametrize("kind", ["device", "folder", "fifo", "link to a device"])
def test_anything_but_a_regular_file_is_refused(tmp_path, kind, make_scenario):
    if kind == "device":
        target = "/dev/null"
    elif kind == "folder":
        target = tmp_path / "folder.gwx"
        target.mkdir()
    elif kind == "fifo":
        target = tmp_path / "pipe.gwx"
        os.mkfifo(target)
    else:
        target = tmp_path / "null.gwx"
        target.symlink_to("/dev/null")
    with pytest.raises(WriteRefused, match="is not a regular file"):
        save_scenario(make_scenario(), target)
    assert not any(p.name.endswith(".tmp") for p in tmp_path.iterdir())
    if kind == "device":
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_missing_folder_is_refused_not_created(tmp_path, make_scenario):
    target = tmp_path / "nodir" / "sub" / "out.gwx"
    with pytest.raises(WriteRefused, match="folder does not exist"):
        save_scenario(make_scenario(), target)
    assert not (tmp_path / "nodir").exists()


@posix_only
def test_saving_keeps_the_files_mode(saved, make_scenario):
    os.chmod(saved, 0o644)
    save_scenario(make_scenario({"power.design_pue": 1.2}), saved)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o644
    os.chmod(saved, 0o640)
    save_scenario(make_scenario({"power.design_pue": 1.3}), saved)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o640


@posix_only
def test_a_new_file_gets_the_usual_mode_under_the_umask(tmp_path, make_scenario):
    old = os.umask(0o022)
    try:
        path = save_scenario(make_scenario(), tmp_path / "new.gwx")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


@posix_only
def test_leftovers_of_an_interrupted_save_are_removed_by_the_next_save(tmp_path, saved, make_scenario):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    stray = tmp_path / f".plan.gwx.{dead}.abc123.tmp"
    stray.write_text("half a scenario", encoding="utf-8")
    running = tmp_path / f".plan.gwx.{os.getppid()}.def456.tmp"  # a save in a live process: kept
    running.write_text("in progress", encoding="utf-8")
    other = tmp_path / f".other.gwx.{dead}.ghi789.tmp"  # another file's leftover: not this save's business
    other.write_text("x", encoding="utf-8")
    save_scenario(make_scenario({"power.design_pue": 1.2}), saved)
    assert not stray.exists() and running.exists() and other.exists()


def test_a_refused_write_leaves_no_trace(tmp_path):
    with pytest.raises(ScenarioFileError):
        load_scenario(tmp_path / "none.gwx")
    with pytest.raises(OSError):
        atomic_write_text(tmp_path / "missing" / "x.json", "{}")
    assert list(tmp_path.iterdir()) == []


# --- killed while saving -------------------------------------------------------------------------

# Imports once, then forks a writer per request that saves two versions in turn, without pause, until
# it is killed; reports each writer's pid and, once it is dead, "dead".
WRITERS = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from explorer.io.scenario_files import atomic_write_text
    target, texts = Path(sys.argv[1]), [Path(p).read_text(encoding="utf-8") for p in sys.argv[2:]]
    for _ in sys.stdin:
        pid = os.fork()
        if pid == 0:
            i = 0
            while True:
                atomic_write_text(target, texts[i % len(texts)])
                i += 1
        print(pid, flush=True)
        _, status = os.waitpid(pid, 0)
        print("dead" if os.WIFSIGNALED(status) and os.WTERMSIG(status) == 9 else f"status {status}", flush=True)
""")

KILLS = 150


@posix_only
@pytest.mark.slow
def test_a_save_killed_at_random_moments_always_leaves_whole_files(tmp_path, make_scenario):
    """Writers save two versions in turn and are SIGKILLed at random moments, 150 times. After each
    kill the file and its backup each hold one of the two versions, complete."""
    big_sites = [{"name": f"site {i}", "capacity_mw": 100.0, "construction_start": "2025-01"} for i in range(400)]
    versions = [
        scenario_json(make_scenario()),
        scenario_json(make_scenario(facilities={"mode": "sites", "sites": big_sites})),
    ]
    sources = []
    for i, text in enumerate(versions):
        sources.append(tmp_path / f"version{i}.json")
        sources[-1].write_text(text, encoding="utf-8")
    target = tmp_path / "work" / "plan.gwx"
    target.parent.mkdir()
    target.write_text(versions[0], encoding="utf-8")
    backup = target.with_name("plan.gwx.bak")
    rng = random.Random(9)
    started = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-c", WRITERS, str(target), *map(str, sources)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(KILLS):
            server.stdin.write("go\n")
            server.stdin.flush()
            pid = int(server.stdout.readline())
            time.sleep(rng.uniform(0.0, 0.03))
            os.kill(pid, signal.SIGKILL)
            assert server.stdout.readline().strip() == "dead", server.stderr.read()
            assert target.read_text(encoding="utf-8") in versions
            if backup.exists():
                assert backup.read_text(encoding="utf-8") in versions
    finally:
        server.stdin.close()
        server.wait(30)
    leftovers = [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    save_scenario(make_scenario(), target)  # the next save clears what the killed writers left
    left = [p.name for p in target.parent.iterdir() if p.name.endswith(".tmp")]
    assert all(_running(int(name.split(".")[3])) for name in left)  # only a reused pid keeps one
    print(
        f"{KILLS} kills in {time.perf_counter() - started:.1f} s; {len(leftovers)} temporary files left "
        "behind, all removed by the next save"
    )


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
