"""Large files (issue 16): ``check`` and ``load`` of a 200,000-row table.

    .venv/bin/python bench/large_files.py [--rows 200000] [--out results.json]

Builds, in a temporary folder, an SQLite store from ``data/`` (``python -m tavolo init``)
and a ``flats.csv`` of ``--rows`` rows as Italian Excel writes it (``tavolo.exports.csv_it``:
``;``, decimal comma, dd/mm/yyyy, BOM): the shipped flats plus made-up ones in the shipped
buildings, so every reference holds. Then runs ``python -m tavolo check DIR
--against-database`` and ``python -m tavolo load DIR`` as separate processes and reports
each one's wall-clock time, CPU time and peak memory (``wait4``'s ``ru_maxrss``), against
the issue's targets (60 s, 1 GB). The load must leave the table with ``--rows`` rows.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TARGET_S = 60.0
TARGET_MB = 1024.0


def make_flats(rows: int):
    """The shipped flats and made-up ones up to ``rows`` rows, typed like the store's."""
    import numpy as np
    import pandas as pd

    from tavolo import validation

    shipped, issues = validation.read_dir(ROOT / "data")
    assert not issues, issues
    frames, issues = validation.validate_raw({"flats": shipped["flats"], "buildings": shipped["buildings"]})
    assert not issues, issues
    flats, buildings = frames["flats"], frames["buildings"]
    extra = rows - len(flats)
    rng = np.random.default_rng(16)
    made = pd.DataFrame({
        "flat_id": [f"Z{n:07d}" for n in range(extra)],
        "building_id": rng.choice(buildings["building_id"].to_numpy(), extra),
        "staircase": rng.choice(list("ABCD"), extra),
        "floor": rng.integers(0, 8, extra),
        "surface_m2": np.round(rng.uniform(28, 130, extra), 1),
        "rooms": rng.integers(1, 7, extra),
        "lift": rng.random(extra) < 0.6,
        "step_free": rng.random(extra) < 0.3,
        "service": rng.choice(["SAP", "SAS"], extra),
        "status": "let",
        "works_estimate_eur": np.nan,
        "status_since": pd.to_datetime("2000-01-01") + pd.to_timedelta(rng.integers(0, 9000, extra), "D"),
        "source": "Dati dimostrativi (illustrativi): prova di carico",
    })
    return validation.typed_frame(validation.schema.TABLES["flats"], pd.concat([flats, made], ignore_index=True))


def run(args: list[str], env: dict) -> dict:
    """One command in its own process: wall and CPU seconds, peak RSS in MB (``wait4``),
    exit code, the last lines of its output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "tavolo", *args], cwd=ROOT, env=env,
                                   stdout=out, stderr=err, text=True)
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    return {"command": "python -m tavolo " + " ".join(args), "wall_s": round(wall, 1),
            "cpu_s": round(usage.ru_utime + usage.ru_stime, 1), "peak_mb": round(usage.ru_maxrss / 1024),
            "exit": process.returncode, "stdout_tail": stdout.strip().splitlines()[-2:],
            "stderr_tail": stderr.strip().splitlines()[-3:]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--out", default=None, help="write the figures as JSON here")
    options = parser.parse_args(argv)

    from tavolo import exports, schema

    with tempfile.TemporaryDirectory(prefix="tavolo-large-") as tmp:
        folder = Path(tmp) / "in"
        folder.mkdir()
        started = time.perf_counter()
        flats = make_flats(options.rows)
        (folder / "flats.csv").write_bytes(exports.csv_it(flats[schema.TABLES["flats"].column_names]))
        made_s = time.perf_counter() - started
        size_mb = (folder / "flats.csv").stat().st_size / 1024 / 1024
        env = dict(os.environ, TAVOLO_DATABASE_URL=f"sqlite:///{tmp}/store.sqlite",
                   TAVOLO_SETTINGS_FILE=f"{tmp}/settings.json")
        init = run(["init"], env)
        check = run(["check", str(folder), "--against-database"], env)
        load = run(["load", str(folder)], env)
        from tavolo.store import Store

        store = Store(env["TAVOLO_DATABASE_URL"])
        loaded = store.counts()["flats"]
        store.dispose()
    result = {"rows": options.rows, "file_mb": round(size_mb, 1), "file_written_s": round(made_s, 1),
              "cores": os.cpu_count(), "loadavg": os.getloadavg(), "init": init, "check": check,
              "load": load, "flats_after_load": loaded,
              "targets": {"wall_s": TARGET_S, "peak_mb": TARGET_MB}}
    for name in ("check", "load"):
        step = result[name]
        verdict = "ok" if step["exit"] == 0 and step["wall_s"] <= TARGET_S and step["peak_mb"] <= TARGET_MB \
            else "MISSED"
        print(f"{name}: {step['wall_s']} s wall, {step['cpu_s']} s CPU, {step['peak_mb']} MB peak, "
              f"exit {step['exit']} [{verdict}]")
    print(f"file: {options.rows:,} rows, {size_mb:.1f} MB; flats after load: {loaded:,}; "
          f"load average {os.getloadavg()[0]:.1f}")
    if options.out:
        Path(options.out).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0 if check["exit"] == 0 and load["exit"] == 0 and loaded == options.rows else 1


if __name__ == "__main__":
    sys.exit(main())
