"""Benchmark peak memory (RSS) of corpus runs at 1x, 4x and 16x corpus size.

The corpus is built from real text (``../shared/eval/boilerplate_dev.jsonl.gz``
pages and the seeds): copy ``k`` of a page has every 7th word replaced, so the
copies are distinct documents (not near-duplicates) and the whole pipeline,
near-dup pass included, sees a corpus that really grows.  Each run is a fresh
child process; its peak RSS is ``ru_maxrss`` of the child (and its workers).

Runners compared on the same files:

* ``corpus``: :func:`seedclean.corpus.run_clean` (streaming, what the CLI uses);
* ``in-memory``: :func:`seedclean.clean_corpus` over the whole list (holds every text).

``--fast`` switches the ``meta`` stage off (the slowest stage today; memory per
document does not depend on it) so that 16x stays quick on a shared machine.

Run: ``python benchmarks/bench_memory.py [--quick] [--base-mb 1.0] [--fast]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _results import write_results  # benchmarks/ is on sys.path when a script runs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"

CHILD = r"""
import json, resource, sys, dataclasses
from pathlib import Path
from seedclean.config import CleanConfig
runner, src, out = sys.argv[1], sys.argv[2], Path(sys.argv[3])
fast, jobs = sys.argv[4] == "1", int(sys.argv[5])
cfg = CleanConfig()
if fast:
    cfg = dataclasses.replace(cfg, stages=cfg.stages - {"meta"})
if runner == "corpus":
    from seedclean.corpus import RunOptions, run_clean
    s = run_clean([src], out, cfg, RunOptions(jobs=jobs)).summary
    counts = (s.docs_in, s.kept, s.dropped)
else:
    from seedclean import clean_corpus
    docs = [json.loads(line) for line in open(src, encoding="utf-8")]
    res = list(clean_corpus(docs, config=cfg))
    counts = (len(res), sum(d.dropped is None for d in res), sum(d.dropped is not None for d in res))
own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rss_mb": max(own, kids) / 1024, "counts": counts}))
"""


def real_texts() -> list[str]:
    """Return the real page texts (dev pages, then the seeds)."""
    texts = []
    dev = SHARED / "eval" / "boilerplate_dev.jsonl.gz"
    if dev.exists():
        with gzip.open(dev, "rt", encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f]
    return texts + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


def _mutate(text: str, k: int) -> str:
    if k == 0:
        return text
    rng = random.Random(k)
    words = text.split(" ")
    for i in range(k % 7, len(words), 7):
        words[i] = rng.choice(("river", "council", "morning", "station", "garden", "letter", "island"))
    return " ".join(words)


def build(path: Path, base: list[str], target_mb: float) -> tuple[int, float]:
    """Write a JSONL corpus of about ``target_mb`` MB; return (documents, MB)."""
    n, size = 0, 0
    with path.open("w", encoding="utf-8") as f:
        k = 0
        while size < target_mb * 1e6:
            for t in base:
                text = _mutate(t, k)
                f.write(json.dumps({"id": f"{k}-{n}", "text": text}, ensure_ascii=False) + "\n")
                n += 1
                size += len(text.encode("utf-8"))
                if size >= target_mb * 1e6:
                    break
            k += 1
    return n, size / 1e6


def measure(runner: str, src: Path, out: Path, fast: bool, jobs: int) -> dict[str, Any]:
    """Run one child process and return its peak RSS and counts."""
    t = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", CHILD, runner, str(src), str(out), "1" if fast else "0",
                          str(jobs)], capture_output=True, text=True, check=True)
    row: dict[str, Any] = json.loads(res.stdout.strip().splitlines()[-1])
    row["seconds"] = time.perf_counter() - t
    return row


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the JSON results."""

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="base 0.25 MB, scales 1x and 4x")
    ap.add_argument("--base-mb", type=float, default=1.0, help="size of the 1x corpus (default 1 MB)")
    ap.add_argument("--fast", action="store_true", help="switch the slow meta stage off")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--runners", default="corpus,in-memory")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "bench_memory.json")
    args = ap.parse_args(argv)
    base_mb = 0.25 if args.quick else args.base_mb
    scales = [1, 4] if args.quick else [1, 4, 16]
    base = real_texts()
    rows = []
    with tempfile.TemporaryDirectory() as d:
        for scale in scales:
            src = Path(d) / f"c{scale}.jsonl"
            n, mb = build(src, base, base_mb * scale)
            for runner in args.runners.split(","):
                r = measure(runner, src, Path(d) / f"o-{runner}-{scale}", args.fast, args.jobs)
                r.update(scale=scale, docs=n, mb=mb, runner=runner)
                rows.append(r)
                print(f"{scale:>3}x {n:>6} docs {mb:7.2f} MB  {runner:<10} peak RSS {r['rss_mb']:7.1f} MB"
                      f"  ({r['seconds']:.1f} s; in/kept/dropped {r['counts']})", flush=True)
    write_results(args.out, {"rows": rows, "base_mb": base_mb, "fast": args.fast, "jobs": args.jobs})
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
