"""Many inputs at once: :func:`recurrence_guess_many` and :func:`constant_identify_many`.

Both are generators that stream one result per input, **in input order**, as
soon as it and every result before it are ready. The work runs in worker
processes (one per CPU core by default), each using a single torch thread;
``jobs=1`` runs everything in the calling process, exactly like a loop over
:func:`~sympy_recur.recurrence_guess`.

Bad input does not stop a batch: its place in the output holds a
:class:`BatchError` (falsy, like ``None``) that says what was wrong.
"""

from __future__ import annotations

import multiprocessing
import operator
import os
import sys
import time
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

from ._deadline import check_time_limit

__all__ = ["recurrence_guess_many", "constant_identify_many", "BatchError", "default_jobs"]

# Unfinished chunks kept submitted per worker: enough that a worker never
# waits for the parent, few enough that input is read only a little ahead.
_CHUNKS_AHEAD_PER_JOB = 2


@dataclass(frozen=True)
class BatchError:
    """Stands in the output of a batch for an input that raised an exception.

    ``index`` is the input's position (from 0), ``error_type`` the exception's
    class name (``"TypeError"``, ``"ValueError"``...) and ``message`` its text.
    A ``BatchError`` is falsy, so ``if result:`` skips errors and ``None``
    alike; test ``isinstance(result, BatchError)`` to tell them apart.

    Examples
    ========

    >>> from sympy_recur.batch import BatchError
    >>> e = BatchError(2, "ValueError", "need at least 4 terms, got 3")
    >>> bool(e), str(e)
    (False, 'ValueError: need at least 4 terms, got 3')
    """

    index: int
    error_type: str
    message: str

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return f"{self.error_type}: {self.message}"


