"""Benchmark repeated-block removal on real articles with injected repeats.

Real prose: the ``gold_text`` of ``../shared/eval/boilerplate_dev.jsonl.gz`` (the
benchmark pages' main text, one paragraph per line).  Pages whose gold text
already repeats a line of three or more words or a sentence of six or more are
left out, so the only repeats are the injected ones (how much seedclean removes
from the untouched gold texts of all pages is reported apart, as "natural").
Each article gets a made-up title, byline and date, then
one document per scenario:

* ``print_copy``: the whole article printed again after a footer line, with the
  date in another format, another byline, some paragraphs merged and some split;
* ``title_x3``: the title shown three times (once with a numeric date);
* ``quoted``: one paragraph quoted again further down;
* ``quoted_inline``: the same, but inside a new paragraph ("As the report put it: ...");
* ``legit``: no repeat, but a refrain (a stanza of short lines printed three
  times), list items sharing words, short lines ("Yes.", "—") and a short phrase
  recurring at the end of paragraphs: nothing may be removed;
* ``mixed``: all of the above in one document (the print copy copies them too).

Score: character-level precision, recall and F1 of removed characters against
the injected copies, counted on non-whitespace characters (so where a removal
takes its blank lines does not matter).  Peers run on the same documents:
exact-line dedup and a datasketch ``MinHashLSH`` line dedup (threshold 0.8).

Run: ``python benchmarks/bench_repeats.py [--quick]``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import platform
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import seedclean
from seedclean.config import RepeatsConfig
from seedclean.repeats import remove_repeats_and_explain

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "eval" / "boilerplate_dev.jsonl.gz"
RESULTS = ROOT / "benchmarks" / "results"
_WORD = re.compile(r"\w+")
_SENT = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“«])")
NAMES = ["Anna Weber", "Tom Okafor", "Lena Park", "Marco Rossi", "Ines Duarte", "Sam Cohen"]
KINDS = ("print_copy", "title_x3", "quoted", "quoted_inline", "legit", "mixed")
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


@dataclass
class Built:
    """Hold one benchmark document: lines with an injected flag, joined on demand."""

    kind: str
    lines: list[list[tuple[str, bool]]] = field(default_factory=list)

    def add(self, line: str, injected: bool = False) -> None:
        """Append one block."""
        self.lines.append([(line, injected)])

    def add_pieces(self, pieces: list[tuple[str, bool]]) -> None:
        """Append one block made of pieces, some injected (a quote inside a new paragraph)."""
        self.lines.append(pieces)

    def render(self) -> tuple[str, set[int]]:
        """Return the text (blocks separated by blank lines) and injected non-space positions."""
        parts: list[str] = []
        truth: set[int] = set()
        pos = 0
        for pieces in self.lines:
            for piece, injected in pieces:
                if injected:
                    truth.update(pos + i for i, c in enumerate(piece) if not c.isspace())
                pos += len(piece)
            parts.append("".join(p for p, _ in pieces))
            pos += 2
        return "\n\n".join(parts), truth


def load_articles(path: Path, limit: int) -> list[list[str]]:
    """Return paragraph lists of real pages whose gold text has no repeated line."""
    out = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for raw in fh:
            rec = json.loads(raw)
            paras = [" ".join(p.split()) for p in rec["gold_text"].split("\n") if p.strip()]
            long = [p for p in paras if len(_WORD.findall(p)) >= 20]
            counts = Counter(p.casefold() for p in paras if len(_WORD.findall(p)) >= 3)
            sents = Counter(" ".join(_WORD.findall(x.casefold())) for p in paras for x in _SENT.split(p)
                            if len(_WORD.findall(x)) >= 6)
            unique = max(counts.values(), default=1) == 1 and max(sents.values(), default=1) == 1
            if len(long) >= 5 and unique:
                out.append(paras)
            if len(out) >= limit:
                break
    return out


def _title(paras: list[str]) -> str:
    """Return a headline: the first short line, or the first words of the lead."""
    for p in paras[:3]:
        words = re.findall(r"[^\W\d_]+", p)
        if 4 <= len(p.split()) <= 14 and not p.endswith(".") and len(words) >= 3:
            return p
    lead = next(p for p in paras if len(p.split()) >= 9)
    return " ".join(lead.split()[:9]).rstrip(",.;:")


def _stanza(paras: list[str], rng: random.Random) -> list[str]:
    """Return 3 different short verse-like lines cut from the given paragraphs."""
    words = " ".join(paras).split()
    lines: list[str] = []
    while len(lines) < 3:
        k = rng.randrange(0, max(1, len(words) - 8))
        line = " ".join(words[k : k + rng.randint(4, 7)]).strip(",.;:").capitalize()
        if line not in lines:
            lines.append(line)
    return lines


@dataclass
class Article:
    """Hold the pieces of one synthetic article made of real paragraphs."""

    title: str
    byline: str
    date: tuple[int, int, int]
    body: list[str]
    verse_from: list[str]  # another page's paragraphs: the refrain's words are not the article's


def make_article(paras: list[str], other: list[str], rng: random.Random) -> Article:
    """Return an article: title, byline, date and the page's paragraphs."""
    body = [p for p in paras if p != _title(paras)][:40]
    date = (rng.randint(1, 28), rng.randint(1, 12), rng.randint(2015, 2024))
    return Article(_title(paras), f"By {rng.choice(NAMES)}", date, body, other)


