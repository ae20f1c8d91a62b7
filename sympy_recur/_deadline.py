"""Time limits that every public call honours.

Two mechanisms, because there are two kinds of slow code:

* our own loops poll a :class:`Deadline` between units of work, and stop
  cleanly by raising :class:`DeadlineExceeded`, which the public functions
  catch and turn into "return what was verified so far";
* third-party routines that cannot be interrupted (SymPy's ``rsolve``,
  ``guess``...) run in a forked child process via :func:`call_with_time_limit`,
  which is killed when its time is up.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from typing import Any, Callable

__all__ = ["Deadline", "DeadlineExceeded", "call_with_time_limit", "check_time_limit"]


class DeadlineExceeded(Exception):
    """Raised inside our own search loops when the time limit is reached."""


def check_time_limit(time_limit: Any, name: str = "time_limit") -> float:
    """Validate a user-supplied time limit in seconds and return it as float."""
    if isinstance(time_limit, bool) or not isinstance(time_limit, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, got {type(time_limit).__name__}")
    value = float(time_limit)
    if math.isnan(value) or value <= 0:
        raise ValueError(f"{name} must be a positive number of seconds, got {time_limit!r}")
    return value


class Deadline:
    """A point in monotonic time after which work should stop."""

    __slots__ = ("end",)

    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.end

    def check(self) -> None:
        if time.monotonic() >= self.end:
            raise DeadlineExceeded

    def sub(self, seconds: float) -> "Deadline":
        """A deadline at most ``seconds`` from now, never later than this one."""
        d = Deadline(0.0)
        d.end = min(self.end, time.monotonic() + seconds)
        return d


def _child(conn, func, args, kwargs):
    try:
        conn.send((True, func(*args, **kwargs)))
    except BaseException as exc:  # the parent decides what a failure means
        try:
            conn.send((False, repr(exc)))
        except Exception:
            pass
    finally:
        conn.close()


def call_with_time_limit(func: Callable, args: tuple = (), kwargs: dict | None = None,
                         *, seconds: float, default: Any = None) -> Any:
    """Run ``func(*args, **kwargs)`` in a child process; return ``default``
    if it raises or does not finish within ``seconds``.

    The result must be picklable. A fork start method is used where the
    platform has one, so the child inherits imported modules and starts in
    milliseconds instead of re-importing SymPy.
    """
    if seconds <= 0:
        return default
    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(send, func, args, kwargs or {}), daemon=True)
    proc.start()
    send.close()
    try:
        if recv.poll(seconds):
            try:
                ok, value = recv.recv()
            except (EOFError, OSError):
                return default
            return value if ok else default
        return default
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1.0)
        recv.close()