def default_jobs() -> int:
    """The CPU cores this process may run on (the default number of workers)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _check_jobs(jobs: Any) -> int:
    if jobs is None:
        return default_jobs()
    if isinstance(jobs, bool) or not isinstance(jobs, int):
        raise TypeError(f"jobs must be a positive int or None, got {jobs!r}")
    if jobs < 1:
        raise ValueError(f"jobs must be >= 1, got {jobs}")
    return jobs


def _check_chunksize(chunksize: Any) -> int:
    if isinstance(chunksize, bool) or not isinstance(chunksize, int) or chunksize < 1:
        raise ValueError(f"chunksize must be a positive int, got {chunksize!r}")
    return chunksize


# -- worker side --------------------------------------------------------------

def _init_worker(preload_model: bool) -> None:
    # N workers share N cores: a worker running torch on several threads
    # would only fight the others. The environment covers a later import.
    for var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        os.environ[var] = "1"
    if preload_model:
        # Load once per worker, not inside the first sequence's time limit.
        try:
            from .model.propose import model_available
            model_available()
        except Exception:  # noqa: BLE001 - no model means classical sources only
            pass
    torch = sys.modules.get("torch")
    if torch is not None:
        torch.set_num_threads(1)


def _run_chunk(func: Callable, chunk: list, kwargs: dict) -> list:
    """``[(result, seconds), ...]`` for ``[(index, payload), ...]``."""
    out = []
    for index, payload in chunk:
        if isinstance(payload, BatchError):  # already failed in the parent
            out.append((payload, 0.0))
            continue
        start = time.perf_counter()
        try:
            result = func(payload, **kwargs)
        except Exception as exc:  # noqa: BLE001 - one bad input must not end the batch
            result = BatchError(index, type(exc).__name__, str(exc))
        out.append((result, time.perf_counter() - start))
    return out


def _guess(terms, **kwargs):
    from .guess import recurrence_guess
    return recurrence_guess(terms, **kwargs)


def _identify(value, **kwargs):
    from .constants import constant_identify
    return constant_identify(value, **kwargs)


# -- parent side --------------------------------------------------------------

def _mp_context():
    # fork starts a worker in milliseconds with everything already imported,
    # and needs no ``if __name__ == "__main__"`` guard in the user's script.
    # It is avoided where it is unsafe: off Linux (macOS system libraries),
    # and once CUDA is initialised here (a forked child cannot use it).
    torch = sys.modules.get("torch")
    cuda_ready = torch is not None and torch.cuda.is_initialized()
    if sys.platform.startswith("linux") and not cuda_ready:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


def _progress_bar(total: int | None, desc: str, enabled: bool):
    if not enabled:
        return None
    try:
        from tqdm.auto import tqdm
    except ImportError:  # tqdm comes with the "model" extra; without it, no bar
        return None
    return tqdm(total=total, desc=desc, unit="it", file=sys.stderr, dynamic_ncols=True)


def _stream(func: Callable, payloads: Iterable, kwargs: dict, *, jobs: int, chunksize: int,
            progress: bool, total: int | None, desc: str, preload_model: bool = False
            ) -> Iterator[tuple[Any, float]]:
    """Yield ``(result, seconds)`` for each payload, in order."""
    chunks = _chunks(enumerate(payloads), chunksize)
    bar = None
    try:
        if jobs == 1:
            bar = _progress_bar(total, desc, progress)
            for chunk in chunks:
                for item in _run_chunk(func, chunk, kwargs):
                    if bar is not None:
                        bar.update(1)
                    yield item
            return
        executor = ProcessPoolExecutor(jobs, mp_context=_mp_context(), initializer=_init_worker,
                                       initargs=(preload_model,))
        try:
            # Futures in input order. New chunks are submitted whenever any
            # chunk finishes, not only the oldest: one slow input (up to its
            # time limit) must not leave the other workers idle. Finished
            # chunks wait here for their turn; unfinished ones stay few.
            pending: deque = deque()

            def top_up():
                running = sum(not f.done() for f in pending)
                for chunk in islice(chunks, max(0, _CHUNKS_AHEAD_PER_JOB * jobs - running)):
                    pending.append(executor.submit(_run_chunk, func, chunk, kwargs))

            top_up()
            # Only now, with the workers forked: tqdm starts a monitor thread,
            # and a fork should not copy a process while a thread holds a lock.
            bar = _progress_bar(total, desc, progress)
            while pending:
                while not pending[0].done():
                    wait([f for f in pending if not f.done()], return_when=FIRST_COMPLETED)
                    top_up()
                done = pending.popleft().result()
                top_up()
                for item in done:
                    if bar is not None:
                        bar.update(1)
                    yield item
        finally:
            # A consumer that stops early waits only for the chunks already running.
            executor.shutdown(wait=True, cancel_futures=True)
    finally:
        if bar is not None:
            bar.close()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while True:
        chunk = list(islice(it, size))
        if not chunk:
            return
        yield chunk


def _total(items: Any) -> int | None:
    try:
        return len(items)
    except TypeError:
        return None


def _sequence_payloads(seqs: Iterable) -> Iterator:
    from ._numbers import exact_terms
    from .guess import MIN_TERMS
    # Converted here, so workers receive plain ints and Fractions (cheap to
    # pickle, no Sage or numpy needed there) and bad input fails early.
    for index, seq in enumerate(seqs):
        try:
            yield exact_terms(seq, min_terms=MIN_TERMS)
        except (TypeError, ValueError) as exc:
            yield BatchError(index, type(exc).__name__, str(exc))


def recurrence_guess_many(seqs: Iterable, *, offset: int = 0, time_limit: float = 10.0,
                          method: str = "auto", jobs: int | None = None, progress: bool = False,
                          chunksize: int = 1, batch_model: bool | None = None) -> Iterator:
    r"""Run :func:`~sympy_recur.recurrence_guess` on many sequences; stream the results in order.

    Explanation
    ===========

    A generator: it yields one item per input sequence, in input order, as
    soon as that result (and every earlier one) is ready, so thousands of
    sequences can be read from a file and written out as they are solved.
    Each item is what ``recurrence_guess(seq, offset=offset,
    time_limit=time_limit, method=method)`` returns (a
    :class:`~sympy_recur.Recurrence` or ``None``), or a :class:`BatchError`
    where that call raised (too few terms, a float, a string that is not a
    number...): one bad sequence never stops the batch. Invalid *options*
    (an unknown ``method``, a negative ``time_limit``) raise at once.

    With ``jobs > 1`` the sequences go to that many worker processes
    (``fork`` on Linux, ``spawn`` elsewhere or once CUDA is in use here;
    with ``spawn``, call it under ``if __name__ == "__main__":``). Each
    worker runs torch on one thread and, for ``method`` ``"auto"`` or
    ``"model"``, loads the model once when it starts. ``jobs=1`` runs in
    this process. With ``batch_model`` (the default when CUDA is available)
    the sequences go in blocks of :data:`MODEL_BATCH`: the classical sources
    run first (in the workers), then the model's beam search runs once for
    all the sequences of the block left without an answer, in this process,
    and each proposal is verified like any other; a block's results are
    yielded when the block is done.

    Examples
    ========

    >>> from sympy_recur import recurrence_guess_many
    >>> seqs = [[1, 1, 2, 3, 5, 8, 13, 21, 34, 55],
    ...         [3, 1, 4, 1, 5, 9, 2, 6],
    ...         [1, 2, 3],
    ...         [1, 1, 2, 6, 24, 120, 720, 5040]]
    >>> for r in recurrence_guess_many(seqs, method="classical", jobs=2):
    ...     print(r)
    u(n) = u(n - 2) + u(n - 1), u(0) = 1, u(1) = 1
    None
    ValueError: need at least 4 terms, got 3
    u(n) = n*u(n - 1), u(0) = 1

    Parameters
    ==========

    seqs : iterable of sequences
        Each as accepted by :func:`~sympy_recur.recurrence_guess`. It is read
        lazily: a few chunks ahead of the work in progress (results that
        finish early wait, in memory, for a slower one before them).
    offset, time_limit, method
        Passed to every :func:`~sympy_recur.recurrence_guess` call;
        ``time_limit`` is per sequence.
    jobs : int or None
        Worker processes; ``None`` (default) uses every core this process
        may run on, ``1`` runs in this process.
    progress : bool
        Show a tqdm progress bar on stderr (silently none without tqdm).
    chunksize : int
        Sequences sent to a worker at a time (default 1; larger values save
        a little overhead on very easy sequences).
    batch_model : bool or None
        Decode the model's proposals for many sequences in one batched beam
        search (see above); ``None`` (default): when CUDA is available and
        ``method`` is not ``"classical"``.

    See Also
    ========

    constant_identify_many, sympy_recur.recurrence_guess
    """
    return (result for result, _ in _timed_guesses(seqs, offset=offset, time_limit=time_limit,
                                                   method=method, jobs=jobs, progress=progress,
                                                   chunksize=chunksize, batch_model=batch_model))


def _timed_guesses(seqs: Iterable, *, offset: int = 0, time_limit: float = 10.0, method: str = "auto",
                   jobs: int | None = None, progress: bool = False, chunksize: int = 1,
                   batch_model: bool | None = None) -> Iterator:
    """:func:`recurrence_guess_many` yielding ``(result, seconds)`` (for the CLI and benchmarks).

    Not a generator itself, so that bad options raise at the call.
    """
    from .guess import METHODS
    time_limit = check_time_limit(time_limit)
    if method not in METHODS:
        raise ValueError(f"method must be one of {METHODS}, got {method!r}")
    if isinstance(offset, bool) or not hasattr(type(offset), "__index__"):
        raise TypeError(f"offset must be an int, got {type(offset).__name__}")
    offset = operator.index(offset)  # numpy and Sage integers too, as recurrence_guess takes them
    jobs, chunksize = _check_jobs(jobs), _check_chunksize(chunksize)
    kwargs = {"offset": offset, "time_limit": time_limit, "method": method}
    if batch_model is None:
        batch_model = method != "classical" and _cuda_available()
    if batch_model and method != "classical":
        return _model_batched(_sequence_payloads(seqs), kwargs, jobs=jobs, chunksize=chunksize,
                              batch_size=MODEL_BATCH)
    return _stream(_guess, _sequence_payloads(seqs), kwargs, jobs=jobs, chunksize=chunksize,
                   progress=progress, total=_total(seqs), desc="sequences",
                   preload_model=method != "classical")


#: Sequences whose model proposals are decoded in one batched beam search.
MODEL_BATCH = 64


def _cuda_available() -> bool:
    try:
        import torch
        return torch.cuda.is_available()
    except ImportError:
        return False


def _model_batched(payloads: Iterator, kwargs: dict, *, jobs: int, chunksize: int,
                   batch_size: int) -> Iterator:
    """Two phases per block of sequences: classical sources (in workers), then the model for
    the sequences left without an answer, decoded together in one batched beam search (the
    GPU's strength) in this process, each proposal verified by ``recurrence_guess``."""
    from .model.propose import propose_many
    method = kwargs["method"]
    for number, block in enumerate(_chunks(payloads, batch_size)):
        base = number * batch_size
        if method == "auto":
            first = list(_stream(_guess, block, {**kwargs, "method": "classical"}, jobs=jobs,
                                 chunksize=chunksize, progress=False, total=len(block),
                                 desc="sequences", preload_model=False))
        else:
            first = [(None, 0.0)] * len(block)
        need = [i for i, (r, _) in enumerate(first)
                if r is None and not isinstance(block[i], BatchError)]
        start = time.perf_counter()
        proposals = propose_many([block[i] for i in need], offset=kwargs["offset"],
                                 time_limit=0.5 * kwargs["time_limit"])
        share = (time.perf_counter() - start) / max(len(need), 1)
        for i, props in zip(need, proposals):
            (result, seconds), = _run_chunk(_guess, [(i, block[i])],
                                            {**kwargs, "method": "model", "_model_proposals": props})
            first[i] = (result, first[i][1] + share + seconds)
        for i, (result, seconds) in enumerate(first):
            if isinstance(block[i], BatchError):
                result = block[i]
            elif isinstance(result, BatchError):  # indices in the block -> in the input
                result = BatchError(base + i, result.error_type, result.message)
            yield result, seconds


def constant_identify_many(values: Iterable, *, digits: int | None = None, constants: Any = None,
                           time_limit: float = 5.0, jobs: int | None = None, progress: bool = False,
                           chunksize: int = 1) -> Iterator:
    r"""Run :func:`~sympy_recur.constant_identify` on many numbers; stream the results in order.

    Explanation
    ===========

    Like :func:`recurrence_guess_many`: one item per input value, in input
    order: the SymPy expression ``constant_identify`` returns, ``None``, or a
    :class:`BatchError` where it raised (``"abc"``, NaN...). ``digits``,
    ``constants`` and ``time_limit`` (per value) are passed to every call;
    ``constants`` must be picklable (SymPy expressions are).

    Examples
    ========

    >>> from sympy_recur import constant_identify_many
    >>> values = ["1.6449340668482264", "0.123456789012345", "pi?", "2.7182818284590452354"]
    >>> list(constant_identify_many(values, jobs=1, time_limit=2))  # doctest: +ELLIPSIS
    [pi**2/6, None, BatchError(index=2, error_type='ValueError', message=...), E]

    Parameters
    ==========

    values : iterable of numbers
        Decimal strings (best), floats, ``Decimal``, ``mpmath.mpf`` or SymPy
        ``Float`` values, as :func:`~sympy_recur.constant_identify` takes them.
    digits, constants, time_limit
        Passed to every call.
    jobs, progress, chunksize
        As for :func:`recurrence_guess_many`.

    See Also
    ========

    recurrence_guess_many, sympy_recur.constant_identify
    """
    return (result for result, _ in _timed_identifications(
        values, digits=digits, constants=constants, time_limit=time_limit, jobs=jobs,
        progress=progress, chunksize=chunksize))


def _timed_identifications(values: Iterable, *, digits: int | None = None, constants: Any = None,
                           time_limit: float = 5.0, jobs: int | None = None, progress: bool = False,
                           chunksize: int = 1) -> Iterator:
    """:func:`constant_identify_many` yielding ``(result, seconds)`` (for the CLI and benchmarks)."""
    time_limit = check_time_limit(time_limit)
    jobs, chunksize = _check_jobs(jobs), _check_chunksize(chunksize)
    if constants is not None:
        constants = list(constants)  # a generator would be used up by the first call
    kwargs = {"digits": digits, "constants": constants, "time_limit": time_limit}
    return _stream(_identify, values, kwargs, jobs=jobs, chunksize=chunksize, progress=progress,
                   total=_total(values), desc="constants")
