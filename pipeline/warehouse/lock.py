"""One writing run at a time: an OS-level lock on a file beside the warehouse.

DuckDB allows one writer, and a run's leftovers (its staging directory, its candidate copy) may
only be removed once their owner is gone. A run therefore holds :class:`WriterLock` from planning
to publishing. The lock is ``flock`` on ``.<warehouse>.lock``: the kernel releases it when the
holding process exits, however it exits, so a killed run never blocks the next one, and whoever
holds the lock knows every other run's leftovers are stale. A second run waits for the lock (up
to a timeout, then fails with a message naming the holder). Dagster's run queue already
serialises the runs it launches; the lock also covers a hand run (``make run``) beside them.

What belongs here: the lock and the record of who holds it. Nothing about what a run does.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path


class WarehouseBusy(RuntimeError):
    """Another run held the writer lock for longer than this run was willing to wait."""


def lock_path(warehouse: Path) -> Path:
    return warehouse.with_name(f".{warehouse.name}.lock")


@dataclass
class WriterLock:
    warehouse: Path
    run_key: str
    _fd: int | None = field(default=None, repr=False)

    def acquire(self, timeout_s: float = 3600.0, poll_s: float = 0.2) -> float:
        """Take the lock, waiting up to `timeout_s`; return the seconds waited."""
        path = lock_path(self.warehouse)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        start = time.monotonic()
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() - start >= timeout_s:
                    holder = holder_of(self.warehouse)
                    os.close(fd)
                    raise WarehouseBusy(
                        f"another run is writing {self.warehouse} ({holder or 'holder unknown'}); "
                        f"waited {timeout_s:.0f} s — try again when it has finished"
                    ) from None
                time.sleep(poll_s)
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"run_key": self.run_key, "pid": os.getpid(), "since": time.time()}).encode())
        self._fd = fd
        return time.monotonic() - start

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None

    @property
    def held(self) -> bool:
        return self._fd is not None


def holder_of(warehouse: Path) -> str | None:
    """Who holds (or last held) the lock, as recorded in the lock file."""
    try:
        rec = json.loads(lock_path(warehouse).read_text() or "null")
    except (OSError, ValueError):
        return None
    return None if not rec else f"run {rec['run_key']}, pid {rec['pid']}"
