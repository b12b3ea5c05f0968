"""Warm rerun of each tab of the Gestione page (bench/run.py measures the tab a page opens
on, "Sopralluoghi e priorità"): one AppTest per tab opened through ``?scheda=``, run once
to fill the caches, then timed five times (median, wall clock and CPU of this process).

    TAVOLO_OFFLINE=1 .venv/bin/python bench/gestione_tabs.py   # on the configured database
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SLUGS = ("priorita", "segnalazioni", "sfitti", "occupazioni")
RUNS = 5


def main() -> int:
    from streamlit.testing.v1 import AppTest

    for slug in SLUGS:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.query_params["scheda"] = slug
        at.switch_page("pages/gestione.py")
        at.run()
        if at.exception or at.session_state["ges_shown"] != slug:
            print(f"{slug}: failed {[e.value for e in at.exception]}")
            return 1
        wall, cpu = [], []
        for _ in range(RUNS):
            began, began_cpu = time.perf_counter(), time.process_time()
            at.run()
            wall.append(time.perf_counter() - began)
            cpu.append(time.process_time() - began_cpu)
        print(f"{slug:<13} warm rerun {statistics.median(wall):.3f} s wall, {statistics.median(cpu):.3f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
