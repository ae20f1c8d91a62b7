"""OEIS next-terms benchmark: sympy_recur against SymPy's own guessers.

Protocol (the OEIS evaluation of the ICML 2022 recurrence paper, as fixed in
shared/README.md): each method sees the first 15 terms and predicts terms
16..30.

* success@1  -- term 16 is exactly right;
* success@15 -- terms 16..30 are all exactly right (a curated sequence with
  only 28 or 29 terms is judged on the 13 or 14 terms it has);
* wrong      -- the method answered but success@15 failed;
* none       -- no answer: the method found nothing, timed out or raised.

``wrong + success@15 + none = 100 %``; success@1 overlaps both ``success@15``
and ``wrong``.

Methods (``--methods``, comma-separated; default all):

* ``sympy_recur``   -- ``recurrence_guess(terms, time_limit=T, method=M)``, then
  ``r.predict(15)``; one row per ``--our-method`` (auto, classical, model).
  Imported lazily: if it is missing, the rows are skipped with a note.
* ``sympy_flr``     -- ``sympy.sequence(tuple(terms), (k, 0, 14))`` is a
  ``SeqPer`` whose first 15 terms are exactly ours, so
  ``SeqBase.find_linear_recurrence(15)`` runs on the data unchanged. Its
  coefficients ``[b1, ..., bl]`` (``x(n) = b1 x(n-1) + ... + bl x(n-l)``)
  extrapolate terms 16..30 from terms 1..15. With 15 (odd) terms the order is
  at most 7, so every returned recurrence was checked on at least one term
  beyond the 2l used to solve for it.
* ``sympy_gf``      -- ``sympy.concrete.guess.guess_generating_function_rational``;
  the rational function's Taylor coefficients at x = 0 (exact power-series
  division; SymPy's ``series`` when the denominator vanishes at 0) of x^15..x^29.
* ``sympy_guess``   -- ``sympy.concrete.guess.guess`` (default ``niter=2``); its
  first formula evaluated at ``i0 = 16..30`` (``guess`` numbers the given
  terms ``i0 = 1, 2, ...``).
* ``sympy_best``    -- derived from the three rows above with hindsight, no
  extra calls: success@1 / success@15 if ANY of flr, gf, guess got it; wrong if
  none succeeded@15 but at least one answered; none otherwise. Its time is the
  sum of the three times (running them one after the other). An oracle
  choice, so an upper bound for anything built from these three.

Every SymPy call runs in a forked child killed after ``--time-limit`` seconds
(``sympy_recur._deadline.call_with_time_limit``); its time is measured inside
the child around the call plus extrapolation (so the fork is not counted), and a
timeout counts as the limit. ``sympy_recur`` runs in-process under its own
``time_limit`` and is timed around ``recurrence_guess`` plus ``predict``.
Each method is called once on a warm-up sequence before timing.

Example::

    python benchmarks/bench_sequences.py --limit 50 --methods sympy_flr,sympy_gf
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import shlex
import statistics
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from fractions import Fraction
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))  # run from a checkout without installing

from sympy_recur._deadline import call_with_time_limit  # noqa: E402
from sympy_recur.oeis import read_stripped  # noqa: E402

N_GIVEN = 15       # terms shown to each method
N_PREDICT = 15     # terms 16..30 asked for
DATASETS = {"curated": "oeis_dev.txt", "broad": "oeis_broad_dev.txt"}
SYMPY_METHODS = ("sympy_flr", "sympy_gf", "sympy_guess")
ALL_METHODS = ("sympy_recur",) + SYMPY_METHODS + ("sympy_best",)
SUMMARY_CHARS = 160  # answer summaries in --json-out are cut to this length
WARMUP_TERMS = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377]


# --------------------------------------------------------------------------- #
# Predictors: terms (list of N_GIVEN ints) -> (next N_PREDICT values, summary)
# or None for "no answer". Values are converted by _plain so they pickle cheaply
# and compare exactly with ints.
# --------------------------------------------------------------------------- #

def _plain(value):
    """SymPy number -> int / Fraction; anything else -> its str (never == an int)."""
    import sympy
    value = sympy.sympify(value)
    if value.is_Integer:
        return int(value)
    if value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    return str(value)


def _short(text) -> str:
    text = str(text)
    return text if len(text) <= SUMMARY_CHARS else text[:SUMMARY_CHARS - 3] + "..."


def predict_sympy_flr(terms, count):
    import sympy
    k = sympy.Symbol("k", integer=True)
    seq = sympy.sequence(tuple(terms), (k, 0, len(terms) - 1))
    coeffs = seq.find_linear_recurrence(len(terms))
    if not coeffs:
        return None
    values = [sympy.Integer(t) for t in terms]
    for _ in range(count):
        values.append(sympy.expand(sum(b * values[-1 - i] for i, b in enumerate(coeffs))))
    return [_plain(v) for v in values[len(terms):]], _short(f"coeffs {list(coeffs)}")


def _taylor(num, den, x, count, start):
    """Coefficients of x^start .. x^(start+count-1) in num/den at x = 0."""
    import sympy
    p = sympy.Poly(num, x).all_coeffs()[::-1]
    q = sympy.Poly(den, x).all_coeffs()[::-1]
    if q[0] == 0:  # not a power series in x: let SymPy decide what it is
        s = sympy.series(num / den, x, 0, start + count).removeO()
        return [s.coeff(x, j) for j in range(start, start + count)]
    c = []
    for j in range(start + count):  # c_j = (p_j - sum_{i>=1} q_i c_{j-i}) / q_0
        acc = p[j] if j < len(p) else 0
        acc -= sum(q[i] * c[j - i] for i in range(1, min(j, len(q) - 1) + 1))
        c.append(sympy.Rational(acc, 1) / q[0])
    return c[start:]


def predict_sympy_gf(terms, count):
    import sympy
    from sympy.concrete.guess import guess_generating_function_rational
    x = sympy.Symbol("x")
    gf = guess_generating_function_rational([sympy.Integer(t) for t in terms], X=x)
    if gf is None:
        return None
    num, den = sympy.fraction(sympy.together(gf))
    return [_plain(v) for v in _taylor(num, den, x, count, len(terms))], _short(f"gf {gf}")


def predict_sympy_guess(terms, count):
    import sympy
    from sympy.concrete.guess import guess
    formulas = guess([sympy.Integer(t) for t in terms])
    if not formulas:
        return None
    i0 = sympy.Symbol("i0")
    formula = formulas[0]
    first = len(terms) + 1  # guess numbers the given terms i0 = 1..len(terms)
    values = [formula.subs(i0, j).doit() for j in range(first, first + count)]
    return [_plain(v) for v in values], _short(f"formula {formula} ({len(formulas)} found)")


SYMPY_PREDICTORS = {
    "sympy_flr": predict_sympy_flr,
    "sympy_gf": predict_sympy_gf,
    "sympy_guess": predict_sympy_guess,
}


def _timed_child(func, terms, count):
    """Runs in the forked child: (status, payload, seconds)."""
    start = time.perf_counter()
    try:
        answer = func(terms, count)
    except Exception as exc:  # SymPy's IndexError on some inputs, etc.
        return "error", _short(repr(exc)), time.perf_counter() - start
    elapsed = time.perf_counter() - start
    return ("none", None, elapsed) if answer is None else ("answer", answer, elapsed)


def run_sympy(method, terms, count, time_limit):
    result = call_with_time_limit(_timed_child, (SYMPY_PREDICTORS[method], terms, count),
                                  seconds=time_limit, default=None)
    if result is None:  # killed at the limit (or the child died)
        return "timeout", None, time_limit
    return result


def _import_ours():
    """recurrence_guess, or the ImportError's message if it cannot be imported."""
    try:
        from sympy_recur import recurrence_guess
    except ImportError as exc:
        return str(exc)
    return recurrence_guess


