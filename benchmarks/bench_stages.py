"""Benchmark the text stages per MB (CPU time) and guard their outputs with a snapshot.

Corpus (real text, installed offline): the pages of
``../shared/eval/boilerplate_dev.jsonl.gz`` (``text`` field) and the bundled seeds
(``seeds/*.txt``).

Timing: each stage alone on the raw texts (the first ``--docs`` dev pages, as the
lead measured): ``extract_meta``, ``strip_boilerplate_and_explain``,
``remove_repeats_and_explain``, ``normalise_whitespace_and_explain``, the
encoding repair (``fix_and_explain``, for reference), ``clean()`` end to end, and
the peers jusText and trafilatura on the same lines; then each stage on its own
input inside ``clean()`` (the previous stage's output), per MB of the raw pages.
CPU time (``time.process_time``): the machine is shared.  Bounded per-line caches
are emptied before each timed run, so each run sees its lines for the first time.

Regression guard: ``--save FILE`` writes the outputs (text, edits, meta) of
``extract_meta``, ``strip_boilerplate_and_explain``, ``remove_repeats_and_explain``
(each on the raw text and on the previous stage's output) and ``clean()`` (with and
without the encoding stage) for all dev pages and seeds; ``--check FILE`` compares
the current outputs with it and exits 1 on any difference.  ``clean()`` with the
encoding stage is compared too but reported apart (another stage owner may change
it).

Run: ``python benchmarks/bench_stages.py [--quick] [--docs N] [--save F | --check F]``;
results go to ``benchmarks/results/bench_stages.json``.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import platform
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared"


def dev_texts() -> list[tuple[str, str]]:
    """Return (id, text) of every dev page, then of every seed."""
    out: list[tuple[str, str]] = []
    dev = SHARED / "eval" / "boilerplate_dev.jsonl.gz"
    with gzip.open(dev, "rt", encoding="utf-8") as f:
        out += [(str(r["id"]), str(r["text"])) for r in map(json.loads, f)]
    out += [(p.name, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return out


def _edits(edits: Any) -> list[Any]:
    return [list(dataclasses.astuple(e)) for e in edits]


def _result(r: Any) -> dict[str, Any]:
    return {"text": r.text, "edits": _edits(r.edits), "meta": {k: repr(v) for k, v in r.meta.items()}}


def outputs(docs: list[tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """Return every guarded output per document id."""
    from seedclean import clean
    from seedclean.boilerplate import strip_boilerplate_and_explain
    from seedclean.config import CleanConfig
    from seedclean.meta import extract_meta
    from seedclean.repeats import remove_repeats_and_explain

    no_enc = CleanConfig(stages=frozenset({"html", "meta", "boilerplate", "repeats", "whitespace"}))
    out: dict[str, dict[str, Any]] = {}
    for doc_id, text in docs:
        m = extract_meta(text)
        b = strip_boilerplate_and_explain(text)
        b2 = strip_boilerplate_and_explain(m.text)
        row = {
            "meta": _result(m),
            "boilerplate": _result(b),
            "boilerplate_chain": _result(b2),
            "repeats": _result(remove_repeats_and_explain(text)),
            "repeats_chain": _result(remove_repeats_and_explain(b2.text)),
        }
        for name, cfg in (("clean_noenc", no_enc), ("clean_full", CleanConfig())):
            d = clean(text, id=doc_id, config=cfg)
            row[name] = {"text": d.text, "edits": _edits(d.edits), "dropped": d.dropped,
                         "meta": {k: repr(v) for k, v in d.meta.items()}}
        out[doc_id] = row
    return out


def check(path: Path, docs: list[tuple[str, str]]) -> int:
    """Compare current outputs with the snapshot at ``path``; return the number of differences."""
    saved = json.loads(path.read_text(encoding="utf-8"))
    now = json.loads(json.dumps(outputs(docs)))
    bad = soft = 0
    for doc_id, row in now.items():
        for key, val in row.items():
            if saved.get(doc_id, {}).get(key) == val:
                continue
            old = saved.get(doc_id, {}).get(key, {})
            parts = [p for p in ("text", "edits", "meta", "dropped") if old.get(p) != val.get(p)]
            if key == "clean_full":
                soft += 1
                print(f"  (encoding-dependent) {key} differs for {doc_id}: {parts}")
                continue
            bad += 1
            print(f"  DIFF {key} for {doc_id}: {parts}")
    print(f"check: {len(now)} docs, {bad} differences, {soft} encoding-dependent differences")
    return bad


def _clear_line_caches() -> None:
    """Empty the bounded per-line caches of seedclean (a fair run sees each line once)."""
    for name, mod in list(sys.modules.items()):
        if not name.startswith("seedclean"):
            continue
        for obj in list(vars(mod).values()):
            info = getattr(obj, "cache_parameters", None)
            if callable(info) and info().get("maxsize") is not None:
                obj.cache_clear()


def _cpu(fn: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        _clear_line_caches()
        c = time.process_time()
        for t in texts:
            fn(t)
        best = min(best, time.process_time() - c)
    return best


def _peers() -> dict[str, Callable[[str], object]]:
    out: dict[str, Callable[[str], object]] = {}
    try:
        import justext

        stop = justext.get_stoplist("English")
        out["peer justext"] = lambda t: justext.justext(t.replace("\n", "<p>"), stop)
    except ImportError:
        pass
    try:
        import trafilatura

        out["peer trafilatura"] = lambda t: trafilatura.extract(
            "<html><body>" + "".join(f"<p>{x}</p>" for x in t.split("\n") if x.strip()) + "</body></html>")
    except ImportError:
        pass
    return out


def timings(texts: list[str], repeat: int, peers: bool) -> dict[str, float]:
    """Return MB/s (CPU) of each stage on ``texts``."""
    from seedclean import clean
    from seedclean.boilerplate import strip_boilerplate_and_explain
    from seedclean.encoding import fix_and_explain
    from seedclean.meta import extract_meta
    from seedclean.repeats import remove_repeats_and_explain
    from seedclean.whitespace import normalise_whitespace_and_explain

    stages: dict[str, Callable[[str], object]] = {
        "encoding": fix_and_explain,
        "meta": extract_meta,
        "boilerplate": strip_boilerplate_and_explain,
        "repeats": remove_repeats_and_explain,
        "whitespace": normalise_whitespace_and_explain,
        "clean": clean,
    }
    if peers:
        stages.update(_peers())
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    for fn in stages.values():  # warm caches and lazy imports once, outside the timing
        fn(texts[0])
    out = {}
    for name, fn in stages.items():
        secs = _cpu(fn, texts, repeat)
        out[name] = mb / secs if secs else float("inf")
        print(f"{name:18s} {out[name]:7.2f} MB/s  ({secs:.2f} s CPU for {mb:.2f} MB)")
    return out


def chained_timings(texts: list[str], repeat: int) -> dict[str, float]:
    """Return MB/s (CPU, per MB of the raw pages) of each stage on its input inside ``clean()``."""
    from seedclean import whitespace
    from seedclean.boilerplate import strip_boilerplate_and_explain
    from seedclean.encoding import fix_and_explain
    from seedclean.html import html_to_text, looks_like_html
    from seedclean.meta import extract_meta
    from seedclean.repeats import remove_repeats_and_explain
    from seedclean.whitespace import normalise_whitespace_and_explain

    # the pipeline's first step (line endings, controls); its name changed over time
    first = (getattr(whitespace, "normalise_controls_and_explain", None)
             or whitespace.normalise_newlines_and_explain)
    steps: list[tuple[str, Callable[[str], str]]] = [
        ("newlines+html", lambda t: (lambda u: html_to_text(u) if looks_like_html(u) else u)(first(t).text)),
        ("encoding", lambda t: fix_and_explain(t)[0]),
        ("meta", lambda t: extract_meta(t).text),
        ("boilerplate", lambda t: strip_boilerplate_and_explain(t).text),
        ("repeats", lambda t: remove_repeats_and_explain(t).text),
        ("whitespace", lambda t: normalise_whitespace_and_explain(t).text),
    ]
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6
    best: dict[str, float] = {}
    for _ in range(repeat):
        _clear_line_caches()
        cur = list(texts)
        for name, fn in steps:
            c = time.process_time()
            cur = [fn(t) for t in cur]
            best[name] = min(best.get(name, float("inf")), time.process_time() - c)
    out = {}
    for name, secs in best.items():
        out[name] = mb / secs if secs else float("inf")
        print(f"in clean: {name:14s} {out[name]:7.2f} MB/s  ({secs:.2f} s CPU)")
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark (and the snapshot save or check)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=60, help="dev pages to time (default 60)")
    ap.add_argument("--repeat", type=int, default=2, help="timing runs per stage, best kept")
    ap.add_argument("--quick", action="store_true", help="20 pages, one run, no peers")
    ap.add_argument("--no-peers", action="store_true")
    ap.add_argument("--no-time", action="store_true", help="skip the timing")
    ap.add_argument("--save", type=Path, help="write the output snapshot here")
    ap.add_argument("--check", type=Path, help="compare outputs with this snapshot")
    args = ap.parse_args(argv)
    docs = dev_texts()
    rc = 0
    if args.save:
        args.save.parent.mkdir(parents=True, exist_ok=True)
        args.save.write_text(json.dumps(outputs(docs), ensure_ascii=False), encoding="utf-8")
        print(f"saved snapshot of {len(docs)} docs to {args.save}")
    if args.check:
        rc = 1 if check(args.check, docs) else 0
    if not args.no_time:
        n, repeat = (20, 1) if args.quick else (args.docs, args.repeat)
        texts = [t for _, t in docs[:n]]
        res = timings(texts, repeat, peers=not (args.quick or args.no_peers))
        chained = chained_timings(texts, repeat)
        import seedclean

        out = HERE / "results" / "bench_stages.json"
        out.parent.mkdir(exist_ok=True)
        out.write_text(json.dumps({"mb_per_s_cpu": res, "mb_per_s_cpu_in_clean": chained,
                                   "docs": n, "repeat": repeat,
                                   "python": sys.version, "platform": platform.platform(),
                                   "seedclean": getattr(seedclean, "__version__", "?")}, indent=2))
    return rc


if __name__ == "__main__":
    sys.exit(main())
