"""Benchmark throughput: each stage and the whole pipeline (MB/s per core), peers, worker scaling.

Corpus (real text, installed offline): the pages of
``../shared/eval/boilerplate_dev.jsonl.gz`` and the bundled seeds.

Measures, on the same texts in one run:

* each stage alone on the raw texts (``decode`` on the UTF-8 bytes, ``fix_text``,
  ``extract_meta``, ``strip_boilerplate``, ``remove_repeats``) and near-duplicate
  detection (``find_duplicates`` over the corpus);
* end to end: ``clean()`` per document, CPU time (MB/s per core);
* peers: ``ftfy.fix_text`` + datasketch ``MinHash`` (word 5-grams, 128 permutations)
  per document, and the ratio seedclean / peers;
* worker scaling: the corpus runner (``seedclean.corpus.run_clean``) with
  ``--jobs 1`` and ``--jobs 2`` (wall time; the machine may be shared).

Run: ``python benchmarks/bench_throughput.py [--quick] [--docs N]``; results go to
``benchmarks/results/bench_throughput.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from _results import write_results  # benchmarks/ is on sys.path when a script runs

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"
_WORD = re.compile(r"\w+")


def real_texts(limit: int) -> list[str]:
    """Return up to ``limit`` real page texts (dev pages, then the seeds)."""
    texts = []
    dev = SHARED / "eval" / "boilerplate_dev.jsonl.gz"
    if dev.exists():
        with gzip.open(dev, "rt", encoding="utf-8") as f:
            texts = [json.loads(line)["text"] for line in f]
    texts += [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return texts[:limit]


def _mb(texts: list[str]) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6


def timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Return (CPU seconds, wall seconds) of ``fn()``."""
    c, w = time.process_time(), time.perf_counter()
    fn()
    return time.process_time() - c, time.perf_counter() - w


def stage_rates(texts: list[str]) -> dict[str, float]:
    """Return MB/s per core of each stage run alone on the raw texts."""
    import seedclean
    from seedclean.decoding import decode  # ``seedclean.decode`` is shadowed by the submodule once loaded

    blobs = [t.encode("utf-8") for t in texts]
    stages: dict[str, Callable[[], object]] = {
        "decode": lambda: [decode(b) for b in blobs],
        "encoding": lambda: [seedclean.fix_text(t) for t in texts],
        "meta": lambda: [seedclean.extract_meta(t) for t in texts],
        "boilerplate": lambda: [seedclean.strip_boilerplate(t) for t in texts],
        "repeats": lambda: [seedclean.remove_repeats(t) for t in texts],
        "neardup": lambda: seedclean.find_duplicates([(str(i), t) for i, t in enumerate(texts)]),
        "clean (end to end)": lambda: [seedclean.clean(t) for t in texts],
    }
    mb = _mb(texts)
    out = {}
    # Load every lazy table (language models, trigram sets, compiled regexes)
    # first, as any real run has after its first pages: one-time start-up
    # cost is not a stage's speed.
    for t in ["1 íîÿáðÿ 2022, cafÃ©, Мichaelson, Größe", "la crème brûlée à Paris", *texts[:5]]:
        seedclean.clean(t)
    for name, fn in stages.items():
        cpu, _ = timed(fn)
        out[name] = mb / cpu if cpu else float("inf")
        print(f"  {name:<22} {out[name]:8.3f} MB/s per core  ({cpu:.2f} s CPU)")
    return out


def peer_rate(texts: list[str]) -> float:
    """Return MB/s per core of ftfy.fix_text + datasketch MinHash (word 5-grams, 128 perms)."""
    import ftfy
    from datasketch import MinHash

    def run() -> None:
        for t in texts:
            fixed = ftfy.fix_text(t)
            words = _WORD.findall(fixed.casefold())
            m = MinHash(num_perm=128, seed=1)
            m.update_batch([" ".join(words[i: i + 5]).encode() for i in range(max(1, len(words) - 4))])

    cpu, _ = timed(run)
    return _mb(texts) / cpu


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def scaling(texts: list[str], jobs: list[int]) -> dict[int, dict[str, float]]:
    """Return wall-clock MB/s and CPU seconds (this process + workers) of the corpus runner per jobs."""
    from seedclean.corpus import RunOptions, run_clean

    out = {}
    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "c.jsonl"
        src.write_text("".join(json.dumps({"id": str(i), "text": t}) + "\n" for i, t in enumerate(texts)))
        for j in jobs:
            kids = _children_cpu()
            cpu, wall = timed(lambda j=j: run_clean([str(src)], Path(d) / f"o{j}", options=RunOptions(
                jobs=j, chunk_docs=4)))
            cpu += _children_cpu() - kids
            out[j] = {"mb_s_wall": _mb(texts) / wall, "cpu_s": cpu, "wall_s": wall}
            print(f"  --jobs {j}: {out[j]['mb_s_wall']:.3f} MB/s wall ({wall:.2f} s wall, {cpu:.2f} s CPU)")
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the JSON results."""
    import seedclean

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="20 documents only")
    ap.add_argument("--docs", type=int, default=80, help="documents from the real corpus (default 80)")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "bench_throughput.json")
    args = ap.parse_args(argv)
    texts = real_texts(20 if args.quick else args.docs)
    seedclean.clean("warm up: load models and tables once.")
    print(f"corpus: {len(texts)} documents, {_mb(texts):.2f} MB (real pages + seeds)")
    print("per stage, alone on the raw texts:")
    stages = stage_rates(texts)
    peers = peer_rate(texts)
    ratio = stages["clean (end to end)"] / peers
    print(f"peers ftfy.fix_text + datasketch MinHash: {peers:.3f} MB/s per core")
    print(f"ratio seedclean clean() / peers: {ratio:.3f}")
    print("worker scaling (corpus runner, wall clock):")
    scale = scaling(texts, [1, 2])
    print(f"  speed-up 2 jobs / 1 job: {scale[2]['mb_s_wall'] / scale[1]['mb_s_wall']:.2f}x "
          "(wall clock; the 2 cores here are shared, so compare CPU seconds too)")
    result: dict[str, Any] = {
        "docs": len(texts), "mb": _mb(texts), "stages_mb_s_per_core": stages, "peers_mb_s_per_core": peers,
        "ratio_vs_peers": ratio, "scaling_mb_s_wall": scale,
    }
    write_results(args.out, result)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
