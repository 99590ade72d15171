"""Benchmark encoding repair: speed on clean text and quality on mojibake, vs ftfy.

Corpus: real translated sentences from the gettext catalogues (.mo) installed
under /usr/share/locale (Debian packages), >= 25 languages; built at run time.
Damage: each sentence is encoded with its language's codepage and decoded with
a wrong one (issue 6's pairs), also as a fragment inside English, and with a
second UTF-8 layer; one letter of a word swapped for a look-alike of another
script; dates written out with CLDR month names (``1 ноября 2022``) inside
English, in each language's first codepage confusion.  Negatives: the same sentences undamaged (sentences that
already mix scripts inside a word are excluded and counted).

Usage: python benchmarks/bench_encoding.py [--quick]
"""

from __future__ import annotations

import argparse
import functools
import gc
import gettext
import glob
import gzip
import json
import platform
import random
import re
import time
from collections import defaultdict
from pathlib import Path

import ftfy

import seedclean.encoding as enc

LANG_PAIRS: dict[str, list[tuple[str, str]]] = {
    "ru": [("cp1251", "latin-1"), ("cp1251", "cp1252"), ("cp1251", "koi8-r"), ("koi8-r", "latin-1"),
           ("koi8-r", "cp1251"), ("cp866", "cp1251"), ("cp866", "cp437"), ("mac_cyrillic", "cp1251"),
           ("iso-8859-5", "cp1251"), ("utf-8", "cp1252")],
    "uk": [("koi8-u", "cp1251"), ("koi8-u", "latin-1"), ("cp1251", "cp1252")],
    "bg": [("cp1251", "cp1252")], "be": [("cp1251", "latin-1")], "sr": [("cp1251", "cp1252")],
    "pl": [("cp1250", "cp1252"), ("iso-8859-2", "latin-1")], "cs": [("cp1250", "cp1252")],
    "sk": [("cp1250", "cp1252")], "hu": [("cp1250", "cp1252")], "hr": [("cp1250", "cp1252")],
    "sl": [("iso-8859-2", "latin-1")], "ro": [("iso-8859-2", "latin-1")],
    "el": [("cp1253", "cp1252"), ("iso-8859-7", "cp1252")], "tr": [("cp1254", "cp1252"), ("iso-8859-9", "latin-1")],
    "he": [("cp1255", "cp1252")], "ar": [("cp1256", "cp1252")], "lt": [("cp1257", "cp1252")],
    "lv": [("cp1257", "cp1252")], "et": [("cp1257", "cp1252")],
    "ja": [("euc_jp", "latin-1")], "zh_CN": [("gbk", "latin-1")], "ko": [("euc_kr", "cp1252")],
    "de": [("cp1252", "cp1251"), ("cp1252", "mac_roman"), ("utf-8", "cp1252")],
    "fr": [("cp1252", "cp1251"), ("utf-8", "latin-1")], "es": [("cp1252", "mac_roman")],
    "pt": [("utf-8", "cp1252")], "it": [("utf-8", "cp1252")], "sv": [("cp1252", "cp1251")],
    "da": [("utf-8", "cp1252")], "fi": [("utf-8", "cp1252")], "nl": [("utf-8", "cp1252")],
}
_MIXED_WORD = re.compile(r"[A-Za-z][\u0370-\u04ff]|[\u0370-\u04ff][A-Za-z]")


def mo_sentences(lang: str, n: int, seed: int) -> list[str]:
    """Return up to ``n`` real sentences (20-200 chars) from the installed catalogues of ``lang``."""
    items = list(_catalogue_sentences(lang))
    random.Random(seed).shuffle(items)
    return items[:n]


@functools.cache
def _catalogue_sentences(lang: str) -> tuple[str, ...]:
    """Return the sorted distinct sentences of ``lang``'s catalogues (read once per run)."""
    out: set[str] = set()
    for f in sorted(glob.glob(f"/usr/share/locale/{lang}/LC_MESSAGES/*.mo")):
        try:
            with open(f, "rb") as fh:
                cat = gettext.GNUTranslations(fh)._catalog  # type: ignore[attr-defined]
        except (OSError, UnicodeDecodeError, ValueError):
            continue
        for v in cat.values():
            if isinstance(v, str) and 20 <= len(v) <= 200 and "%" not in v and "\n" not in v and not v.isascii():
                out.add(v.strip())
    return tuple(sorted(out))


