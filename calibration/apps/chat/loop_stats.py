"""Diagnostic, off unless CHAT_LOOP_LOG names a file: times every asyncio loop iteration.

Each iteration is recorded as [start s, busy s (callbacks run, select excluded), callbacks it left
queued for the next iteration];
the list is written as JSON when the process exits. It shows how long one iteration of a busy
loop lasts and how much it carries, which models/chat/app-task.ts simulates.
"""

import asyncio.base_events as base_events
import atexit
import json
import time


def install(path: str) -> None:
    run_once = base_events.BaseEventLoop._run_once
    records: list = []

    def timed_run_once(self):
        selector = self._selector
        if not getattr(selector, "_timed", False):
            select = selector.select

            def timed_select(timeout=None):
                t = time.perf_counter()
                try:
                    return select(timeout)
                finally:
                    selector._select_s = time.perf_counter() - t

            selector.select = timed_select
            selector._timed = True
        selector._select_s = 0.0
        start = time.perf_counter()
        run_once(self)
        wall = time.perf_counter() - start
        records.append([round(start, 6), round(wall - selector._select_s, 6), len(self._ready)])

    base_events.BaseEventLoop._run_once = timed_run_once

    def dump() -> None:
        with open(path, "w") as f:
            json.dump(records, f)

    atexit.register(dump)
