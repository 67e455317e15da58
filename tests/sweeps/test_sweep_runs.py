"""Sweeps run in this process: one row per point and sample, the same rows however chunked, resumable."""

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest

from explorer import load
from explorer.analysis.metrics import metric_values
from explorer.cli import main
from explorer.engine import simulate
from explorer.sweeps import SweepError, load_sweep, run_sweep
from explorer.sweeps.run import PartStore

from .conftest import FAST


def test_one_row_per_point_and_sample_with_inputs_and_outputs(write_sweep):
    plan = load_sweep(write_sweep())
    frame = run_sweep(plan, progress=False)
    assert len(frame) == 2 * 12 * 25 == plan.rows
    assert list(frame.columns) == [
        "scenario",
        "point",
        "sample",
        "power.design_pue",
        "facility_power_mw_2026",
        "facility_power_mw_2027",
        "gpus_installed_2026",
        "gpus_installed_2027",
    ]
    first = frame[frame.scenario == FAST]
    assert first.groupby("point")["power.design_pue"].nunique().eq(1).all()  # the design input is pinned per point
    assert np.allclose(first.groupby("point")["power.design_pue"].first(), plan.points[:, 0])
    assert first.groupby("point")["facility_power_mw_2027"].nunique().gt(1).all()  # other ranges are drawn
    assert first["sample"].tolist() == list(range(25)) * 12


def test_one_sample_per_point_is_the_deterministic_run_at_that_point(write_sweep):
    frame = run_sweep(write_sweep(samples=1, scenarios=[FAST]), progress=False)
    scenario = load(FAST)
    for row in frame.itertuples():
        results = simulate(scenario, 1, overrides={"power.design_pue": np.array([row._4])})
        assert row.gpus_installed_2027 == metric_values(results, "gpus_installed", 2027)[0]
        assert row.facility_power_mw_2026 == metric_values(results, "facility_power_mw", 2026)[0]


def test_rows_do_not_depend_on_the_chunk_size(write_sweep):
    small = run_sweep(write_sweep(chunk_rows=30), progress=False)
    large = run_sweep(write_sweep(chunk_rows=100_000), progress=False)
    pd.testing.assert_frame_equal(small, large, check_exact=True)
    other_seed = run_sweep(write_sweep(seed=12), progress=False)
    assert not np.array_equal(other_seed["facility_power_mw_2027"], large["facility_power_mw_2027"])


def test_the_file_holds_the_same_rows_as_the_frame_and_says_its_units(tmp_path, write_sweep):
    path = write_sweep()
    out = run_sweep(path, tmp_path / "r.parquet", progress=False)
    assert out == tmp_path / "r.parquet" and not (tmp_path / "r.parquet.parts").exists()
    pd.testing.assert_frame_equal(pd.read_parquet(out), run_sweep(path, progress=False), check_exact=True)
    meta = pq.read_schema(out).metadata
    assert b'"facility_power_mw_2026": "MW"' in meta[b"gigawatt_explorer.units"]


def test_an_interrupted_sweep_resumes_from_the_chunks_written(tmp_path, write_sweep):
    path = write_sweep()
    whole = run_sweep(path, tmp_path / "whole.parquet", progress=False)
    out = tmp_path / "resumed.parquet"

    def stop_after_three_chunks(done, total):
        if done >= 300:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_sweep(path, out, progress=stop_after_three_chunks)
    parts = tmp_path / "resumed.parquet.parts"
    assert len(list(parts.glob("chunk-*.parquet"))) == 3 and not out.exists()
    seen = []
    run_sweep(path, out, progress=lambda done, total: seen.append(done))
    assert seen[0] == 400 and seen[-1] == 600  # picked up after the three chunks kept
    assert out.read_bytes() == whole.read_bytes()


def test_a_chunk_written_twice_is_kept_once(tmp_path, write_sweep):
    from explorer.sweeps.plan import run_chunk

    plan = load_sweep(write_sweep())
    store = PartStore(plan, tmp_path / "r.parquet")
    for chunk in plan.chunks:
        assert store.write(*run_chunk(plan, chunk.id))
    assert not store.write(*run_chunk(plan, 0))  # a rescheduled task delivering again
    frame = pd.read_parquet(store.finish())
    assert len(frame) == plan.rows and not frame.duplicated(["scenario", "point", "sample"]).any()