def man_pages(per_lang: int) -> list[tuple[str, str]]:
    """Return translated manual pages (Debian's manpages-* packages) rendered as plain text.

    Real prose in each installed language (commands, options and examples stay
    English, as in the pages); rendered with groff, one document per page.
    """
    import shutil
    import subprocess

    if shutil.which("groff") is None:
        return []
    out = []
    for lang_dir in sorted(Path("/usr/share/man").iterdir()):
        if lang_dir.name.startswith("man") or not lang_dir.is_dir():
            continue
        for page in sorted(lang_dir.glob("man[1-8]/*.gz"))[:per_lang]:
            run = subprocess.run(["groff", "-k", "-man", "-Tutf8", "-P-cbou"],
                                 input=gzip.decompress(page.read_bytes()), capture_output=True, check=False)
            text = run.stdout.decode("utf-8", "replace")
            if run.returncode == 0 and not text.isascii():
                out.append((lang_dir.name, text))
    return out


def damage(s: str, true: str, read_as: str) -> str | None:
    """Return ``s`` encoded with ``true`` and decoded with ``read_as``, or None if impossible."""
    import ftfy.bad_codecs  # noqa: F401

    sloppy = {"cp1252": "sloppy-windows-1252", "cp1251": "sloppy-windows-1251"}.get(read_as, read_as)
    try:
        out = s.encode(true).decode(sloppy)
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    return out if out != s and "\x00" not in out else None


def is_correct(sentence: str) -> bool:
    """Return False for catalogue text that is not correct: words mixing scripts, or
    real mojibake already in the catalogue (ftfy changes it too)."""
    return not _MIXED_WORD.search(sentence) and ftfy_encoding(sentence) == sentence


# Look-alike letters (Unicode confusables) used to damage words for the benchmark.
_LATIN_TO_CYR = dict(zip("aceopxyAEHKMOPTX", "асеорхуАЕНКМОРТХ"))
_CYR_TO_LATIN = {v: k for k, v in _LATIN_TO_CYR.items()}
_GREEK_FROM_LATIN = dict(zip("AEHIKMNOPTXYZo", "ΑΕΗΙΚΜΝΟΡΤΧΥΖο"))
_LATIN_FROM_GREEK = {v: k for k, v in _GREEK_FROM_LATIN.items()}


def swap_homoglyph(sentence: str) -> str | None:
    """Replace one letter of the sentence's longest word by a look-alike of another script."""
    words = sorted(re.findall(r"[^\W\d_]{5,}", sentence), key=lambda w: (-len(w), w))
    for word in words:
        table = (_CYR_TO_LATIN if re.search("[а-яА-Я]", word) else _LATIN_FROM_GREEK
                 if re.search("[α-ωΑ-Ω]", word) else _LATIN_TO_CYR)
        for i, ch in enumerate(word):
            if ch in table and i > 0:
                return sentence.replace(word, word[:i] + table[ch] + word[i + 1 :], 1)
    return None


def date_sentences() -> list[tuple[str, str]]:
    """Return dates written out in several languages (babel's CLDR month names) inside English."""
    import datetime

    from babel.dates import format_date

    out = []
    for lang in ("ru", "uk", "bg", "pl", "cs", "el", "tr", "he", "lt"):
        for month in range(1, 13):
            day = datetime.date(2022, month, 1 + (month * 7) % 27)
            out.append((lang, f"The meeting took place on {format_date(day, 'd MMMM y', locale=lang)} in Minsk."))
    return out


def ftfy_encoding(text: str) -> str:
    """Run ftfy with only its encoding fixes (the fair comparison)."""
    from seedclean.encoding.utf8 import ftfy_config

    return ftfy.fix_text(text, ftfy_config()._replace(explain=False))


