"""Build the character n-gram plausibility model used by encoding repair.

Source: the word lists and frequencies of ``wordfreq`` (installed offline from
PyPI; its data is built from real corpora: Wikipedia, subtitles, news, web text).
For each language, the top words are padded with spaces and their character
trigrams, bigrams and unigrams are counted, weighted by the word's frequency.
Conditional log-probabilities are computed per language and merged by taking the
maximum over languages, so one table answers "how plausible is this character
sequence in *some* language".

A second source fills gaps of the word lists (wordfreq folds German ``ß`` to
``ss``, and knows no Faroese, Belarusian, Serbian Cyrillic, Georgian...): the
CLDR display names shipped by ``babel`` (languages, territories, scripts,
currencies, months, days) of every base locale, counted as one "language" each.

Output: ``src/seedclean/encoding/data/charmodel.json.gz``.

Usage: ``python scripts/build_encoding_langmodel.py [--words 40000]``
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import unicodedata
from collections import Counter
from pathlib import Path

import wordfreq

OUT = Path(__file__).resolve().parents[1] / "src/seedclean/encoding/data/charmodel.json.gz"
# A trigram seen with less than this conditional probability adds little over back-off.
MIN_COND = 0.002
# Minimum weighted share of all trigrams of a language for a trigram to be kept.
MIN_SHARE = 2e-6


def normalise(word: str) -> str:
    """Lower-case a word and keep letters only (as the runtime scorer does)."""
    word = unicodedata.normalize("NFC", word).lower()
    return "".join(c if c.isalpha() else " " for c in word)


def count_language(lang: str, n_words: int) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Count frequency-weighted character 1-, 2- and 3-grams of one language."""
    c1: Counter[str] = Counter()
    c2: Counter[str] = Counter()
    c3: Counter[str] = Counter()
    freqs = wordfreq.get_frequency_dict(lang, wordlist="best")
    top = sorted(freqs.items(), key=lambda kv: (-kv[1], kv[0]))[:n_words]
    for word, f in top:
        w = normalise(word).strip()
        if not w or f <= 0:
            continue
        padded = f" {w} "
        for i, ch in enumerate(padded):
            c1[ch] += f
            if i >= 1:
                c2[padded[i - 1 : i + 1]] += f
            if i >= 2:
                c3[padded[i - 2 : i + 1]] += f
    return c1, c2, c3


def babel_strings(locale_id: str) -> list[str]:
    """Return the CLDR display strings of one babel locale."""
    from babel import Locale

    loc = Locale.parse(locale_id)
    out: list[str] = []
    for table in (loc.languages, loc.territories, loc.scripts, loc.currencies):
        out.extend(v for v in table.values() if isinstance(v, str))
    for ctx in (loc.months, loc.days):
        for widths in ctx.values():
            for names in widths.values():
                out.extend(v for v in names.values() if isinstance(v, str))
    return out


def count_strings(strings: list[str]) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Count character 1-, 2- and 3-grams of display strings, one count each."""
    c1: Counter[str] = Counter()
    c2: Counter[str] = Counter()
    c3: Counter[str] = Counter()
    for s in strings:
        for w in normalise(s).split():
            padded = f" {w} "
            for i, ch in enumerate(padded):
                c1[ch] += 1
                if i >= 1:
                    c2[padded[i - 1 : i + 1]] += 1
                if i >= 2:
                    c3[padded[i - 2 : i + 1]] += 1
    return c1, c2, c3


def conditional(cn: Counter[str], ctx: Counter[str], total3: float) -> dict[str, float]:
    """Return log P(last char | context) for n-grams that are frequent enough."""
    out: dict[str, float] = {}
    for gram, cnt in cn.items():
        if cnt / total3 < MIN_SHARE:
            continue
        p = cnt / ctx[gram[:-1]]
        if p >= MIN_COND:
            out[gram] = math.log(p)
    return out


def build(n_words: int) -> dict[str, object]:
    """Build the merged model over all wordfreq languages."""
    langs = sorted(wordfreq.available_languages(wordlist="best"))
    t1: dict[str, float] = {}
    t2: dict[str, float] = {}
    t3: dict[str, float] = {}
    from babel import localedata

    sources = [(lang, lambda lang=lang: count_language(lang, n_words)) for lang in langs]
    base_locales = sorted(i for i in localedata.locale_identifiers() if "_" not in i)
    sources += [(f"cldr:{b}", lambda b=b: count_strings(babel_strings(b))) for b in base_locales]
    for lang, counter in sources:
        c1, c2, c3 = counter()
        if not c1:
            continue
        total1 = sum(c1.values())
        # Context counts: how often a prefix is followed by anything.
        ctx2: Counter[str] = Counter()
        for g, c in c2.items():
            ctx2[g[:-1]] += c
        ctx3: Counter[str] = Counter()
        for g, c in c3.items():
            ctx3[g[:-1]] += c
        for table, new in (
            (t1, {ch: math.log(c / total1) for ch, c in c1.items() if c / total1 >= MIN_SHARE}),
            (t2, conditional(c2, ctx2, total1)),
            (t3, conditional(c3, ctx3, total1)),
        ):
            for k, v in new.items():
                if v > table.get(k, -math.inf):
                    table[k] = v
        if not lang.startswith("cldr:"):
            print(f"{lang}: {len(c3)} trigrams")
    rnd = lambda t: {k: round(v, 2) for k, v in sorted(t.items())}  # noqa: E731
    return {"version": 1, "source": f"wordfreq {n_words} words/lang + babel CLDR names",
            "langs": langs + [b for b in base_locales],
            "t1": rnd(t1), "t2": rnd(t2), "t3": rnd(t3)}


def main() -> None:
    """Parse arguments, build the model and write it."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--words", type=int, default=40000, help="top words per language")
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    model = build(args.words)
    data = json.dumps(model, ensure_ascii=False, separators=(",", ":")).encode()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    # mtime=0 keeps the file byte-identical across rebuilds.
    args.out.write_bytes(gzip.compress(data, mtime=0))
    sizes = {k: len(model[k]) for k in ("t1", "t2", "t3")}  # type: ignore[arg-type]
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes), {sizes}")


if __name__ == "__main__":
    main()
