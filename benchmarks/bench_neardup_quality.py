"""Benchmark near-duplicate quality: precision/recall by Jaccard bucket vs exact truth.

Corpus (real text, offline):

* natural near-duplicates: every ``/usr/share/doc/*/copyright`` file (licence
  templates, the same notice for the binary packages of one source with small
  differences) and ``changelog.Debian.gz`` files (shared or extended histories);
* controlled edits of real pages (``../shared/eval/boilerplate_dev.jsonl.gz``):
  for each page, variants with k scattered word substitutions, k chosen so the
  expected Jaccard spreads over 0.70-0.98 (many in 0.80-0.85).

Truth: the exact Jaccard of every pair that shares a shingle (a sparse
document x shingle matrix product over the shingle *strings*, made with a
plain Python ``re`` tokeniser), so it is independent of seedclean's hashing.
Compared at the same threshold: seedclean ``find_duplicates`` (LSH + exact
verification + all pairs within clusters) and datasketch ``MinHashLSH``
(``update_batch`` MinHashes, the pairs its queries return, as is, and after
exact verification).  Target: precision >= 0.999, recall >= 0.995 at J >= 0.8.

Run: ``python benchmarks/bench_neardup_quality.py [--quick] [--threshold 0.8]``.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_minhash import _save, iter_real_texts, py_shingles

BUCKETS = [(0.0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.85), (0.85, 0.9), (0.9, 0.95), (0.95, 1.0),
           (1.0, 1.0001)]


def build_corpus(quick: bool, seed: int = 0) -> list[tuple[str, str]]:
    """Return natural documents plus edited variants of real pages."""
    rng = random.Random(seed)
    natural, pages = [], []
    for doc_id, text in iter_real_texts():
        if doc_id.startswith("web/"):
            pages.append((doc_id, text))
        elif doc_id.startswith("copyright/") or doc_id.endswith("changelog.Debian.gz"):
            natural.append((doc_id, text[:200_000]))
    if quick:
        natural, pages = natural[:250], pages[:40]
    out = list(natural) + list(pages)
    for doc_id, text in pages:
        words = text.split()
        shingles = max(len(words) - 4, 1)
        for v in range(4 if quick else 8):
            target = rng.uniform(0.80, 0.86) if v % 2 == 0 else rng.uniform(0.70, 0.98)
            k = max(1, round(shingles * (1 - target) / (5 * (1 + target))))
            edited = list(words)
            for pos in rng.sample(range(len(words)), min(k, len(words))):
                edited[pos] = f"edit{rng.randrange(10**6)}"
            out.append((f"{doc_id}#v{v}", " ".join(edited)))
    return out


def exact_truth(corpus: list[tuple[str, str]], floor: float) -> dict[tuple[str, str], float]:
    """Return the exact Jaccard of every pair with J >= floor (sparse matrix product)."""
    from scipy import sparse

    vocab: dict[str, int] = {}
    rows, cols = [], []
    sizes = []
    for i, (_, text) in enumerate(corpus):
        s = {vocab.setdefault(x, len(vocab)) for x in py_shingles(text)}
        rows.extend([i] * len(s))
        cols.extend(s)
        sizes.append(len(s))
    x = sparse.csr_matrix((np.ones(len(rows), np.int32), (rows, cols)), shape=(len(corpus), len(vocab)))
    inter = sparse.triu(x @ x.T, k=1).tocoo()
    size = np.array(sizes)
    jac = inter.data / (size[inter.row] + size[inter.col] - inter.data)
    ids = [i for i, _ in corpus]
    out = {}
    for a, b, j in zip(inter.row.tolist(), inter.col.tolist(), jac.tolist(), strict=True):
        if j >= floor:
            out[tuple(sorted((ids[a], ids[b])))] = j  # type: ignore[index]
    return out


def run_seedclean(corpus: list[tuple[str, str]], threshold: float) -> tuple[set[tuple[str, str]], float]:
    """Return seedclean's pairs and CPU seconds."""
    from seedclean.config import NearDupConfig
    from seedclean.neardup import find_duplicates

    find_duplicates([("warm", "up")])  # builds the lookup tables once (about 0.5 s), not timed
    t = time.process_time()
    res = find_duplicates(corpus, config=NearDupConfig(threshold=threshold))
    return {(a, b) for a, b, _ in res.pairs}, time.process_time() - t


