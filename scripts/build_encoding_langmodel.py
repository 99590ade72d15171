"""Build the character n-gram plausibility model used by encoding repair.

Source: the word lists and frequencies of ``wordfreq`` (installed offline from
PyPI; its data is built from real corpora: Wikipedia, subtitles, news, web text).
For each language, the top words are padded with spaces and their character
trigrams, bigrams and unigrams are counted, weighted by the word's frequency.
Conditional log-probabilities are stored per language; the scorer takes the
best language for each word, so "how plausible is this word in *some*
language" is answered without letting one word borrow trigrams from several.

A second source fills gaps of the word lists (wordfreq folds German ``ß`` to
``ss``, and knows no Faroese, Belarusian, Serbian Cyrillic, Georgian...): the
CLDR display names shipped by ``babel`` (languages, territories, scripts,
currencies, months, days): mixed into each wordfreq language at a small weight,
and as their own table for languages wordfreq lacks.

German ``ß``, which wordfreq folds to ``ss``, is restored from Debian's
``wngerman`` word list when installed.

Output: ``src/seedclean/encoding/data/charmodel.json.gz``.

Usage: ``python scripts/build_encoding_langmodel.py [--words 40000]``
"""

from __future__ import annotations

import argparse
import functools
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


# wordfreq case-folds German "ß" to "ss" (str.casefold).  Debian's wngerman
# word list (apt-get install wngerman) tells which "ss" words are spelt "ß".
NGERMAN = Path("/usr/share/dict/ngerman")


@functools.cache
def eszett_words() -> dict[str, str]:
    """Map "ss" spellings to their "ß" spelling, from /usr/share/dict/ngerman."""
    if not NGERMAN.exists():
        print("warning: /usr/share/dict/ngerman missing (apt-get install wngerman): German ß unseen")
        return {}
    words = {w.strip().lower() for w in NGERMAN.read_text("utf-8").split()}
    return {w.replace("ß", "ss"): w for w in words if "ß" in w and w.replace("ß", "ss") not in words}