def test_chunks_of_another_sweep_are_not_mixed_in(tmp_path, write_sweep):
    out = tmp_path / "r.parquet"
    with pytest.raises(KeyboardInterrupt):
        run_sweep(write_sweep(), out, progress=lambda done, total: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(SweepError, match="holds chunks of a different sweep"):
        run_sweep(write_sweep(seed=5), out, progress=False)


def test_command_estimates_shows_progress_and_refuses_to_overwrite(tmp_path, write_sweep, capsys):
    path = write_sweep(design={"method": "grid"}, inputs=[{"path": "power.design_pue", "levels": [1.2, 1.3, 1.4]}])
    out = tmp_path / "r.parquet"
    command = ["sweep", str(path), "-o", str(out)]
    assert main(command) == 0
    err = capsys.readouterr().err
    assert "150 rows in 2 chunks: about " in err and "MB per process" in err
    assert "sweep [" in err and "100%" in err and f"wrote {out} (150 rows)" in err
    assert len(pd.read_parquet(out)) == 150
    with pytest.raises(SystemExit) as leaving:
        main(command)
    assert leaving.value.code == 2 and "already exists; use --force" in capsys.readouterr().err
    assert main([*command[:2], "--dry-run"]) == 0
    assert "2 scenarios × 3 points × 25 samples; columns: " in capsys.readouterr().out


def test_sweeps_and_global_sensitivity_never_import_qt(tmp_path, write_sweep):
    import subprocess
    import sys

    code = (
        "import sys; from explorer.cli import main; "
        f"main(['sweep', {str(write_sweep())!r}, '-o', {str(tmp_path / 'r.parquet')!r}]); "
        "main(['sensitivity', 'stargate', '--metric', 'gpus_installed', '--year', '2026', "
        "'--method', 'variance']); "
        "main(['sensitivity', 'stargate', '--metric', 'gpus_installed', '--year', '2026', '--method', 'sobol', "
        "'--samples', '16']); "
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', 'explorer.gui'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_results_go_through_a_symlink_and_never_into_a_missing_folder(tmp_path, write_sweep, capsys):
    path = write_sweep(design={"method": "grid"}, inputs=[{"path": "power.design_pue", "levels": [1.2]}])
    with pytest.raises(SystemExit) as leaving:
        main(["sweep", str(path), "-o", str(tmp_path / "nodir" / "r.parquet")])
    assert leaving.value.code == 1 and "folder does not exist" in capsys.readouterr().err
    assert not (tmp_path / "nodir").exists()
    target, link = tmp_path / "target.parquet", tmp_path / "link.parquet"
    link.symlink_to(target)
    assert main(["sweep", str(path), "-o", str(link)]) == 0
    assert link.is_symlink() and len(pd.read_parquet(target)) == 50


def test_the_command_speaks_french(tmp_path, write_sweep, capsys):
    from explorer.i18n import set_language, translate_argparse

    path = write_sweep(design={"method": "grid"}, inputs=[{"path": "power.design_pue", "levels": [1.2, 1.3, 1.4]}])
    out = tmp_path / "r.parquet"
    try:
        assert main(["--lang", "fr", "sweep", str(path), "--dry-run"]) == 0
        said = capsys.readouterr().out
        assert f"{path}\u202f: 2 scénarios × 3 points × 25 tirages\u202f; colonnes\u202f: " in said
        assert main(["--lang", "fr", "sweep", str(path), "-o", str(out)]) == 0
        err = capsys.readouterr().err
        assert "150 lignes en 2 lots\u202f: environ " in err and " sur 1 processus, environ " in err
        assert "Mo par processus" in err and "balayage [" in err and f"{out} écrit (150 lignes)" in err
        with pytest.raises(SystemExit):
            main(["--lang", "fr", "sweep", str(write_sweep("bad.json", years=[2040])), "--dry-run"])
        assert capsys.readouterr().err.splitlines()[0] == (
            f"gigawatt-explorer\u202f: {tmp_path / 'bad.json'}\u202f: ne peut pas être calculé"
        )
    finally:
        set_language("en")
        translate_argparse()
