#!/usr/bin/env python3
"""Benchmark boilerplate removal on labelled page dumps: seedclean vs jusText vs trafilatura.

    .venv/bin/python benchmarks/bench_boilerplate.py            # dev set + seeds
    .venv/bin/python benchmarks/bench_boilerplate.py --quick    # 30 pages

Every system gets the same lines: seedclean the dump as it is; jusText the lines as
``<p>`` paragraphs with the stop list of the page's language (language-independent
mode when jusText has none); trafilatura the same lines wrapped as a simple HTML page.
Scores use the official scorers in ``../shared/eval`` (line-F1 and char-F1 pooled over
lines, tok-F1 averaged over pages).  Pages held out from model fitting (sha1 of the id,
same rule as scripts/build_boilerplate_model.py) are reported separately: only they
are honest for seedclean.  Writes benchmarks/results/bench_boilerplate.json.
"""

# ruff: noqa: RUF001  (Cyrillic text in the hand-built pages is meant)

from __future__ import annotations

import argparse
import gzip
import hashlib
import html
import importlib.util
import json
import logging
import platform
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
EVAL = HERE.parent.parent / "shared" / "eval"
SEEDS = HERE.parent.parent / "shared" / "seeds"
JUSTEXT_LANG = {"en": "English", "ru": "Russian", "de": "German", "pt": "Portuguese", "id": "Indonesian",
                "hu": "Hungarian", "ko": "Korean", "fr": "French", "es": "Spanish", "it": "Italian",
                "uk": "Ukrainian", "pl": "Polish", "nl": "Dutch", "tr": "Turkish"}


def load_module(name: str, path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        msg = f"cannot load {path}"
        raise SystemExit(msg)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def held_out(page_id: str) -> bool:
    """Return True for pages never used to fit the model (same rule as the build script)."""
    return hashlib.sha1(page_id.encode("utf-8")).digest()[0] < 77


def as_html(lines: list[str]) -> str:
    body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines)
    return f"<html><head><title></title></head><body>\n{body}</body></html>"


# Hand-built pages: short articles between menus and footers of several sizes (general text,
# written for this benchmark).  They check what the dev set rarely has: short articles.
_ARTICLES = {
    "en": ["Council approves plan to rebuild the old stone bridge",
           "The city council voted on Tuesday to rebuild the old stone bridge over the river, ending a "
           "debate that had lasted for almost three years.",
           "Engineers said the bridge, built in 1887, could no longer carry buses and that its foundations "
           "had been weakened by repeated floods.",
           "Work will begin in the spring and take eighteen months; a temporary footbridge will open a "
           "few hundred metres downstream.",
           "Shop owners were relieved that a decision had been made, although several worried about "
           "losing customers while the road is closed.",
           "The mayor promised a detailed timetable next month and two public meetings for residents."],
    "ru": ["Совет утвердил план реконструкции старого моста",
           "В среду городской совет утвердил план реконструкции старого каменного моста, который был "
           "построен более ста лет назад.",
           "По словам инженеров, мост больше не выдерживает нагрузки от автобусов, а его опоры "
           "пострадали во время наводнений.",
           "Работы начнутся весной и продлятся около полутора лет, на это время откроют временный "
           "пешеходный мост.",
           "Владельцы магазинов рады, что решение наконец принято, хотя многие опасаются потерять "
           "покупателей."],
}
_MENUS = [["Home", "News", "World", "Business", "Sport", "Search", "Sign in"], ["Menu"], []]
_FOOTERS = [["About us", "Contact", "Privacy policy", "Terms of use", "© 2024 Example Media"],
            ["Share", "Print", "Views: 1520"], []]


def built_pages() -> list[dict]:
    """Return hand-built labelled pages in the dev set's format."""
    pages = []
    for lang, art in _ARTICLES.items():
        for mi, menu in enumerate(_MENUS):
            for fi, foot in enumerate(_FOOTERS):
                for k in (3, len(art)):
                    body = art[:k]
                    text = "\n".join(menu) + "\n\n" + "".join(f"{b}\n\n" for b in body) + "\n".join(foot)
                    lines = [*menu, *body, *foot]
                    pages.append({"id": f"built/{lang}-{mi}{fi}{k}", "source": "built", "lang": lang,
                                  "text": text, "lines": lines,
                                  "labels": [0] * len(menu) + [1] * len(body) + [0] * len(foot),
                                  "gold_text": "\n".join(body)})
    return pages