def run_ours(our_method, terms, count, time_limit):
    recurrence_guess = _import_ours()
    start = time.perf_counter()
    try:
        r = recurrence_guess(terms, time_limit=time_limit, method=our_method)
        answer = None if r is None else ([_plain(v) for v in r.predict(count)], _short(r),
                                         {"source": r.source, "kind": r.kind, "checks": r.n_checks,
                                          "evidence_bits": round(float(r.evidence_bits), 1)})
    except Exception as exc:
        return "error", _short(repr(exc)), time.perf_counter() - start
    elapsed = time.perf_counter() - start
    return ("none", None, elapsed) if answer is None else ("answer", answer, elapsed)


def run_one(task):
    """One (row, sequence) evaluation; a top-level function so --jobs can pickle it."""
    row, dataset, anumber, terms, time_limit = task
    given, truth = terms[:N_GIVEN], terms[N_GIVEN:N_GIVEN + N_PREDICT]
    if row.startswith("sympy_recur["):
        status, payload, seconds = run_ours(row[len("sympy_recur["):-1], given, N_PREDICT, time_limit)
    else:
        status, payload, seconds = run_sympy(row, given, N_PREDICT, time_limit)
    record = {"dataset": dataset, "anumber": anumber, "method": row, "time": round(seconds, 6),
              "s1": False, "s15": False}
    if status == "answer":
        predicted, summary, *details = payload
        record["s1"] = predicted[:1] == truth[:1]
        record["s15"] = predicted[:len(truth)] == truth
        status = "success" if record["s15"] else "wrong"
        record["answer"] = summary
        if details:
            record.update(details[0])
        if status == "wrong":
            bad = next((i for i, (p, t) in enumerate(zip(predicted, truth)) if p != t), len(predicted))
            record["first_wrong"] = {"term": N_GIVEN + 1 + bad, "expected": _short(truth[bad]),
                                     "predicted": _short(predicted[bad]) if bad < len(predicted)
                                     else f"(only {len(predicted)} terms predicted)"}
    elif status == "error":
        record["error"] = payload
    record["status"] = status
    return record


