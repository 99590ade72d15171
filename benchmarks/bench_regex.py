"""Benchmark clean() on pathological lines: is the time linear in the input size?

Adversarial inputs for regular expressions and line/block logic: one character
repeated (letters, spaces, dots, dashes, ``<``, ``&``, digits, mojibake
lead bytes), deeply nested punctuation, one huge token, a million short lines.
Each case is cleaned at growing sizes (16 KB ... 1 MB); the time ratio between
successive sizes (x4 input) should stay near 4.  A case whose ratio exceeds
``--max-ratio`` is flagged super-linear and its stages are timed one by one.
A case that takes more than ``--budget`` seconds is not run at the next size.
For a peer figure, ``ftfy.fix_text`` runs on the same 1 MB inputs.

Run: ``python benchmarks/bench_regex.py [--quick]``.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

CASES: dict[str, Callable[[int], str]] = {
    "one letter": lambda n: "a" * n,
    "spaces": lambda n: " " * n,
    "dots": lambda n: "." * n,
    "dashes": lambda n: "-" * n,
    "angle brackets": lambda n: "<" * n,
    "ampersands": lambda n: "&" * n,
    "digits": lambda n: "7" * n,
    "mojibake lead": lambda n: "Ã" * n,
    "cyrillic mojibake": lambda n: "Ð¿" * (n // 2),
    "nested parens": lambda n: "(" * (n // 2) + ")" * (n // 2),
    "nested mixed": lambda n: "([{<«" * (n // 10) + "»>}])" * (n // 10),
    "quotes": lambda n: '"' * n,
    "word dot": lambda n: "a." * (n // 2),
    "word space": lambda n: "ab " * (n // 3),
    "url": lambda n: "http://" + "a/" * (n // 2),
    "tags": lambda n: "<p>" * (n // 3),
    "short lines": lambda n: "x\n" * (n // 2),
    "blank lines": lambda n: "\n" * n,
    "date-like": lambda n: "12.12.2012 " * (n // 11),
    "copyright-like": lambda n: "© " * (n // 2),
    "cyrillic camel case": lambda n: "аБ" * (n // 2),
    "cyrillic capital words": lambda n: "ААА " * (n // 4),
    "cyrillic swapped case": lambda n: "аББ" * (n // 3),
    "middle dots": lambda n: "a·" * (n // 2),
    "accented letters": lambda n: "ùý " * (n // 3),
}


def _time(fn: Callable[[], object]) -> float:
    t = time.process_time()
    fn()
    return time.process_time() - t


def run_case(name: str, sizes: list[int], budget: float, max_ratio: float) -> dict[str, Any]:
    """Time clean() on one case at each size; return times and the worst growth ratio.

    Growing stops once a case is over ``budget`` seconds or already grows faster
    than ``max_ratio`` per x4 (the next size would only take much longer).
    """
    from seedclean import clean

    times: dict[int, float] = {}
    prev = None
    for n in sizes:
        text = CASES[name](n)
        times[n] = _time(lambda text=text: clean(text))
        if times[n] > budget or (prev and prev > 0.01 and times[n] / prev > max_ratio):
            break
        prev = times[n]
    ks = sorted(times)
    ratios = [times[b] / times[a] for a, b in itertools.pairwise(ks) if times[a] > 0.01]
    return {"times": times, "worst_ratio": max(ratios, default=0.0), "completed": len(times) == len(sizes)}


def stage_times(text: str) -> dict[str, float]:
    """Time each stage alone on ``text`` (to find a super-linear one)."""
    import seedclean

    fns: dict[str, Callable[[], object]] = {
        "encoding": lambda: seedclean.fix_text(text),
        "meta": lambda: seedclean.extract_meta(text),
        "boilerplate": lambda: seedclean.strip_boilerplate(text),
        "repeats": lambda: seedclean.remove_repeats(text),
    }
    return {k: _time(f) for k, f in fns.items()}


def main(argv: list[str] | None = None) -> int:
    """Run every case and write the JSON results."""
    import ftfy

    import seedclean

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="sizes 4 KB and 16 KB only")
    ap.add_argument("--max-ratio", type=float, default=8.0, help="flag growth above this per x4 input")
    ap.add_argument("--budget", type=float, default=10.0, help="seconds; stop growing a case after this")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--out", type=Path, default=HERE / "results" / "bench_regex.json")
    args = ap.parse_args(argv)
    sizes = [4_096, 16_384] if args.quick else [16_384, 65_536, 262_144, 1_048_576]
    seedclean.clean("warm up: load models and tables once.")
    rows = {}
    print(f"{'case':<18} " + " ".join(f"{n // 1024:>7}K" for n in sizes) + "  worst x4 ratio")
    for name in args.cases.split(","):
        r = run_case(name, sizes, args.budget, args.max_ratio)
        flag = r["worst_ratio"] > args.max_ratio or not r["completed"]
        if flag:
            r["stages_at_largest"] = stage_times(CASES[name](max(r["times"])))
        big = CASES[name](sizes[-1])
        r["ftfy_s"] = _time(lambda big=big: ftfy.fix_text(big))
        rows[name] = r
        cells = " ".join(f"{r['times'][n]:>7.2f}s" if n in r["times"] else f"{'skip':>8}" for n in sizes)
        print(f"{name:<18} {cells}  {r['worst_ratio']:5.1f}{'  SUPER-LINEAR' if flag else ''}"
              + (f"  stages: {r['stages_at_largest']}" if flag else ""), flush=True)
    bad = [k for k, r in rows.items() if r["worst_ratio"] > args.max_ratio or not r["completed"]]
    print(f"super-linear or over budget: {bad or 'none'}")
    result = {"sizes": sizes, "rows": rows, "flagged": bad, "max_ratio": args.max_ratio,
              "versions": {"seedclean": seedclean.__version__, "ftfy": ftfy.__version__,
                           "python": sys.version.split()[0], "platform": platform.platform()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1, default=str))
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
