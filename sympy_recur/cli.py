"""Command line: ``sympy-recur 1 1 2 3 5 8 13`` (or ``python -m sympy_recur ...``).

``sympy-recur batch FILE`` and ``sympy-recur constants FILE`` handle many
inputs at once (:mod:`sympy_recur.cli_batch`).
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from ._numbers import to_exact


def _parse_terms(tokens: list[str]) -> list:
    # Accept "1 2 3", "1,2,3" and "1, 2, 3": split on commas as well as spaces.
    pieces = [p for tok in tokens for p in tok.replace(",", " ").split()]
    return [to_exact(p, f"term {i + 1}") for i, p in enumerate(pieces)]


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="sympy-recur",
        description="Guess the recurrence or closed form behind a sequence; every answer is "
                    "verified with exact arithmetic.",
        epilog="example: sympy-recur 1 1 2 3 5 8 13 21\n\n"
               "many inputs: sympy-recur batch FILE (OEIS stripped format), "
               "sympy-recur constants FILE (one number a line); add --help to either",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("terms", nargs="+", help="the terms (integers or p/q), separated by spaces or commas")
    p.add_argument("--offset", type=int, default=0, help="index n of the first term (default 0)")
    p.add_argument("--next", type=int, default=10, dest="n_next", help="how many terms to predict (default 10)")
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds (default 10)")
    p.add_argument("--method", choices=("auto", "classical", "model"), default="auto")
    p.add_argument("--all", action="store_true", help="list every verified candidate, best first")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        return _run(argv)
    except BrokenPipeError:
        # The reader (head, less) closed the pipe: stop quietly, as cat does,
        # and keep Python from reporting the failed flush at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    # Sub-commands are words; terms never are, so the first argument decides.
    if argv and argv[0] in ("batch", "constants"):
        from .cli_batch import batch_main, constants_main
        return (batch_main if argv[0] == "batch" else constants_main)(argv[1:])
    args = build_parser().parse_args(argv)
    from .guess import recurrence_guess
    try:
        terms = _parse_terms(args.terms)
        result = recurrence_guess(terms, offset=args.offset, time_limit=args.time_limit,
                                  method=args.method, all=True)
    except (TypeError, ValueError) as exc:
        print(f"sympy-recur: error: {exc}", file=sys.stderr)
        return 2
    shown = result if args.all else result[:1]
    closed = None
    if shown and not args.all:
        closed = shown[0].closed_form(time_limit=min(2.0, args.time_limit))
    if args.json:
        payload = []
        for rec in shown:
            item = rec.as_dict()
            item["next"] = [str(v) for v in rec.predict(args.n_next)]
            payload.append(item)
        if not args.all:
            out = payload[0] if payload else None
            if out is not None:
                out["closed_form"] = None if closed is None else str(closed)
            print(json.dumps(out, indent=2))
        else:
            print(json.dumps(payload, indent=2))
        return 0 if shown else 1
    if not shown:
        print("no rule found that reproduces every term (try more terms or a longer --time-limit)")
        return 1
    for i, rec in enumerate(shown):
        prefix = f"[{i + 1}] " if args.all else ""
        print(f"{prefix}{rec}")
        print(f"    kind: {rec.kind}, found by {rec.source}; {rec.reason}")
        if closed is not None and rec.order > 0:
            print(f"    closed form: u(n) = {closed}")
        print("    next: " + ", ".join(str(v) for v in rec.predict(args.n_next)))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
