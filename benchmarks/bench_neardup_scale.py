"""Benchmark near-duplicate detection at 10k, 100k and 1M documents: time and memory.

Documents are synthesised from real text (the corpus of ``bench_minhash``:
web pages and Debian documentation): each is 3-6 random distinct real
sentences; 5% are edited copies of an original (1-2 word substitutions) and 2%
exact copies of an original (other case and punctuation).  Each size runs in a fresh subprocess so its peak
RSS is its own.  Peers: datasketch ``MinHashLSH`` (``update_batch`` MinHashes,
insert + query, no verification) on the smallest size, as a reference point.

``--incremental N`` measures the persistent index instead: 90% of N documents
indexed (SQLite), the other 10% deduplicated incrementally against it, compared
with one full run (time, and that the PAIRS are the same).

Run: ``python benchmarks/bench_neardup_scale.py [--quick] [--sizes 10000 100000 1000000]``
or ``python benchmarks/bench_neardup_scale.py --incremental 100000``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_minhash import _save, load_corpus, py_shingles


def _sentence_pool() -> list[str]:
    """Return the distinct sentences (5 words or more) of the real corpus."""
    import re

    seen: dict[str, None] = {}
    for _, text in load_corpus(40.0):
        for sent in re.split(r"(?<=[.!?])\s+|\n+", text):
            sent = " ".join(sent.split())
            if len(sent.split()) >= 5:
                seen.setdefault(sent)
    return list(seen)


def synthesise(n: int, seed: int = 0) -> list[tuple[str, str]]:
    """Return n documents of 3-6 random real sentences, with near and exact copies."""
    rng = random.Random(seed)
    pool = _sentence_pool()
    out: list[tuple[str, str]] = []
    originals: list[str] = []  # copies are made of originals only: clusters stay small
    for i in range(n):
        r = rng.random()
        if originals and r < 0.05:
            words = rng.choice(originals).split()
            for _ in range(rng.randint(1, 2)):
                words[rng.randrange(len(words))] = f"w{rng.randrange(10**6)}"
            text = " ".join(words)
        elif originals and r < 0.07:
            text = rng.choice(originals).upper() + "."
        else:
            text = " ".join(rng.choice(pool) for _ in range(rng.randint(3, 6)))
            originals.append(text)
        out.append((f"doc{i:07d}", text))
    return out


def run_one(n: int, peer: bool) -> dict[str, Any]:
    """Time seedclean (and optionally datasketch) on n documents in this process."""
    from seedclean.neardup import find_duplicates

    corpus = synthesise(n)
    mb = sum(len(t.encode("utf-8")) for _, t in corpus) / 1e6
    find_duplicates([("warm", "up")])
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    c0, w0 = time.process_time(), time.perf_counter()
    res = find_duplicates(corpus, priority={i: (len(t),) for i, t in corpus})
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    row = {"docs": n, "mb": mb, "cpu_s": cpu, "wall_s": wall, "pairs": len(res.pairs),
           "dropped": len(res.duplicate_of), "rss_before_mb": rss0,
           "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    if peer:
        from datasketch import MinHash, MinHashLSH

        c0 = time.process_time()
        lsh = MinHashLSH(threshold=0.8, num_perm=128)
        hashes = []
        for doc_id, text in corpus:
            m = MinHash(num_perm=128)
            m.update_batch([s.encode("utf-8") for s in py_shingles(text)])
            lsh.insert(doc_id, m)
            hashes.append(m)
        found = sum(len(lsh.query(m)) - 1 for m in hashes) // 2
        row["datasketch_cpu_s"] = time.process_time() - c0
        row["datasketch_pairs_unverified"] = found
    return row


def run_incremental(n: int, new_share: float = 0.1) -> dict[str, Any]:
    """Index (1 - new_share) of n documents, add the rest incrementally; compare with a full run."""
    import tempfile

    from seedclean.config import NearDupConfig
    from seedclean.index import open_index
    from seedclean.neardup import find_duplicates

    corpus = synthesise(n)
    cut = int(n * (1 - new_share))
    prio = {i: (len(t),) for i, t in corpus}
    cfg = NearDupConfig()
    find_duplicates([("warm", "up")])
    c0 = time.process_time()
    full = find_duplicates(corpus, config=cfg, priority=prio)
    full_cpu = time.process_time() - c0
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "index.sqlite")
        c0 = time.process_time()
        with open_index(path, config=cfg) as index:
            find_duplicates(corpus[:cut], config=cfg, priority=prio, index=index)
        first_cpu = time.process_time() - c0
        c0 = time.process_time()
        with open_index(path, config=cfg) as index:
            inc = find_duplicates(corpus[cut:], config=cfg, priority=prio, index=index)
        inc_cpu = time.process_time() - c0
        size_mb = Path(path).stat().st_size / 1e6
    new = {i for i, _ in corpus[cut:]}
    want = tuple(p for p in full.pairs if p[0] in new or p[1] in new)
    return {"docs": n, "new": n - cut, "full_cpu_s": full_cpu, "index_first_cpu_s": first_cpu,
            "incremental_cpu_s": inc_cpu, "index_mb": size_mb, "pairs_new": len(inc.pairs),
            "same_pairs_as_full_run": inc.pairs == want}


def main(argv: list[str] | None = None) -> int:
    """Run each size in a subprocess and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="sizes 10k and 30k")
    ap.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000],
                    help="numbers of documents")
    ap.add_argument("--incremental", type=int, metavar="N",
                    help="instead: index 90%% of N documents, add 10%% incrementally; compare")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    ap.add_argument("--peer", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(run_one(args.child, args.peer)))
        return 0
    if args.incremental:
        r = run_incremental(args.incremental)
        print(f"incremental: {r['docs']:,d} docs, {r['new']:,d} new; full run CPU {r['full_cpu_s']:.1f} s, "
              f"indexing the old ones {r['index_first_cpu_s']:.1f} s, "
              f"incremental run {r['incremental_cpu_s']:.1f} s "
              f"(x{r['full_cpu_s'] / r['incremental_cpu_s']:.1f} faster than a full re-run); "
              f"index {r['index_mb']:.0f} MB; same pairs as the full run: {r['same_pairs_as_full_run']}")
        _save("bench_neardup_incremental", {"args": vars(args), **r})
        return 0
    sizes = [10_000, 30_000] if args.quick else args.sizes
    rows = []
    for k, n in enumerate(sizes):
        cmd = [sys.executable, __file__, "--child", str(n)] + (["--peer"] if k == 0 else [])
        out = subprocess.run(cmd, capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        r = rows[-1]
        print(f"{r['docs']:>9,d} docs {r['mb']:8.1f} MB  CPU {r['cpu_s']:7.1f} s  wall {r['wall_s']:7.1f} s  "
              f"{r['mb'] / r['cpu_s']:5.1f} MB/s  {r['docs'] / r['cpu_s']:8.0f} docs/s  "
              f"peak RSS {r['peak_rss_mb']:7.0f} MB  pairs {r['pairs']:,d}", flush=True)
    base = rows[0]
    print(f"{'docs':>9s} {'MB':>8s} {'CPU s':>8s} {'us/doc':>8s} {'x time':>7s} {'x docs':>7s} "
          f"{'peak RSS MB':>11s}")
    for r in rows:
        print(f"{r['docs']:9,d} {r['mb']:8.1f} {r['cpu_s']:8.1f} {1e6 * r['cpu_s'] / r['docs']:8.1f} "
              f"{r['cpu_s'] / base['cpu_s']:7.1f} {r['docs'] / base['docs']:7.1f} {r['peak_rss_mb']:11.0f}")
    if "datasketch_cpu_s" in base:
        print(f"datasketch MinHashLSH at {base['docs']:,d} docs: CPU {base['datasketch_cpu_s']:.1f} s "
              f"(seedclean x{base['datasketch_cpu_s'] / base['cpu_s']:.1f}), "
              f"{base['datasketch_pairs_unverified']:,d} unverified pairs vs {base['pairs']:,d} verified")
    _save("bench_neardup_scale", {"args": vars(args), "rows": rows})
    return 0


if __name__ == "__main__":
    sys.exit(main())
