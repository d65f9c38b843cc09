"""Slow, self-contained steps started in a thread when the test run begins.

A fresh virtual environment's `pip install` takes half a minute to a minute of one core, and
the quick reliability benchmark a minute mostly spent waiting, while much of the suite waits on
sockets, timers and subprocesses with a core to spare. A test that
needs such a step marks it (`@pytest.mark.early(step=f)`, `f` a function of no arguments) and
asks for its result with `result(step)`: the conftest starts every selected test's steps once
collection is done, so their pip runs beside the tests before them; a step nobody started
early (a test run on its own) simply runs when asked. A step's exception is raised in the
test that asks for it."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

_pool = ThreadPoolExecutor(max_workers=3, thread_name_prefix="early")
_started: dict[Callable[[], object], Future] = {}


def start(step: Callable[[], object]) -> None:
    if step not in _started:
        _started[step] = _pool.submit(step)


def result(step: Callable[[], object]):
    start(step)
    return _started[step].result()


def scratch_folder(prefix: str) -> Path:
    """A folder for a step, removed when the run ends (a step outlives any one test's
    tmp_path)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