def measure_speed(docs: list[str], warm: list[str]) -> tuple[float, float, float, bool]:
    """Time fix_text and ftfy.fix_text on the same documents.

    Lazy tables are loaded (and ``warm``, other documents, run through both
    tools) first.  Then fix_text makes one pass over the documents (its caches
    see them once, as in a real run) and ftfy.fix_text three; ftfy's fastest
    pass counts, which favours ftfy when the machine is busy.  Each tool runs
    over all documents at a stretch: interleaving them document by document
    measured the CPU caches each tool leaves to the other more than the tools.
    Times are CPU times of this process (``time.process_time``): the machine
    is shared, and wall time would count other people's work.
    """
    # Load every lazy table once (model, alphabets, trigram set), as a long run would.
    for probe in ("tabulku odkazù", "1 íîÿáðÿ", "Мichaelson", "cafÃ©", "Größe", "Ελληνικά ÅëëçíéêÜ", "crème brûlée"):
        enc.fix_text(probe)
    for w in warm:
        enc.fix_text(w)
        ftfy.fix_text(w)
    gc.collect()
    gc.disable()  # collector pauses would land on whichever tool runs at that moment
    try:
        t0 = time.process_time()
        outs = [enc.fix_text(d) for d in docs]
        t_ours = time.process_time() - t0
        t_ftfy = float("inf")
        for _ in range(3):
            t0 = time.process_time()
            for d in docs:
                ftfy.fix_text(d)
            t_ftfy = min(t_ftfy, time.process_time() - t0)
            gc.collect()
    finally:
        gc.enable()
    return sum(len(d.encode()) for d in docs) / 1e6, t_ours, t_ftfy, outs == docs