def combine_best(records):
    """sympy_best rows from the flr / gf / guess records of the same sequences."""
    by_key = {}
    for rec in records:
        if rec["method"] in SYMPY_METHODS:
            by_key.setdefault((rec["dataset"], rec["anumber"]), {})[rec["method"]] = rec
    best = []
    for (dataset, anumber), parts in by_key.items():
        if len(parts) != len(SYMPY_METHODS):
            continue
        recs = [parts[m] for m in SYMPY_METHODS]
        s15 = any(r["s15"] for r in recs)
        answered = any(r["status"] in ("success", "wrong") for r in recs)
        winners = [r["method"] for r in recs if r["s15"]]
        best.append({"dataset": dataset, "anumber": anumber, "method": "sympy_best",
                     "time": round(sum(r["time"] for r in recs), 6),
                     "s1": any(r["s1"] for r in recs), "s15": s15,
                     "status": "success" if s15 else ("wrong" if answered else "none"),
                     "answer": "right: " + ",".join(winners) if winners else
                     "answered: " + ",".join(r["method"] for r in recs
                                             if r["status"] == "wrong") if answered else None})
    return best


# --------------------------------------------------------------------------- #
# Tables and environment
# --------------------------------------------------------------------------- #

COLUMNS = ["dataset", "method", "n", "success@1 %", "success@15 %", "wrong %", "none %",
           "median s", "p90 s", "max s", "timeouts", "errors"]


