"""Benchmark MinHash signatures from raw text: seedclean vs datasketch and rensa.

Corpus (real text, installed offline): the page texts of
``../shared/eval/boilerplate_dev.jsonl.gz`` plus Debian package documentation
(``/usr/share/doc/*/copyright`` and ``changelog*.gz``), as one document each.

Every method starts from the raw ``str`` and uses the same shingling (word
5-grams over ``\\w+`` runs of the NFKC-normalised, case-folded text, see
``seedclean.neardup.shingles``); for the peers the shingles are made in Python
(``re`` tokeniser) and fed as UTF-8 strings/bytes, which is how they are used.
Methods: seedclean ``signatures`` (vectorised, one-permutation hashing),
datasketch ``MinHash.update`` per shingle, ``update_batch``, ``MinHash.bulk``,
rensa ``RMinHash`` and ``CMinHash`` (``update`` with the shingle list).  Speed is
CPU time of this process (``time.process_time``: MB/s per core; the wall time
is printed too, it suffers from other load on the machine); peak memory is
measured in a separate pass with ``tracemalloc``.

Run: ``python benchmarks/bench_minhash.py [--quick] [--mb 20]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import re
import sys
import time
import tracemalloc
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
_WORD = re.compile(r"\w+")


def iter_real_texts() -> Iterator[tuple[str, str]]:
    """Yield (id, text) of real documents: web pages, then Debian copyright files and changelogs."""
    dev = SHARED / "eval" / "boilerplate_dev.jsonl.gz"
    if dev.exists():
        with gzip.open(dev, "rt", encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                yield f"web/{row['id']}", row["text"]
    for path in sorted(Path("/usr/share/doc").glob("*/copyright")):
        try:
            yield f"copyright/{path.parent.name}", path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    for path in sorted(Path("/usr/share/doc").glob("*/changelog*.gz")):
        try:
            with gzip.open(path, "rt", errors="replace") as f:
                text = f.read()
            yield f"changelog/{path.parent.name}/{path.name}", text
        except (OSError, EOFError):
            continue


def load_corpus(max_mb: float) -> list[tuple[str, str]]:
    """Return real documents up to about max_mb of UTF-8 text (empty ones skipped)."""
    out, size = [], 0
    for doc_id, text in iter_real_texts():
        if not text.strip():
            continue
        out.append((doc_id, text))
        size += len(text.encode("utf-8"))
        if size >= max_mb * 1e6:
            break
    return out


def py_shingles(text: str, n: int = 5) -> list[str]:
    """Return the word n-grams of a text the plain Python way (seedclean's definition)."""
    toks = _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
    if len(toks) < n:
        return [" ".join(toks)] if toks else []
    return [" ".join(toks[i: i + n]) for i in range(len(toks) - n + 1)]


def _seedclean(texts: list[str]) -> Any:
    from seedclean.neardup import signatures

    return signatures(texts)


def _ds_update(texts: list[str]) -> Any:
    from datasketch import MinHash

    out = []
    for t in texts:
        m = MinHash(num_perm=128)
        for s in py_shingles(t):
            m.update(s.encode("utf-8"))
        out.append(m)
    return out


def _ds_update_batch(texts: list[str]) -> Any:
    from datasketch import MinHash

    out = []
    for t in texts:
        m = MinHash(num_perm=128)
        m.update_batch([s.encode("utf-8") for s in py_shingles(t)])
        out.append(m)
    return out


def _ds_bulk(texts: list[str]) -> Any:
    from datasketch import MinHash

    return MinHash.bulk([[s.encode("utf-8") for s in py_shingles(t)] for t in texts], num_perm=128)


def _rensa(cls_name: str) -> Callable[[list[str]], Any]:
    def run(texts: list[str]) -> Any:
        import rensa

        cls = getattr(rensa, cls_name)
        out = []
        for t in texts:
            m = cls(num_perm=128, seed=1)
            m.update(py_shingles(t))
            out.append(m)
        return out

    return run


def _shingles_only(texts: list[str]) -> Any:
    return [py_shingles(t) for t in texts]


METHODS: dict[str, Callable[[list[str]], Any]] = {
    "seedclean signatures": _seedclean,
    "python re shingling only": _shingles_only,
    "datasketch update": _ds_update,
    "datasketch update_batch": _ds_update_batch,
    "datasketch bulk": _ds_bulk,
    "rensa RMinHash": _rensa("RMinHash"),
    "rensa CMinHash": _rensa("CMinHash"),
}


def measure(fn: Callable[[list[str]], Any], texts: list[str], repeats: int) -> dict[str, float]:
    """Return best CPU and wall seconds over repeats, and peak traced memory of one more run."""
    cpu, wall = float("inf"), float("inf")
    for _ in range(repeats):
        c0, w0 = time.process_time(), time.perf_counter()
        fn(texts)
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    tracemalloc.start()
    fn(texts)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"cpu_s": cpu, "wall_s": wall, "peak_mb": peak / 1e6}


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="2 MB, one repeat")
    ap.add_argument("--mb", type=float, default=12.0, help="corpus size in MB (default 12)")
    ap.add_argument("--peer-mb", type=float, default=3.0, help="MB given to the slow peers (default 3)")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args(argv)
    if args.quick:
        args.mb, args.peer_mb, args.repeats = 2.0, 1.0, 1
    corpus = load_corpus(args.mb)
    texts = [t for _, t in corpus]
    peer_texts = [t for _, t in load_corpus(args.peer_mb)]
    _seedclean(texts[:2])  # build the lookup tables once (about 1 s), not timed
    rows = []
    for name, fn in METHODS.items():
        sample = texts if name.startswith("seedclean") else peer_texts
        mb = sum(len(t.encode("utf-8")) for t in sample) / 1e6
        r = measure(fn, sample, args.repeats if name.startswith("seedclean") else 1)
        rows.append({"method": name, "docs": len(sample), "mb": mb, **r,
                     "mb_s_cpu": mb / r["cpu_s"], "docs_s_cpu": len(sample) / r["cpu_s"],
                     "mb_s_wall": mb / r["wall_s"]})
    base = rows[0]["mb_s_cpu"]
    print(f"corpus: {len(texts)} docs, {rows[0]['mb']:.1f} MB (peers: {len(peer_texts)} docs, "
          f"{rows[1]['mb']:.1f} MB); CPU time of this process")
    print(f"{'method':26s} {'MB/s':>8s} {'docs/s':>9s} {'wall MB/s':>9s} {'peak MB':>8s} "
          f"{'seedclean x':>11s}")
    for r in rows:
        print(f"{r['method']:26s} {r['mb_s_cpu']:8.1f} {r['docs_s_cpu']:9.0f} {r['mb_s_wall']:9.1f} "
              f"{r['peak_mb']:8.1f} {base / r['mb_s_cpu']:11.1f}")
    _save("bench_minhash", {"args": vars(args), "rows": rows})
    return 0


def _save(name: str, payload: dict[str, Any]) -> None:
    """Write the results with versions to benchmarks/results/<name>.json."""
    import datasketch

    import seedclean

    versions = {"python": platform.python_version(), "numpy": np.__version__,
                "datasketch": getattr(datasketch, "__version__", "?"),
                "seedclean": getattr(seedclean, "__version__", "?"), "machine": platform.machine()}
    try:
        from importlib.metadata import version

        versions["rensa"] = version("rensa")
    except Exception:
        versions["rensa"] = "?"
    out = HERE / "results" / f"{name}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"versions": versions, **payload}, indent=1, default=str))
    print(f"wrote {out}")


if __name__ == "__main__":
    sys.exit(main())
