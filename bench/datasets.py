"""The benchmark's data sets: one SQLite store per demo scale, cached in var/bench/.

- Scale 1 is the shipped data in ``data/`` (the demo generator at scale 1), loaded with
  ``python -m tavolo init --data data``.
- Scale S > 1 is generated once with ``python -m tavolo demo --scale S --out var/bench/demoS``
  and loaded with ``python -m tavolo load``.

Both are rebuilt when a file they come from changes (the generator and its inputs for the
CSV files; the tables' DDL for the database): the cache key is a hash of
those files, kept with the build times in ``var/bench/<name>.json``. The times of the
build that made the cached files are reported again, marked ``cached``.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "var" / "bench"  # git-ignored (var/)

GENERATOR_FILES = ["tavolo/demo.py", "tavolo/facts.py", "tavolo/schema.py"]


def layout_key() -> str:
    """The database depends on the tables' layout (the DDL SQLAlchemy emits for SQLite),
    not on every change to the store's code or the checks: keying it on those files would
    reload 486,000 rows (2+ minutes) after most commits. `rm -rf var/bench` forces a rebuild."""
    import sqlalchemy as sa
    from sqlalchemy.dialects import sqlite
    from sqlalchemy.schema import CreateTable

    from tavolo import store

    ddl = "\n".join(str(CreateTable(t).compile(dialect=sqlite.dialect()))
                    for t in store.metadata.sorted_tables)
    return hashlib.sha256(ddl.encode()).hexdigest()[:16] + f"-sa{sa.__version__}"


@dataclass
class Dataset:
    scale: int
    url: str
    database: str
    csv_dir: str
    generate_s: float | None  # None: not generated (scale 1 ships in data/)
    load_s: float
    generate_cached: bool  # the CSV files were already there (times from that build)
    load_cached: bool  # the database was already there (times from that build)
    built_at: str
    rows: dict[str, int]
    db_mb: float

    def to_json(self) -> dict:
        return asdict(self)


def _hash(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in paths:
        if path.is_dir():
            for f in sorted(path.iterdir()):
                if f.is_file():
                    h.update(f.name.encode())
                    h.update(f.read_bytes())
        elif path.exists():
            h.update(str(path.relative_to(ROOT)).encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _run(args: list[str]) -> float:
    began = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tavolo", *args], cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode:
        raise RuntimeError(f"python -m tavolo {' '.join(args)} failed ({done.returncode}):\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return time.perf_counter() - began


def _rows(url: str) -> dict[str, int]:
    from tavolo.store import Store

    store = Store(url)
    try:
        return store.counts()
    finally:
        store.dispose()


def ensure(scale: int, log=print) -> Dataset:
    """The store at ``scale``, built when missing or out of date."""
    CACHE.mkdir(parents=True, exist_ok=True)
    name = f"scale{scale}"
    stamp_file = CACHE / f"{name}.json"
    database = CACHE / f"{name}.sqlite"
    url = f"sqlite:///{database}"
    csv_dir = ROOT / "data" if scale == 1 else CACHE / f"demo{scale}"

    gen_key = _hash([ROOT / f for f in GENERATOR_FILES]) if scale > 1 else _hash([csv_dir])
    db_key = gen_key + ":" + layout_key()
    stamp = json.loads(stamp_file.read_text()) if stamp_file.exists() else {}

    generate_s = stamp.get("generate_s")
    regenerated = False
    if scale > 1 and (stamp.get("gen_key") != gen_key or not (csv_dir / "flats.csv").exists()):
        log(f"  scale {scale}: generating demo data (python -m tavolo demo --scale {scale}) ...")
        shutil.rmtree(csv_dir, ignore_errors=True)
        generate_s = _run(["demo", "--scale", str(scale), "--out", str(csv_dir)])
        regenerated = True
        log(f"  scale {scale}: generated in {generate_s:.1f} s")

    load_s = stamp.get("load_s")
    fresh = regenerated or stamp.get("db_key") != db_key or not database.exists()
    if fresh:
        log(f"  scale {scale}: loading into {database.relative_to(ROOT)} ...")
        database.unlink(missing_ok=True)
        if scale == 1:
            load_s = _run(["init", "--data", str(csv_dir), "--database", url])
        else:
            load_s = _run(["load", str(csv_dir), "--database", url, "--reason", "benchmark"])
        log(f"  scale {scale}: loaded in {load_s:.1f} s")
        stamp = {"gen_key": gen_key, "db_key": db_key, "generate_s": generate_s if scale > 1 else None,
                 "load_s": load_s, "built_at": time.strftime("%Y-%m-%d %H:%M:%S"),
                 "rows": _rows(url)}
        stamp_file.write_text(json.dumps(stamp, indent=2))
    else:
        log(f"  scale {scale}: cached {database.relative_to(ROOT)} (built {stamp['built_at']})")
    return Dataset(scale=scale, url=url, database=str(database), csv_dir=str(csv_dir),
                   generate_s=stamp.get("generate_s"), load_s=stamp["load_s"],
                   generate_cached=scale > 1 and not regenerated, load_cached=not fresh,
                   built_at=stamp["built_at"], rows=stamp["rows"],
                   db_mb=round(database.stat().st_size / 1e6, 1))