def _date_long(d: tuple[int, int, int]) -> str:
    return f"{d[0]} {MONTHS[d[1] - 1]} {d[2]}"


def _date_numeric(d: tuple[int, int, int]) -> str:
    return f"{d[0]:02d}.{d[1]:02d}.{d[2]}"


def _reflow(body: list[str], rng: random.Random) -> list[str]:
    """Return the body with some paragraphs merged and some split at a sentence end."""
    out: list[str] = []
    i = 0
    while i < len(body):
        p = body[i]
        r = rng.random()
        if "\n" in p or (i + 1 < len(body) and "\n" in body[i + 1]):
            out.append(p)  # a stanza or a list is not a paragraph: printed as is
            i += 1
            continue
        if r < 0.15 and i + 1 < len(body):
            out.append(p + " " + body[i + 1])
            i += 2
            continue
        sents = _SENT.split(p)
        if r > 0.85 and len(sents) >= 2:
            k = rng.randrange(1, len(sents))
            out.extend([" ".join(sents[:k]), " ".join(sents[k:])])
        else:
            out.append(p)
        i += 1
    return out


def _legit_body(art: Article, rng: random.Random) -> list[str]:
    """Return the body with legitimate repetition woven in."""
    body = list(art.body)
    stanza = _stanza(art.verse_from, rng)
    words = sorted({w.casefold() for w in _WORD.findall(" ".join(body)) if len(w) > 5})
    picked = rng.sample(words or ["input", "output", "filter"], 3)
    items = [f"• Check the {w} before you start" for w in picked]
    phrase = "Read the full story."
    for k in sorted(rng.sample(range(1, len(body)), min(3, len(body) - 1)), reverse=True):
        body.insert(k, "\n".join(stanza))
    body.insert(len(body) // 2, "\n".join(items))
    body.insert(2, "Yes.")
    body.insert(4, "Yes.")
    body.insert(5, "—")
    for k in range(0, len(body), 3):
        if len(body[k]) > 80:
            body[k] = body[k] + " " + phrase
    return body


def build(art: Article, kind: str, rng: random.Random) -> Built:
    """Return one benchmark document of the given scenario."""
    doc = Built(kind)
    body = _legit_body(art, rng) if kind in ("legit", "mixed") else list(art.body)
    doc.add(art.title)
    if kind in ("title_x3", "mixed"):
        doc.add(f"{art.title} {_date_numeric(art.date)}", True)
        doc.add(art.title, True)
    doc.add(_date_long(art.date))
    doc.add(art.byline)
    quote_at = None
    if kind in ("quoted", "quoted_inline", "mixed"):
        paras = [k for k in range(len(body) // 2) if "\n" not in body[k] and len(body[k].split()) >= 20]
        src = rng.choice(paras or [0])
        quote_at = rng.randrange(src + 2, len(body) + 1)
        body_q = [*body[:quote_at], None, *body[quote_at:]]
    else:
        body_q = list(body)
    for p in body_q:
        if p is None:
            if kind == "quoted_inline":  # the quote sits inside a new paragraph
                doc.add_pieces([("As the report put it: ", False), (body[src], True),
                                (" Nobody has answered that yet.", False)])
            else:
                doc.add(body[src], True)
        else:
            doc.add(p)
    if kind in ("print_copy", "mixed"):
        doc.add("© Example Media Group. All rights reserved.")
        doc.add(art.title, True)
        doc.add(_date_numeric(art.date), True)
        doc.add(f"{art.byline[3:]}, staff writer", True)
        for p in _reflow(body, rng):
            doc.add(p, True)
    return doc


def seedclean_removed(text: str) -> set[int]:
    """Return positions removed by seedclean's repeats stage."""
    return {i for e in remove_repeats_and_explain(text).edits for i in range(e.start, e.end)}


def exact_line_removed(text: str) -> set[int]:
    """Return positions of lines equal (whitespace-normalised) to an earlier line."""
    seen: set[str] = set()
    out: set[int] = set()
    for m in re.finditer(r"[^\n]+", text):
        key = " ".join(m.group().split())
        if key in seen:
            out.update(range(m.start(), m.end()))
        seen.add(key)
    return out


def lsh_line_removed(text: str) -> set[int]:
    """Return positions of lines with a near-duplicate earlier line (datasketch MinHashLSH)."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    out: set[int] = set()
    for k, m in enumerate(re.finditer(r"[^\n]+", text)):
        toks = [t.casefold() for t in _WORD.findall(m.group())]
        if not toks:
            continue
        mh = MinHash(num_perm=128)
        mh.update_batch([" ".join(toks[i : i + 2]).encode() for i in range(max(1, len(toks) - 1))])
        if lsh.query(mh):
            out.update(range(m.start(), m.end()))
        lsh.insert(str(k), mh)
    return out


def score(removed: set[int], truth: set[int], text: str) -> tuple[int, int, int]:
    """Return (tp, fp, fn) over non-whitespace characters."""
    pred = {i for i in removed if not text[i].isspace()}
    return len(pred & truth), len(pred - truth), len(truth - pred)


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def run_method(fn: Callable[[str], set[int]], docs: list[tuple[str, str, set[int]]]) -> dict[str, object]:
    """Run one method on all documents; return totals, per-kind scores and speed."""
    per: dict[str, list[int]] = {}
    elapsed = cpu = 0.0
    for kind, text, truth in docs:
        t0, c0 = time.perf_counter(), time.process_time()
        removed = fn(text)
        elapsed += time.perf_counter() - t0
        cpu += time.process_time() - c0
        c = per.setdefault(kind, [0, 0, 0])
        for j, v in enumerate(score(removed, truth, text)):
            c[j] += v
    tot = [sum(c[j] for c in per.values()) for j in range(3)]
    mb = sum(len(t.encode()) for _, t, _ in docs) / 1e6
    return {"all": {**_prf(*tot), "tp": tot[0], "fp": tot[1], "fn": tot[2]},
            "kinds": {k: {**_prf(*c), "fp": c[1], "fn": c[2]} for k, c in sorted(per.items())},
            "seconds": elapsed, "mb_per_s": mb / elapsed if elapsed else 0.0,
            "cpu_seconds": cpu, "cpu_mb_per_s": mb / cpu if cpu else 0.0}


def make_docs(articles: list[list[str]], seed: int) -> Iterator[tuple[str, str, set[int]]]:
    """Yield (kind, text, truth) for every article and scenario."""
    rng = random.Random(seed)
    for k, paras in enumerate(articles):
        art = make_article(paras, articles[(k + 1) % len(articles)], rng)
        for kind in KINDS:
            text, truth = build(art, kind, rng).render()
            yield kind, text, truth


def natural_removal(path: Path, methods: dict[str, Callable[[str], set[int]]]) -> dict[str, float]:
    """Return the share of non-space characters each method removes from untouched gold texts."""
    texts = []
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        texts = [json.loads(raw)["gold_text"] for raw in fh]
    total = sum(sum(not c.isspace() for c in t) for t in texts)
    out = {}
    for name, fn in methods.items():
        removed = sum(sum(not t[i].isspace() for i in fn(t)) for t in texts)
        out[name] = removed / total
    return out


def long_doc_speed(docs: list[tuple[str, str, set[int]]], target_lines: int) -> dict[str, float]:
    """Time seedclean on one document of about ``target_lines`` lines (all docs glued)."""
    parts: list[str] = []
    n = 0
    for _, text, _ in docs:
        parts.append(text)
        n += text.count("\n") + 1
        if n >= target_lines:
            break
    big = "\n\n".join(parts)
    t0, c0 = time.perf_counter(), time.process_time()
    remove_repeats_and_explain(big)
    dt, cpu = time.perf_counter() - t0, time.process_time() - c0
    mb = len(big.encode()) / 1e6
    return {"lines": big.count("\n") + 1, "mb": mb, "seconds": dt, "mb_per_s": mb / dt,
            "cpu_seconds": cpu, "cpu_mb_per_s": mb / cpu}


def pathological_speed() -> dict[str, float]:
    """Time seedclean on hostile inputs (CPU seconds each)."""
    cases = {
        "1 MB of one character": "a" * 1_000_000,
        "1 MB of '. '": ". " * 500_000,
        "50k identical short lines": "Yes indeed, sir.\n" * 50_000,
        "50k numbered lines": "".join(f"Line number {i} of the list\n" for i in range(50_000)),
    }
    out = {}
    for name, text in cases.items():
        t0 = time.process_time()
        remove_repeats_and_explain(text)
        out[name] = time.process_time() - t0
    return out


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark, print a table and write a JSON result."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--articles", type=int, default=80, help="number of real pages used")
    ap.add_argument("--quick", action="store_true", help="20 pages, no long-document run")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=RESULTS / "bench_repeats.json")
    args = ap.parse_args(argv)
    n = 20 if args.quick else args.articles
    docs = list(make_docs(load_articles(args.data, n), args.seed))
    mb = sum(len(t.encode()) for _, t, _ in docs) / 1e6
    print(f"{len(docs)} documents from {len(docs) // len(KINDS)} real pages, {mb:.2f} MB")
    methods = {"seedclean": seedclean_removed, "exact-line": exact_line_removed,
               "datasketch-lsh-line": lsh_line_removed}
    results = {name: run_method(fn, docs) for name, fn in methods.items()}
    base = results["seedclean"]["cpu_mb_per_s"]
    print("MB/s: wall clock / per CPU-second (the machine is shared; the CPU figure is steadier)")
    print(f"{'method':22} {'P':>6} {'R':>6} {'F1':>6} {'MB/s':>7} {'cpuMB/s':>8} {'x seedclean':>11}")
    for name, r in results.items():
        a = r["all"]
        print(f"{name:22} {a['precision']:6.3f} {a['recall']:6.3f} {a['f1']:6.3f} "
              f"{r['mb_per_s']:7.2f} {r['cpu_mb_per_s']:8.2f} {r['cpu_mb_per_s'] / base:11.2f}")
    print("seedclean per scenario (F1 / false-positive chars / missed chars):")
    for k, v in results["seedclean"]["kinds"].items():
        f1 = "  n/a" if k == "legit" else f"{v['f1']:.3f}"  # nothing to find: only fp counts
        print(f"  {k:12} F1 {f1}  fp {v['fp']:6d}  fn {v['fn']:6d}")
    natural = natural_removal(args.data, methods)
    print("removed from the untouched gold texts of all pages (natural repeats, no truth): "
          + ", ".join(f"{k} {v:.2%}" for k, v in natural.items()))
    long = None if args.quick else long_doc_speed(docs, 10_000)
    if long:
        print(f"one long document: {long['lines']} lines, {long['mb']:.2f} MB, "
              f"{long['seconds']:.2f} s wall, {long['cpu_seconds']:.2f} s CPU, "
              f"{long['cpu_mb_per_s']:.2f} MB/s CPU")
    hostile = None if args.quick else pathological_speed()
    if hostile:
        print("hostile inputs (CPU s): " + ", ".join(f"{k} {v:.2f}" for k, v in hostile.items()))
    import datasketch
    import numpy

    payload = {"results": results, "long_document": long, "natural_removed_share": natural,
               "hostile_seconds": hostile,
               "n_docs": len(docs), "mb": mb,
               "config": asdict(RepeatsConfig()), "seed": args.seed,
               "versions": {"seedclean": seedclean.__version__, "datasketch": datasketch.__version__,
                            "numpy": numpy.__version__, "python": platform.python_version()}}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    tmp = args.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    tmp.replace(args.out)
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