def make_systems() -> dict[str, Callable[[str, str], str]]:
    """Return name -> clean(text, lang) for each system available."""
    from seedclean.boilerplate import strip_boilerplate

    systems: dict[str, Callable[[str, str], str]] = {"seedclean": lambda text, _lang: strip_boilerplate(text)}
    try:
        import justext

        def run_justext(text: str, lang: str) -> str:
            name = JUSTEXT_LANG.get(lang)
            lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
            page = as_html(lines).encode("utf-8")
            if name:
                paras = justext.justext(page, justext.get_stoplist(name), encoding="utf-8")
            else:  # jusText's documented language-independent mode
                paras = justext.justext(page, frozenset(), stopwords_low=0, stopwords_high=0,
                                        encoding="utf-8")
            return "\n".join(p.text for p in paras if not p.is_boilerplate)

        systems["justext"] = run_justext
    except ImportError as e:
        print(f"jusText unavailable: {e}", file=sys.stderr)
    try:
        import trafilatura

        logging.getLogger("trafilatura").setLevel(logging.ERROR)

        def run_trafilatura(text: str, _lang: str) -> str:
            lines = [ln.strip() for ln in text.split("\n") if ln.strip()]
            return trafilatura.extract(as_html(lines), include_comments=False, include_tables=True,
                                       deduplicate=False) or ""

        systems["trafilatura"] = run_trafilatura
    except ImportError as e:
        print(f"trafilatura unavailable: {e}", file=sys.stderr)
    systems["keep-all"] = lambda text, _lang: text
    return systems


def score_dev(pages: list[dict], systems: dict[str, Callable[[str, str], str]],
              scorer: ModuleType) -> tuple[dict[str, dict[str, Any]], dict[str, float]]:
    """Return {group: {system: summary}} and MB/s per system."""
    rows: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    speed: dict[str, float] = {}
    total_mb = sum(len(p["text"].encode("utf-8")) for p in pages) / 1e6
    for name, fn in systems.items():
        t0, c0 = time.perf_counter(), time.process_time()
        outs = [fn(p["text"], p["lang"]) for p in pages]
        speed[name] = total_mb / max(time.perf_counter() - t0, 1e-9)
        speed[f"{name} (CPU)"] = total_mb / max(time.process_time() - c0, 1e-9)
        for p, out in zip(pages, outs, strict=True):
            r = scorer.score_page(p, out)
            if p["source"] == "built":
                rows["built pages (not dev)"][name].append(r)
                continue
            split = "held-out" if held_out(p["id"]) else "train"
            for group in ("ALL", split, f"source={p['source']}", f"lang={p['lang']}",
                          f"{split} {p['source']}"):
                rows[group][name].append(r)
    table = {g: {n: summarise(scorer, rs) for n, rs in by.items()} for g, by in rows.items()}
    return table, speed


def summarise(scorer: ModuleType, rs: list[dict]) -> dict[str, Any]:
    s = scorer.summary(rs)
    return {"pages": s["pages"], "tok_f1": s["tok"], "char_f1": s["char"][2], "line_f1": s["line"][2],
            "line_p": s["line"][0], "line_r": s["line"][1]}


def score_seeds(systems: dict[str, Callable[[str, str], str]], seed_scorer: ModuleType) -> dict[str, float]:
    """Return line-F1 on the five seeds per system (and for the full pipeline when importable)."""
    gold = json.loads((EVAL / "seeds_gold.json").read_text(encoding="utf-8"))["files"]
    fns = dict(systems)
    try:
        from seedclean import clean_text

        fns["seedclean clean_text (full pipeline)"] = lambda text, _lang: clean_text(text)
    except ImportError:
        pass
    out: dict[str, float] = {}
    for name, fn in fns.items():
        try:
            out[name] = _seed_f1(fn, gold, seed_scorer)
        except Exception as e:  # a broken peer or pipeline must not stop the report
            print(f"seeds: {name} failed: {type(e).__name__}: {e}", file=sys.stderr)
    return out