def main() -> None:
    """Run the speed and quality benchmarks and print a table."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--per-lang", type=int, default=40)
    ap.add_argument("--pages", type=Path,
                    default=Path(__file__).resolve().parents[2] / "shared/eval/boilerplate_dev.jsonl.gz",
                    help="real web page dumps (JSONL.gz with a 'text' field) for the clean-text speed test")
    ap.add_argument("--negatives", type=int, default=3000,
                    help="correct sentences per language in the large unchanged-text sample")
    ap.add_argument("--warm", type=int, default=400,
                    help="sentences per language run through both tools before the steady-state timing")
    ap.add_argument("--out", type=Path, default=Path(__file__).parent / "results/bench_encoding.json")
    args = ap.parse_args()
    n = 12 if args.quick else args.per_lang
    corpus = {lang: mo_sentences(lang, n, 1) for lang in LANG_PAIRS}
    corpus = {k: v for k, v in corpus.items() if v}
    print(f"corpus: {len(corpus)} languages, {sum(map(len, corpus.values()))} sentences")
    # (a) speed on clean text: documents of ~1-2 KB, 12 sentences of one language each,
    # never among the sentences used to warm up (nor the quality corpus).  Two
    # disjoint sets: one timed right after start-up, one after a warm-up on other
    # sentences, as deep into a long corpus run (both tools keep small caches).
    n_speed = 24 if args.quick else 120
    n_warm = 60 if args.quick else args.warm
    taken = {s for ss in corpus.values() for s in ss}
    first: list[str] = []
    steady: list[str] = []
    warm: list[str] = []
    for lang in corpus:
        pool = [s for s in mo_sentences(lang, 10**6, 3) if s not in taken and is_correct(s)]
        first += ["\n".join(pool[i : i + 12]) for i in range(0, min(n_speed, len(pool)), 12)]
        rest = pool[n_speed:]
        steady += ["\n".join(rest[i : i + 12]) for i in range(0, min(n_speed, len(rest)), 12)]
        warm += rest[n_speed : n_speed + n_warm]
    speed = {"multilingual .mo, first documents of a run": measure_speed(first, [])}
    speed[f"multilingual .mo, after {n_warm} other sentences per language"] = measure_speed(steady, warm)
    # Manual pages, per language in turn: one third timed first, one third only
    # warms up, the last third timed after it (a long run's steady state).
    manuals = [(lang, m) for lang, m in man_pages(6 if args.quick else 24) if is_correct(m)]
    if manuals:
        thirds: list[list[str]] = [[], [], []]
        for i, (_, m) in enumerate(sorted(manuals, key=lambda lm: lm[0])):
            thirds[i % 3].append(m)
        n_langs = len({lang for lang, _ in manuals})
        first_name = f"translated manual pages, first documents of a run ({len(thirds[0])} pages, {n_langs} languages)"
        speed[first_name] = measure_speed(thirds[0], [])
        speed[f"translated manual pages, after {len(thirds[1])} other pages ({len(thirds[2])} pages)"] = \
            measure_speed(thirds[2], thirds[1])
    if args.pages.exists():
        with gzip.open(args.pages, "rt", encoding="utf-8") as fh:
            pages = [json.loads(line)["text"] for line in fh]
        clean = [p for p in pages if is_correct(p)]
        speed[f"real web pages ({len(clean)} of {len(pages)} dev-set dumps; those with mojibake or "
              "mixed-script words left out)"] = measure_speed(clean, [])
    seeds = sorted(Path(__file__).resolve().parents[1].glob("seeds/*.txt"))
    if seeds:
        speed["English web (seeds; 000 and 003 hold real damage)"] = measure_speed([p.read_text("utf-8") for p in seeds], [])
    for name, (mb, t_ours, t_ftfy, same) in speed.items():
        print(f"speed on clean {name} ({mb:.2f} MB): seedclean {mb / t_ours:.1f} MB/s, ftfy.fix_text "
              f"{mb / t_ftfy:.2f} MB/s, ratio {t_ftfy / t_ours:.1f}x, unchanged={same}")
    # (b) quality
    rows: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    neg = [0, 0, 0]
    excluded = 0
    for lang, sents in corpus.items():
        for s in sents:
            if not is_correct(s):
                excluded += 1
                continue
            neg[0] += 1
            neg[1] += enc.fix_text(s) == s
            neg[2] += ftfy_encoding(s) == s
            for true, read_as in LANG_PAIRS[lang]:
                for kind, text in (("whole", s), ("in English", f"The report said: {s} Thanks.")):
                    d = damage(text, true, read_as)
                    if d is None:
                        continue
                    key = f"{true}->{read_as} {kind}"
                    rows[key][0] += 1
                    rows[key][1] += enc.fix_text(d) == text
                    rows[key][2] += ftfy_encoding(d) == text
            d2 = damage(s, *LANG_PAIRS[lang][0])
            if d2 is not None and LANG_PAIRS[lang][0][0] != "utf-8":
                layered = damage(d2, "utf-8", "cp1252")
                if layered:
                    key = f"{LANG_PAIRS[lang][0][0]}->{LANG_PAIRS[lang][0][1]} +utf-8 layer"
                    rows[key][0] += 1
                    rows[key][1] += enc.fix_text(layered) == s
                    rows[key][2] += ftfy_encoding(layered) == s
            swapped = swap_homoglyph(s)
            if swapped is not None:
                rows["homoglyph swap"][0] += 1
                rows["homoglyph swap"][1] += enc.fix_text(swapped) == s
                rows["homoglyph swap"][2] += ftfy_encoding(swapped) == s
    for lang, text in date_sentences():
        true, read_as = LANG_PAIRS[lang][0]
        d = damage(text, true, read_as)
        if d is not None:
            key = f"date in English ({true}->{read_as})"
            rows[key][0] += 1
            rows[key][1] += enc.fix_text(d) == text
            rows[key][2] += ftfy_encoding(d) == text
    tot = [sum(r[i] for r in rows.values()) for i in range(3)]
    print(f"{'pair':40} {'n':>5} {'seedclean':>10} {'ftfy':>8}")
    for key in sorted(rows):
        c, a, b = rows[key]
        print(f"{key:40} {c:5d} {a / c:10.1%} {b / c:8.1%}")
    print(f"{'ALL damaged':40} {tot[0]:5d} {tot[1] / tot[0]:10.1%} {tot[2] / tot[0]:8.1%}")
    print(f"{'negatives unchanged':40} {neg[0]:5d} {neg[1] / neg[0]:10.1%} {neg[2] / neg[0]:8.1%}"
          f"  ({excluded} sentences excluded: mixed-script words or mojibake already in the catalogue)")
    # (c) a large sample of correct text: every change is damage (or mojibake the
    # catalogue already had, which ftfy's check leaves out).
    big = [0, 0, 0]
    changed: list[str] = []
    for lang in corpus:
        for s in mo_sentences(lang, 300 if args.quick else args.negatives, 7):
            if not is_correct(s):
                continue
            big[0] += 1
            ours = enc.fix_text(s) == s
            big[1] += ours
            big[2] += ftfy_encoding(s) == s
            if not ours:
                changed.append(s)
    print(f"{'large correct sample unchanged':40} {big[0]:5d} {big[1] / big[0]:10.3%} {big[2] / big[0]:8.3%}"
          "  (ftfy 100 % by construction: sentences it changes are left out; "
          f"changed by seedclean: {changed[:4]})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({
        "large_correct_sample": {"n": big[0], "seedclean_unchanged": big[1], "ftfy_unchanged": big[2],
                                 "changed": changed},
        "python": platform.python_version(), "ftfy": ftfy.__version__, "quick": args.quick,
        "speed": {k: dict(zip(("mb", "seedclean_s", "ftfy_s", "unchanged"), v)) for k, v in speed.items()},
        "rows": rows, "negatives": neg, "excluded": excluded,
    }, indent=1))


if __name__ == "__main__":
    main()
