"""Benchmark constant recognition: constant_identify vs mpmath.identify vs nsimplify.

Protocol (shared/README.md): each constant's value is truncated to D
significant digits (D = 15 and 30) and fed to every method; an answer is a
success when it equals the true value to all known digits (evaluated at
100+ digits and compared with the full given value), a false
identification when it is answered but wrong.

    python benchmarks/bench_constants.py                # full run
    python benchmarks/bench_constants.py --limit 40     # quick run
    python benchmarks/bench_constants.py --out benchmarks/results/constants.md
    python benchmarks/bench_constants.py --digits 15 --methods constant_identify:classical \
        constant_identify:auto constant_identify:model     # with and without the float model

``constant_identify`` is ``constant_identify:auto`` (the default method: the
classical searches, then the float model when they found nothing);
``:classical`` and ``:model`` are the searches alone and the model alone.

The baselines get the first ``BASELINE_CONSTANTS`` constants of the same
default basis (with all of them ``mpmath.identify`` and ``nsimplify`` take
2-6 s per number) and are interrupted after ``--baseline-limit``
seconds (default 1), which counts as no answer.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import decimal
import os
import multiprocessing
import platform
import signal
import statistics
import sys
import time
from pathlib import Path

import mpmath
import sympy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sympy_recur.constants import DEFAULT_CONSTANTS, constant_identify  # noqa: E402

BASELINE_CONSTANTS = 8


def load(shared: Path):
    """[(dataset, name, full value string)]"""
    items = []
    with open(shared / "data" / "constants_boost.csv", newline="") as f:
        for row in csv.DictReader(f):
            if row["value"].strip():
                items.append(("boost", row["boost_name"], row["value"].strip()))
    with open(shared / "data" / "constants_oeis_dev.tsv", newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            items.append(("oeis", row["anumber"], row["value"].strip()))
    return items


def truncate(value: str, digits: int) -> str:
    """The first ``digits`` significant digits of ``value`` (truncated, not rounded)."""
    sign, ds, exp = decimal.Decimal(value).as_tuple()
    ds = list(ds)
    while len(ds) > 1 and ds[0] == 0:
        ds.pop(0)
    if len(ds) > digits:
        exp += len(ds) - digits
        ds = ds[:digits]
    return str(decimal.Decimal((sign, tuple(ds), exp)))


def correct(expr, full: str) -> bool:
    """Whether ``expr`` matches every digit of ``full`` (within one unit of its last digit)."""
    d = decimal.Decimal(full)
    ulp = decimal.Decimal((0, (1,), d.as_tuple().exponent))
    n = max(110, len(d.as_tuple().digits) + 30)
    try:
        v = sympy.N(expr, n)
        if not v.is_real:
            re, im = v.as_real_imag()
            if abs(im) > sympy.Float(10) ** (-n + 10):
                return False
            v = re
        with mpmath.workdps(n):
            return abs(mpmath.mpf(str(v)) - mpmath.mpf(full)) <= mpmath.mpf(str(ulp))
    except Exception:
        return False


def _baseline_consts():
    return [c.expr for c in DEFAULT_CONSTANTS if "linear" in c.roles][:BASELINE_CONSTANTS]


def run_ours(s: str, digits: int, time_limit: float, method: str = "auto"):
    return constant_identify(s, time_limit=time_limit, method=method)


def run_mpmath(s: str, digits: int):
    consts = _baseline_consts()
    with mpmath.workdps(max(digits, 16)):  # mpmath's PSLQ refuses fewer than 53 bits
        table = {sympy.sstr(c): mpmath.mpf(str(sympy.N(c, digits + 10))) for c in consts}
        r = mpmath.identify(mpmath.mpf(s), table)
    if r is None:
        return None
    # mpmath returns a formula string over the names in the table; parse it with
    # those names bound (this is our own output format, not user input)
    locals_ = {sympy.sstr(c): c for c in consts}
    return str(sympy.sympify(r, locals=locals_))


def run_nsimplify(s: str, digits: int):
    r = sympy.nsimplify(sympy.Float(s, digits), _baseline_consts())
    return str(r)


class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _with_alarm(func, args, seconds):
    """``func(*args)``, or None after ``seconds`` (SIGALRM: works inside pool workers,
    which may not fork children of their own)."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return func(*args)
    except Exception:  # a timeout or a crash of the baseline is "no answer"
        return None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


