"""Sweeps on Dask: a real scheduler and workers started with the dask command-line tools on 127.0.0.1,
and a local cluster from --workers. The file must be the same bytes as the in-process one."""

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explorer.cli import main
from explorer.sweeps import run_sweep

from .conftest import FAST

DASK = str(Path(sys.executable).with_name("dask"))
START_TIMEOUT_S = 60
ROWS = 2 * 48 * 25


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        assert process.poll() is None, "the dask scheduler exited"
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"no dask scheduler on port {port}")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler and two single-threaded workers; yields (address, start another worker)."""
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    logs = tmp_path_factory.mktemp("dask")
    processes = []

    def spawn(*args: str, log: str) -> subprocess.Popen:
        log_file = open(logs / log, "w")  # noqa: SIM115 - the process writes to it after this returns
        process = subprocess.Popen([DASK, *args], stdout=subprocess.DEVNULL, stderr=log_file)
        processes.append(process)
        return process

    def worker(name: str) -> subprocess.Popen:
        return spawn(
            "worker",
            address,
            "--nthreads",
            "1",
            "--no-nanny",
            "--host",
            "127.0.0.1",
            "--no-dashboard",
            "--name",
            name,
            "--death-timeout",
            "30",
            log=f"{name}.log",
        )

    try:
        wait_for_port(
            port, spawn("scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard", log="scheduler.log")
        )
        worker("w1"), worker("w2")
        wait_for_workers(address, 2)
        yield address, worker
    finally:
        for process in reversed(processes):
            stop(process)


def wait_for_workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=START_TIMEOUT_S, set_as_default=False) as client:
        client.wait_for_workers(count, timeout=START_TIMEOUT_S)


@pytest.fixture(scope="module")
def sweep_and_reference(tmp_path_factory):
    """A sweep of 24 chunks of 100 rows and its file written in this process."""
    import json

    from .conftest import sweep_doc

    folder = tmp_path_factory.mktemp("sweep")
    path = folder / "sweep.json"
    path.write_text(
        json.dumps(
            sweep_doc(scenarios=[FAST, "stargate"], design={"method": "lhs", "points": 48}, samples=25, chunk_rows=100)
        )
    )
    return path, run_sweep(path, folder / "here.parquet", progress=False).read_bytes()


def sweep_command(*args: str) -> int:
    try:
        return main(["sweep", *args])
    except SystemExit as leaving:
        return leaving.code


def test_a_cluster_started_with_the_dask_tools_writes_the_same_bytes(cluster, sweep_and_reference, tmp_path, capsys):
    address, _ = cluster
    path, here = sweep_and_reference
    out = tmp_path / "cluster.parquet"
    assert sweep_command(str(path), "-o", str(out), "--scheduler", address) == 0
    assert "on 2 processes" in capsys.readouterr().err
    assert out.read_bytes() == here


def test_a_local_cluster_of_two_workers_writes_the_same_bytes(sweep_and_reference, tmp_path, capsys):
    path, here = sweep_and_reference
    out = tmp_path / "local.parquet"
    assert sweep_command(str(path), "-o", str(out), "--workers", "2") == 0
    assert "on 2 processes" in capsys.readouterr().err
    assert out.read_bytes() == here


def test_a_worker_killed_mid_sweep_loses_and_duplicates_nothing(cluster, sweep_and_reference, tmp_path):
    from distributed import Client

    address, worker = cluster
    path, here = sweep_and_reference
    doomed = worker("doomed")
    wait_for_workers(address, 3)
    killed = []

    with Client(address, set_as_default=False) as spy:

        def kill_while_it_holds_chunks(done, total):
            if killed:
                return
            names = {w: info["name"] for w, info in spy.scheduler_info(n_workers=-1)["workers"].items()}
            held = [key for w, keys in spy.processing().items() if names.get(w) == "doomed" for key in keys]
            if held:
                doomed.kill()
                killed.append(done)

        out = run_sweep(path, tmp_path / "killed.parquet", scheduler=address, progress=kill_while_it_holds_chunks)
    assert killed, "the doomed worker never held a chunk"
    assert doomed.wait(10) is not None and killed[0] < ROWS  # killed holding chunks, with rows to go
    assert out.read_bytes() == here


def test_an_unreachable_scheduler_exits_1_naming_it(sweep_and_reference, tmp_path, capsys):
    path, _ = sweep_and_reference
    address = f"tcp://127.0.0.1:{free_port()}"
    assert sweep_command(str(path), "-o", str(tmp_path / "r.parquet"), "--scheduler", address) == 1
    assert f"cannot reach the Dask scheduler at {address}" in capsys.readouterr().err


def test_sobol_indices_on_the_cluster_are_the_ones_computed_here(cluster):
    from explorer import load
    from explorer.analysis.sobol import sobol

    address, _ = cluster
    scenario = load(FAST)
    here = sobol(scenario, "facility_power_mw", 2026, samples=64, chunk_rows=1000)
    there = sobol(scenario, "facility_power_mw", 2026, samples=64, chunk_rows=1000, scheduler=address)
    assert there == here
