"""A small sampling profiler for code running in another thread (AppTest runs the page
script in its own thread, where cProfile does not reach).

    with Sampler() as s:
        at.run()
    print(s.top(15))

Every ``interval`` seconds the stacks of all other threads are read with
``sys._current_frames()``; a function's share is the fraction of samples in which it is
on the stack (inclusive time), its self share the fraction where it is on top.
Only functions of this project and of the libraries it calls are listed; Streamlit's own
script-runner frames and the standard library's threading plumbing are left out.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = str(Path(__file__).resolve().parents[1])
SKIP = ("threading.py", "/streamlit/runtime/scriptrunner", "/streamlit/testing/", "/bench/",
        "concurrent/futures", "/selectors.py", "/queue.py")


def _label(code) -> str:
    file = code.co_filename
    if file.startswith(ROOT + "/") and "/.venv/" not in file:
        file = file[len(ROOT) + 1:]
    elif "site-packages/" in file:
        file = file.split("site-packages/", 1)[1]
    return f"{file}:{code.co_firstlineno} {code.co_name}"


class Sampler:
    def __init__(self, interval: float = 0.002):
        self.interval = interval
        self.samples = 0
        self.inclusive: Counter[str] = Counter()
        self.self_: Counter[str] = Counter()
        self._stop = threading.Event()
        self._me = threading.get_ident()

    def _run(self) -> None:
        watcher = threading.get_ident()
        while not self._stop.is_set():
            for ident, frame in sys._current_frames().items():
                if ident in (self._me, watcher):
                    continue
                seen: set[str] = set()
                top = None
                f = frame
                while f is not None:
                    code = f.f_code
                    if not any(s in code.co_filename for s in SKIP):
                        label = _label(code)
                        if top is None:
                            top = label
                        seen.add(label)
                    f = f.f_back
                if seen:
                    self.samples += 1
                    self.inclusive.update(seen)
                    if top:
                        self.self_[top] += 1
            time.sleep(self.interval)

    def __enter__(self) -> Sampler:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def top(self, n: int = 15) -> list[dict]:
        """The ``n`` functions with the largest inclusive share, outermost page code first
        among equals."""
        if not self.samples:
            return []
        rows = [{"function": k, "inclusive": round(v / self.samples, 3),
                 "self": round(self.self_.get(k, 0) / self.samples, 3)}
                for k, v in self.inclusive.most_common(n * 4)]
        rows.sort(key=lambda r: (-r["inclusive"], -r["self"]))
        return rows[:n]