def _seed_f1(fn: Callable[[str, str], str], gold: dict[str, Any], seed_scorer: ModuleType) -> float:
    tot = {"tp": 0, "fp": 0, "fn": 0}
    for fname, g in gold.items():
        raw = (SEEDS / fname).read_text(encoding="utf-8")
        lines = raw.split("\n")
        kept = seed_scorer.kept_lines(lines, fn(raw, "en"))
        for item in g["lines"]:
            i = item["n"] - 1
            if item["label"] == "blank" or not seed_scorer.tokens(lines[i]):
                continue
            want, got = item["label"] == "content", kept[i]
            key = "tp" if want and got else "fn" if want else "fp" if got else None
            if key:
                tot[key] += 1
    return float(seed_scorer.prf(tot)[2])


def print_table(table: dict[str, dict[str, Any]], speed: dict[str, float]) -> None:
    names = [n for n in speed if not n.endswith("(CPU)")]
    print(f"{'group':<26}{'pages':>6} " + " ".join(f"{n[:11]:>23}" for n in names))
    print(f"{'':<33}" + " ".join(f"{'char / line / tok':>23}" for _ in names))
    first = ("ALL", "train", "held-out", "built pages (not dev)")
    order = [*first, *sorted(g for g in table if g not in first)]
    for g in order:
        if g not in table:
            continue
        cells = [table[g][n] for n in names]
        print(f"{g:<26}{cells[0]['pages']:>6} "
              + " ".join(f"{c['char_f1']:>7.3f}{c['line_f1']:>8.3f}{c['tok_f1']:>8.3f}" for c in cells))
    print("MB/s wall " + "  ".join(f"{n}: {speed[n]:.2f}" for n in names))
    print("MB/s CPU  " + "  ".join(f"{n}: {speed[n + ' (CPU)']:.2f}" for n in names))
    base = speed.get("seedclean (CPU)", 0.0)
    print("CPU speed ratio seedclean/x " + "  ".join(f"{n}: {base / speed[n + ' (CPU)']:.2f}" for n in names))


def versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for pkg in ("seedclean", "jusText", "trafilatura", "numpy", "stopwordsiso"):
        try:
            out[pkg] = metadata.version(pkg)
        except metadata.PackageNotFoundError:
            out[pkg] = "missing"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=EVAL / "boilerplate_dev.jsonl.gz")
    ap.add_argument("--quick", action="store_true", help="score 30 pages only")
    ap.add_argument("--out", type=Path, default=HERE / "results" / "bench_boilerplate.json")
    a = ap.parse_args(argv)
    scorer = load_module("score_boilerplate_dev", EVAL / "score_boilerplate_dev.py")
    seed_scorer = load_module("score_seeds", EVAL / "score_seeds.py")
    with gzip.open(a.data, "rt", encoding="utf-8") as f:
        pages = [json.loads(line) for line in f if line.strip()]
    if a.quick:
        pages = pages[::5][:30]
    systems = make_systems()
    table, speed = score_dev(pages, systems, scorer)
    built, _ = score_dev(built_pages(), systems, scorer)
    table.update(built)
    print_table(table, speed)
    seeds = score_seeds(systems, seed_scorer)
    print("seeds line-F1 " + "  ".join(f"{n}: {v:.3f}" for n, v in seeds.items()))
    a.out.parent.mkdir(parents=True, exist_ok=True)
    from dataclasses import asdict

    from seedclean.config import BoilerplateConfig

    result = {"versions": versions(), "config": asdict(BoilerplateConfig()), "data": str(a.data),
              "pages": len(pages), "quick": a.quick, "dev": table, "mb_per_s": speed, "seeds_line_f1": seeds}
    tmp = a.out.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(a.out)
    print(f"wrote {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