def run_one(task):
    """One (method, dataset, digits, name, full value) run, timed; picklable for the pool."""
    method, dataset, digits, name, full, time_limit, baseline_limit = task
    s = truncate(full, digits)
    t0 = time.perf_counter()
    if method.startswith("constant_identify"):
        try:
            expr = run_ours(s, digits, time_limit, method.partition(":")[2] or "auto")
        except Exception as exc:  # counted as no answer, and reported
            expr = None
            print(f"ERROR {name} {s}: {exc!r}", file=sys.stderr)
        answer = None if expr is None else str(expr)
    else:
        func = run_mpmath if method == "mpmath.identify" else run_nsimplify
        answer = _with_alarm(func, (s, digits), baseline_limit)
        try:
            expr = None if answer is None else sympy.sympify(answer)
        except Exception:
            expr = None
    elapsed = time.perf_counter() - t0
    ok = expr is not None and correct(expr, full)
    outcome = "none" if expr is None else ("success" if ok else "false")
    return (method, dataset, digits, name, s, answer, outcome, elapsed)


def _warm(_):
    constant_identify("1.6449340668482264")  # imports and caches, not timed
    try:  # torch and the float weights (about 2 s), so that no timed call pays for them
        from sympy_recur.model.propose_constant import float_model_available

        float_model_available()
    except Exception:
        pass


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--limit", type=int, default=None, help="first N constants of each dataset")
    ap.add_argument("--digits", type=int, nargs="+", default=[15, 30])
    ap.add_argument("--methods", nargs="+", default=["constant_identify", "mpmath.identify", "nsimplify"])
    ap.add_argument("--time-limit", type=float, default=5.0)
    ap.add_argument("--baseline-limit", type=float, default=1.0)
    ap.add_argument("--out", type=Path, default=None, help="append the table to this markdown file")
    ap.add_argument("--details", type=Path, default=None, help="write one CSV row per run")
    ap.add_argument("--jobs", type=int, default=1, help="worker processes (each run is timed in its worker)")
    args = ap.parse_args(argv)

    items = load(args.shared)
    if args.limit:
        per = {}
        items = [it for it in items if per.setdefault(it[0], []).append(it) or len(per[it[0]]) <= args.limit]
    tasks = [(method, dataset, digits, name, full, args.time_limit, args.baseline_limit)
             for digits in args.digits for dataset, name, full in items for method in args.methods]
    if args.jobs > 1:
        with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
            pool.map(_warm, range(args.jobs))
            results = list(pool.imap_unordered(run_one, tasks, chunksize=1))
    else:
        _warm(0)
        results = [run_one(t) for t in tasks]
    rows, details = {}, []
    for method, dataset, digits, name, s, answer, outcome, elapsed in results:
        rows.setdefault((method, dataset, digits), []).append((outcome, elapsed))
        details.append((method, dataset, digits, name, s, answer, outcome, f"{elapsed:.3f}"))

    header = "| method | dataset | digits | n | success % | false % | none % | median s | p90 s | max s |"
    lines = [header, "|" + "---|" * 10]
    for (method, dataset, digits), res in sorted(rows.items(), key=lambda kv: (kv[0][1], kv[0][2], not kv[0][0].startswith("constant_identify"), kv[0][0])):
        n = len(res)
        pct = {k: 100.0 * sum(1 for o, _ in res if o == k) / n for k in ("success", "false", "none")}
        times = sorted(t for _, t in res)
        p90 = times[min(n - 1, int(0.9 * n))]
        lines.append(f"| {method} | {dataset} | {digits} | {n} | {pct['success']:.1f} | {pct['false']:.1f} | "
                     f"{pct['none']:.1f} | {statistics.median(times):.3f} | {p90:.3f} | {times[-1]:.3f} |")
    table = "\n".join(lines)
    print(table)
    if args.details:
        with open(args.details, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["method", "dataset", "digits", "name", "input", "answer", "outcome", "seconds"])
            w.writerows(details)
    if args.out:
        cmd = "python benchmarks/bench_constants.py " + " ".join(argv if argv is not None else sys.argv[1:])
        machine = f"{platform.node()} ({platform.machine()}, {os.cpu_count()} CPUs shared), Python {platform.python_version()}, " \
                  f"SymPy {sympy.__version__}, mpmath {mpmath.__version__}"
        with open(args.out, "a") as f:
            f.write(f"\n## {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')}\n\n"
                    f"Command: `{cmd.strip()}`  \nMachine: {machine}  \n"
                    f"Time limit: {args.time_limit} s (constant_identify), {args.baseline_limit} s (baselines, "
                    f"first {BASELINE_CONSTANTS} basis constants)\n\n{table}\n")


if __name__ == "__main__":
    main()