def run_datasketch(corpus: list[tuple[str, str]], threshold: float) -> tuple[set[tuple[str, str]], float]:
    """Return the pairs datasketch MinHashLSH queries give, and CPU seconds."""
    from datasketch import MinHash, MinHashLSH

    t = time.process_time()
    lsh = MinHashLSH(threshold=threshold, num_perm=128)
    hashes = {}
    for doc_id, text in corpus:
        sh = py_shingles(text)
        if not sh:
            continue
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in sh])
        hashes[doc_id] = m
        lsh.insert(doc_id, m)
    pairs = set()
    for doc_id, m in hashes.items():
        for other in lsh.query(m):
            if other != doc_id:
                pairs.add(tuple(sorted((doc_id, other))))
    return pairs, time.process_time() - t  # type: ignore[return-value]


def bucket_table(truth_all: dict[tuple[str, str], float], found: Iterable[tuple[str, str]],
                 threshold: float) -> list[dict[str, Any]]:
    """Count true pairs found per Jaccard bucket (found pairs below the threshold are false positives)."""
    found = set(found)
    rows = []
    for lo, hi in BUCKETS:
        in_bucket = {p for p, j in truth_all.items() if lo <= j < hi}
        label = f"[{lo:.2f},{min(hi, 1.0):.2f}{']' if hi > 1 else ')'}"
        rows.append({"bucket": label, "pairs": len(in_bucket),
                     "found": len(in_bucket & found), "above": lo >= threshold})
    return rows


def score(truth_all: dict[tuple[str, str], float], found: set[tuple[str, str]],
          threshold: float) -> dict[str, float]:
    """Return precision and recall at the threshold."""
    true = {p for p, j in truth_all.items() if j >= threshold}
    tp = len(true & found)
    return {"precision": tp / len(found) if found else 1.0, "recall": tp / len(true) if true else 1.0,
            "tp": tp, "fp": len(found - true), "fn": len(true - found)}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a few hundred documents")
    ap.add_argument("--threshold", type=float, default=0.8)
    args = ap.parse_args(argv)
    corpus = build_corpus(args.quick)
    mb = sum(len(t.encode("utf-8")) for _, t in corpus) / 1e6
    truth = exact_truth(corpus, 0.0)
    sc_pairs, sc_cpu = run_seedclean(corpus, args.threshold)
    ds_pairs, ds_cpu = run_datasketch(corpus, args.threshold)
    ds_verified = {p for p in ds_pairs if truth.get(p, 0.0) >= args.threshold}
    methods = [("seedclean", sc_pairs), ("datasketch LSH", ds_pairs),
               ("datasketch LSH + verify", ds_verified)]
    results = {name: score(truth, pairs, args.threshold) for name, pairs in methods}
    print(f"corpus: {len(corpus)} docs, {mb:.1f} MB; threshold {args.threshold}; "
          f"true pairs >= threshold: {sum(j >= args.threshold for j in truth.values())}")
    tables = {name: bucket_table(truth, pairs, args.threshold)
              for name, pairs in [("seedclean", sc_pairs), ("datasketch", ds_pairs)]}
    print(f"{'Jaccard bucket':16s} {'pairs':>7s} {'seedclean':>10s} {'datasketch':>10s}")
    for a, b in zip(tables["seedclean"], tables["datasketch"], strict=True):
        print(f"{a['bucket']:16s} {a['pairs']:7d} {a['found']:10d} {b['found']:10d}")
    print(f"{'method':26s} {'precision':>9s} {'recall':>8s} {'FP':>6s} {'FN':>6s} {'CPU s':>7s} {'MB/s':>6s}")
    for name, r in results.items():
        cpu = sc_cpu if name == "seedclean" else ds_cpu
        print(f"{name:26s} {r['precision']:9.4f} {r['recall']:8.4f} {r['fp']:6d} {r['fn']:6d} {cpu:7.2f} "
              f"{mb / cpu:6.2f}")
    _save("bench_neardup_quality", {"args": vars(args), "docs": len(corpus), "mb": mb, "scores": results,
                                    "buckets": tables, "cpu_s": {"seedclean": sc_cpu, "datasketch": ds_cpu}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