def count_language(lang: str, n_words: int) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Count frequency-weighted character 1-, 2- and 3-grams of one language."""
    c1: Counter[str] = Counter()
    c2: Counter[str] = Counter()
    c3: Counter[str] = Counter()
    freqs = wordfreq.get_frequency_dict(lang, wordlist="best")
    top = sorted(freqs.items(), key=lambda kv: (-kv[1], kv[0]))[:n_words]
    fix = eszett_words() if lang == "de" else {}
    for word, f in top:
        w = normalise(fix.get(word, word)).strip()
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


def conditional(cn: Counter[str], ctx: Counter[str], total3: float, min_share: float = MIN_SHARE) -> dict[str, float]:
    """Return log P(last char | context) for n-grams that are frequent enough."""
    out: dict[str, float] = {}
    for gram, cnt in cn.items():
        if cnt / total3 < min_share:
            continue
        p = cnt / ctx[gram[:-1]]
        if p >= MIN_COND:
            out[gram] = math.log(p)
    return out


# CLDR-only languages (no wordfreq list), and the CLDR share mixed into
# wordfreq languages (enough to learn letters the lists fold away, like ß).
CLDR_ONLY = (
    "af", "am", "ast", "az", "be", "br", "cy", "eo", "et", "eu", "fo", "fy", "ga", "gd", "gl", "hy",
    "ka", "kk", "km", "ky", "lb", "lo", "mn", "mt", "my", "ne", "oc", "rm", "sq", "sr", "sr_Latn",
    "sw", "tg", "th", "tk", "uz", "yi", "zh_Hant",
)
CLDR_WEIGHT = 0.05
# Hunspell dictionaries (Debian packages myspell-et, myspell-fo, hunspell-be,
# hunspell-sr, hunspell-kk, hunspell-eu, hunspell-gl, myspell-ga, hunspell-af,
# myspell-sq) give real vocabulary for languages wordfreq lacks; used when installed.
HUNSPELL_DIR = Path("/usr/share/hunspell")
HUNSPELL = {"et": "et_EE", "fo": "fo", "be": "be_BY", "sr": "sr_RS", "sr_Latn": "sr_Latn_RS",
            "kk": "kk_KZ", "eu": "eu", "gl": "gl_ES", "ga": "ga_IE", "af": "af_ZA", "sq": "sq_AL"}
HUNSPELL_MAX_WORDS = 150_000
HUNSPELL_MIN_SHARE = 3e-7


def hunspell_words(name: str) -> list[str]:
    """Return the stems of a hunspell dictionary (empty when not installed)."""
    dic, aff = HUNSPELL_DIR / f"{name}.dic", HUNSPELL_DIR / f"{name}.aff"
    if not dic.exists():
        print(f"warning: {dic} missing: that language uses CLDR names only")
        return []
    enc = "utf-8"
    if aff.exists():
        for line in aff.read_bytes().decode("latin-1").splitlines():
            if line.startswith("SET "):
                enc = line.split()[1].strip()
                break
    lines = dic.read_bytes().decode(enc, errors="replace").splitlines()[1:]
    step = max(1, len(lines) // HUNSPELL_MAX_WORDS)  # spread over the alphabetical list
    return [ln.split("/")[0].strip() for ln in lines[::step] if ln.strip()]


def _normalised(counts: tuple[Counter[str], Counter[str], Counter[str]]) -> tuple[Counter[str], ...]:
    total = sum(counts[0].values()) or 1.0
    return tuple(Counter({k: v / total for k, v in c.items()}) for c in counts)


def _tables(c1: Counter[str], c2: Counter[str], c3: Counter[str],
            min_share: float = MIN_SHARE) -> dict[str, dict[str, float]]:
    """Return rounded log-probability tables (unigram, conditional bi/trigram)."""
    total1 = sum(c1.values())
    ctx2: Counter[str] = Counter()
    for g, c in c2.items():
        ctx2[g[:-1]] += c
    ctx3: Counter[str] = Counter()
    for g, c in c3.items():
        ctx3[g[:-1]] += c
    t1 = {ch: math.log(c / total1) for ch, c in c1.items() if c / total1 >= MIN_SHARE}
    rnd = lambda t: {k: round(v, 2) for k, v in sorted(t.items())}  # noqa: E731
    return {"t1": rnd(t1), "t2": rnd(conditional(c2, ctx2, total1, min_share)),
            "t3": rnd(conditional(c3, ctx3, total1, min_share))}


def build(n_words: int) -> dict[str, object]:
    """Build one table set per language (wordfreq languages + CLDR-only ones)."""
    from babel import localedata

    known = set(localedata.locale_identifiers())
    langs: dict[str, dict[str, dict[str, float]]] = {}
    for lang in sorted(wordfreq.available_languages(wordlist="best")):
        counts = _normalised(count_language(lang, n_words))
        if lang in known:
            extra = _normalised(count_strings(babel_strings(lang)))
            for c, e in zip(counts, extra):
                for k, v in e.items():
                    c[k] += CLDR_WEIGHT * v
        langs[lang] = _tables(*counts)
        print(f"{lang}: {len(langs[lang]['t3'])} trigrams")
    for loc in CLDR_ONLY:
        if loc not in known:
            continue
        counts = _normalised(count_strings(babel_strings(loc)))
        words = hunspell_words(HUNSPELL[loc]) if loc in HUNSPELL else []
        if words:
            print(f"{loc}: {len(words)} hunspell words")
            extra = _normalised(count_strings(words))
            counts = tuple(Counter({k: CLDR_WEIGHT * v for k, v in c.items()}) + e for c, e in zip(counts, extra))
        # Dictionary words are unweighted: keep rarer n-grams than for wordfreq.
        langs[f"cldr:{loc}"] = _tables(*counts, min_share=HUNSPELL_MIN_SHARE if words else MIN_SHARE)
    return {"version": 2, "source": f"wordfreq {n_words} words/lang + babel CLDR names", "langs": langs}


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
    n3 = sum(len(t["t3"]) for t in model["langs"].values())  # type: ignore[attr-defined]
    print(f"wrote {args.out} ({args.out.stat().st_size} bytes), {len(model['langs'])} languages, {n3} trigrams")


if __name__ == "__main__":
    main()