def _percentile(values, q):
    """Linear-interpolation percentile (numpy's default), q in [0, 100]."""
    values = sorted(values)
    pos = (len(values) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def summarise(records, dataset, row):
    recs = [r for r in records if r["dataset"] == dataset and r["method"] == row]
    if not recs:
        return None
    n = len(recs)
    times = [r["time"] for r in recs]
    count = lambda pred: sum(1 for r in recs if pred(r))  # noqa: E731
    pct = lambda k: f"{100 * k / n:.1f}"  # noqa: E731
    return [dataset, row, str(n), pct(count(lambda r: r["s1"])), pct(count(lambda r: r["s15"])),
            pct(count(lambda r: r["status"] == "wrong")),
            pct(count(lambda r: r["status"] in ("none", "timeout", "error"))),
            f"{statistics.median(times):.3f}", f"{_percentile(times, 90):.3f}", f"{max(times):.3f}",
            str(count(lambda r: r["status"] == "timeout")), str(count(lambda r: r["status"] == "error"))]


def format_table(rows, markdown):
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |",
                 "|" + "|".join("---" if i < 2 else "---:" for i in range(len(COLUMNS))) + "|"]
        return "\n".join(lines + ["| " + " | ".join(r) + " |" for r in rows])
    widths = [max(len(c), *(len(r[i]) for r in rows)) if rows else len(c) for i, c in enumerate(COLUMNS)]
    fmt = lambda cells: "  ".join(c.ljust(w) if i < 2 else c.rjust(w)  # noqa: E731
                                  for i, (c, w) in enumerate(zip(cells, widths)))
    return "\n".join([fmt(COLUMNS), fmt(["-" * w for w in widths])] + [fmt(r) for r in rows])


def environment():
    import mpmath
    import sympy
    cpu = platform.processor() or "unknown CPU"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "n/a"
    return {"date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "machine": f"{os.cpu_count()} cores, {cpu}, load average at start {load}",
            "versions": f"Python {platform.python_version()}, SymPy {sympy.__version__}, "
                        f"mpmath {mpmath.__version__}"}


# --------------------------------------------------------------------------- #
# Driver
# --------------------------------------------------------------------------- #

def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data", type=Path, default=REPO_ROOT.parent / "shared" / "data",
                   help="folder holding oeis_dev.txt and oeis_broad_dev.txt (default ../shared/data)")
    p.add_argument("--datasets", default="curated,broad", help="comma-separated: curated, broad")
    p.add_argument("--methods", default=",".join(ALL_METHODS),
                   help=f"comma-separated subset of {', '.join(ALL_METHODS)}")
    p.add_argument("--our-method", default="auto",
                   help="method= for recurrence_guess; comma-separated for several rows")
    p.add_argument("--time-limit", type=float, default=10.0, help="seconds per call (default 10)")
    p.add_argument("--limit", type=int, default=None, help="first N sequences of each file")
    p.add_argument("--jobs", type=int, default=1,
                   help="worker processes (default 1: timings are meant to be single-process)")
    p.add_argument("--json-out", type=Path, default=None, help="write per-sequence records here")
    p.add_argument("--md-out", default=str(REPO_ROOT / "benchmarks" / "results" / "sequences.md"),
                   help="append the Markdown table here; '' to skip (default benchmarks/results/sequences.md)")
    args = p.parse_args(argv)
    args.datasets = [d.strip() for d in args.datasets.split(",") if d.strip()]
    args.methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    args.our_methods = [m.strip() for m in args.our_method.split(",") if m.strip()]
    for name, given, allowed in (("dataset", args.datasets, DATASETS),
                                 ("method", args.methods, ALL_METHODS)):
        for value in given:
            if value not in allowed:
                p.error(f"unknown {name} {value!r}; choose from {', '.join(allowed)}")
    if args.time_limit <= 0 or args.jobs < 1 or (args.limit is not None and args.limit < 1):
        p.error("--time-limit, --jobs and --limit must be positive")
    return args


def _progress(iterable, total, desc):
    try:
        from tqdm import tqdm
    except ImportError:
        return _plain_progress(iterable, total, desc)
    return tqdm(iterable, total=total, desc=desc, file=sys.stderr, mininterval=2.0)


