"""Command line for many inputs: ``sympy-recur batch FILE`` and ``sympy-recur constants FILE``.

Both write one JSON object per input line, in input order, as results
arrive (see :mod:`sympy_recur.batch`). Input lines that cannot be read
become records with an ``"error"``; they do not stop the run.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections import deque
from typing import Iterator, TextIO

from .batch import BatchError, _timed_guesses, _timed_identifications
from .oeis import parse_stripped_line

__all__ = ["batch_main", "constants_main"]


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an integer: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be >= 1, got {value}")
    return value


def _add_common(p: argparse.ArgumentParser, time_limit: float) -> None:
    p.add_argument("file", metavar="FILE", help="input file, or - for stdin")
    p.add_argument("--jobs", type=_positive_int, default=None,
                   help="worker processes (default: one per CPU core; 1 = no workers)")
    p.add_argument("--time-limit", type=float, default=time_limit,
                   help=f"seconds per input (default {time_limit:g})")
    p.add_argument("--out", default="-", metavar="FILE", help="output file (default stdout)")
    p.add_argument("--progress", action="store_true", help="progress bar on stderr (needs tqdm)")


def build_batch_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sympy-recur batch",
        description="Guess a recurrence for every sequence of a file in the OEIS stripped format "
                    "('A000045 ,0,1,1,2,3,5,...', optional TAB + name); write one JSON line each.",
        epilog="example: sympy-recur batch stripped.txt --terms 15 --jobs 2 --out results.jsonl")
    _add_common(p, 10.0)
    p.add_argument("--terms", type=_positive_int, default=None, metavar="N",
                   help="use the first N terms of each sequence (default all)")
    p.add_argument("--offset", type=int, default=0, help="index n of the first term (default 0)")
    p.add_argument("--next", type=int, default=10, dest="n_next", metavar="K",
                   help="how many further terms to predict (default 10)")
    p.add_argument("--method", choices=("auto", "classical", "model"), default="auto")
    return p


def build_constants_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sympy-recur constants",
        description="Identify every number of a file (one per line: 'VALUE' or 'ID VALUE'); write "
                    "one JSON line each.",
        epilog="example: sympy-recur constants numbers.txt --jobs 2")
    _add_common(p, 5.0)
    p.add_argument("--digits", type=_positive_int, default=None,
                   help="significant digits to trust (default: as written)")
    return p


@contextlib.contextmanager
def _open_in(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdin
    else:
        with open(path, encoding="utf-8") as handle:
            yield handle


@contextlib.contextmanager
def _open_out(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
    else:
        with open(path, "w", encoding="utf-8") as handle:
            yield handle


def _data_lines(handle: TextIO) -> Iterator[tuple[int, str]]:
    for lineno, line in enumerate(handle, start=1):
        if line.strip() and not line.lstrip().startswith("#"):
            yield lineno, line


def _write(out: TextIO, record: dict) -> None:
    out.write(json.dumps(record) + "\n")
    out.flush()  # downstream tools see each result as it comes


def _error_text(result: BatchError, parse_error: str | None) -> str:
    return parse_error if parse_error is not None else str(result)


def _run(argv, parser, body) -> int:
    args = parser.parse_args(argv)
    if args.time_limit != args.time_limit or args.time_limit <= 0:  # NaN or not positive
        parser.error(f"--time-limit must be a positive number of seconds, got {args.time_limit}")
    try:
        with _open_in(args.file) as src, _open_out(args.out) as out:
            body(args, src, out)
    except OSError as exc:
        print(f"{parser.prog}: error: {exc}", file=sys.stderr)
        return 2
    return 0


def batch_main(argv: list[str]) -> int:
    """``sympy-recur batch FILE [options]``; returns the exit status."""
    return _run(argv, build_batch_parser(), _batch)


def _batch(args, src: TextIO, out: TextIO) -> None:
    # What the workers see is only the terms; the id, term count or parse
    # error of each line waits here, in the same order, for its result.
    meta: deque = deque()

    def sequences():
        for lineno, line in _data_lines(src):
            try:
                anumber, terms, _ = parse_stripped_line(line)
            except ValueError as exc:
                meta.append((line.split(None, 1)[0][:20], 0, f"ValueError: line {lineno}: {exc}"))
                yield None  # becomes a BatchError in order; its message is replaced above
                continue
            terms = terms[:args.terms] if args.terms else terms
            meta.append((anumber, len(terms), None))
            yield terms

    results = _timed_guesses(sequences(), offset=args.offset, time_limit=args.time_limit,
                             method=args.method, jobs=args.jobs, progress=args.progress)
    for result, seconds in results:
        anumber, n_terms, parse_error = meta.popleft()
        record = {"id": anumber, "n_terms": n_terms, "time": round(seconds, 4),
                  "recurrence": None, "error": None}
        if isinstance(result, BatchError):
            record["error"] = _error_text(result, parse_error)
        elif result is not None:
            rec = result.as_dict()
            try:
                rec["next"] = [str(v) for v in result.predict(max(args.n_next, 0))]
            except ValueError:  # the rule is undefined somewhere beyond the given terms
                rec["next"] = None
            record["recurrence"] = rec
        _write(out, record)


def constants_main(argv: list[str]) -> int:
    """``sympy-recur constants FILE [options]``; returns the exit status."""
    return _run(argv, build_constants_parser(), _constants)


def _constants(args, src: TextIO, out: TextIO) -> None:
    meta: deque = deque()

    def values():
        for lineno, line in _data_lines(src):
            fields = line.split()
            if len(fields) > 2:
                meta.append((fields[0], line.strip(), f"ValueError: line {lineno}: expected 'VALUE' or 'ID VALUE'"))
                yield None
                continue
            meta.append((fields[0] if len(fields) == 2 else str(lineno), fields[-1], None))
            yield fields[-1]  # a string: constant_identify parses it, nothing is evaluated

    results = _timed_identifications(values(), digits=args.digits, time_limit=args.time_limit,
                                     jobs=args.jobs, progress=args.progress)
    import sympy
    for result, seconds in results:
        ident, text, parse_error = meta.popleft()
        record = {"id": ident, "input": text, "time": round(seconds, 4), "expr": None,
                  "latex": None, "error": None}
        if isinstance(result, BatchError):
            record["error"] = _error_text(result, parse_error)
        elif result is not None:
            record["expr"] = sympy.sstr(result)
            record["latex"] = sympy.latex(result)
        _write(out, record)