def _plain_progress(iterable, total, desc):
    step = max(1, total // 20)
    for i, item in enumerate(iterable, start=1):
        if i % step == 0 or i == total:
            print(f"{desc}: {i}/{total}", file=sys.stderr, flush=True)
        yield item


def warm_up(rows, time_limit):
    """One untimed call per row so imports and first-call caches are not timed."""
    for row in rows:
        if row.startswith("sympy_recur["):
            run_ours(row[len("sympy_recur["):-1], WARMUP_TERMS, N_PREDICT, time_limit)
        else:
            SYMPY_PREDICTORS[row](WARMUP_TERMS, N_PREDICT)  # in-process: the parent keeps the imports


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    rows = []
    if "sympy_recur" in args.methods:
        ours = _import_ours()
        if isinstance(ours, str):
            print(f"note: skipping the sympy_recur rows, recurrence_guess is not available ({ours})",
                  file=sys.stderr)
        else:
            rows += [f"sympy_recur[{m}]" for m in args.our_methods]
    wanted = set(args.methods)
    if "sympy_best" in wanted:
        wanted |= set(SYMPY_METHODS)  # the union needs all three
    rows += [m for m in SYMPY_METHODS if m in wanted]

    data = {}
    for dataset in args.datasets:
        path = args.data / DATASETS[dataset]
        if not path.exists():
            sys.exit(f"error: {path} not found (use --data DIR)")
        seqs = [(a, t) for a, t, _ in read_stripped(path) if len(t) >= N_GIVEN + 1]
        data[dataset] = seqs[:args.limit] if args.limit else seqs

    env = environment()
    warm_up(rows, args.time_limit)
    records = []
    for dataset, seqs in data.items():
        for row in rows:
            tasks = [(row, dataset, a, t, args.time_limit) for a, t in seqs]
            desc = f"{dataset} {row}"
            if args.jobs == 1:
                records += list(_progress(map(run_one, tasks), len(tasks), desc))
            else:
                with ProcessPoolExecutor(args.jobs) as pool:
                    records += list(_progress(pool.map(run_one, tasks, chunksize=4), len(tasks), desc))
    if "sympy_best" in args.methods:
        records += combine_best(records)

    shown = [r for r in rows if r in args.methods or r.startswith("sympy_recur[")]
    shown += ["sympy_best"] if "sympy_best" in args.methods else []
    table = [s for d in data for r in shown if (s := summarise(records, d, r)) is not None]
    print(format_table(table, markdown=False))

    command = "python " + " ".join(shlex.quote(a) for a in
                                   [os.path.relpath(__file__, REPO_ROOT)] + sys.argv[1:])
    short = {d: sum(1 for _, t in data[d] if len(t) < N_GIVEN + N_PREDICT) for d in data}
    notes = [f"- command: `{command}` (time limit {args.time_limit:g} s per call, jobs {args.jobs})",
             f"- date: {env['date']}", f"- machine: {env['machine']}", f"- versions: {env['versions']}",
             "- sequences with fewer than 30 terms (judged on the terms they have): "
             + ", ".join(f"{d} {k}" for d, k in short.items())]
    if args.md_out:
        out = Path(args.md_out)
        out.parent.mkdir(parents=True, exist_ok=True)
        header = "" if out.exists() else (
            "# OEIS next-terms benchmark\n\nProduced by `benchmarks/bench_sequences.py`; "
            "see `benchmarks/README.md` for the protocol. Newest runs at the bottom.\n")
        with open(out, "a", encoding="utf-8") as handle:
            handle.write(f"{header}\n## Run of {env['date']}\n\n" + "\n".join(notes)
                         + "\n\n" + format_table(table, markdown=True) + "\n")
        print(f"appended to {out}", file=sys.stderr)
    if args.json_out:
        args.json_out.write_text(json.dumps({"environment": env, "command": command,
                                             "records": records}, indent=1, default=str))
        print(f"wrote {len(records)} records to {args.json_out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
