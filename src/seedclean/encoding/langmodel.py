"""Score how plausible a string is as natural-language text.

The model holds, per language, character trigram, bigram and unigram
conditional log-probabilities learnt from the word lists of ``wordfreq`` (42
languages) and CLDR names from ``babel`` (built by
``scripts/build_encoding_langmodel.py``).  A word is scored under the
languages whose alphabet covers it best and keeps its best score.  Mojibake produces character sequences that no
language uses (``äåê``, ``Ã©``, ``ЇаЁ``), so its score per character is far
below that of the same text decoded correctly.

>>> per_char("ноября") > per_char("íîÿáðÿ")
True
"""

from __future__ import annotations

import functools
import gzip
import itertools
import json
import math
import re
import unicodedata
from importlib import resources

__all__ = ["alphabets", "per_char", "score", "trigrams"]

# Back-off penalties (log-space) when a trigram / bigram is unseen: "stupid
# back-off" (Brants et al. 2007) uses 0.4 per level, i.e. about -0.9 nats.
_BACKOFF = -0.9
# An unseen bigram is much rarer in real words than an unseen trigram (script
# junctions such as ``rц`` never occur): penalise the unigram back-off harder.
_BACKOFF_UNIGRAM = -4.0
# CJK text has no spaces between words, so bigrams across word boundaries are
# unseen in the word lists: back off gently there.
_BACKOFF_UNIGRAM_CJK = -1.5
_CJK_START = 0x2E80
# Upper-case letter right after a lower-case one inside a word ("кеЯменп"):
# rare in prose, frequent in codepage mojibake.
_CAMEL_PENALTY = -10.0
# Score of a character no language in the model uses (symbols inside words,
# control characters, unseen letters): below any seen unigram (min ~ -13).
_FLOOR = -14.0
# A non-ASCII punctuation mark or symbol glued between two letters ("zosta³a",
# "Oberfl‰chen"): scored like an unknown character.  Apostrophe-like marks
# and the Catalan middle dot are normal there.
_IN_WORD = re.compile(r"(?<=[^\W\d_])[^\w\s\x00-\x7f\u2019\u02bc\u00b7\u3000-\u303f\uff00-\uffef](?=[^\W\d_])")
# Symbols that never touch a word in prose but that mojibake glues to one
# (mac_cyrillic capitals read as cp1251: "‡агрузка").
_GLUED = re.compile("[‡†‰•€¤¦§¨¯¶¸¬˘˙˚˝˛ˇ](?=[^\\W\\d_])|(?<=[^\\W\\d_])[‡†‰•€¤¦§¨¯¶¸¬˘˙˚˝˛ˇ]")
# log(1e-5): letters rarer than this in a language's text are not its alphabet.
_ALPHABET_MIN_LOGP = -11.5
# Symbols that stand next to words in prose ("NESTLÉ®", "20°", "3×4").
_COMMON_SYMBOLS = "®©™°±×÷"
# A middle dot inside a word other than Catalan "l·l".
_MIDDOT = re.compile("·(?:(?<![lL]·)(?=[^\\W\\d_])|(?<=[^\\W\\d_]·)(?![lL]))")
# Marker for characters that are neither letters nor separators.
_ODD = "\x01"


class _Lang:
    """One language's tables and alphabet."""

    __slots__ = ("alphabet", "name", "t1", "t2", "t3")

    def __init__(self, name: str, tables: dict[str, dict[str, float]]) -> None:
        self.name = name
        self.t1, self.t2, self.t3 = tables["t1"], tables["t2"], tables["t3"]
        # Letters with a real share of the language's text; dictionaries list
        # loanwords whose letters (ø, ù in Galician) would blur alphabets.
        self.alphabet = frozenset(c for c, lp in self.t1.items() if lp >= _ALPHABET_MIN_LOGP)


@functools.cache
def _languages() -> tuple[_Lang, ...]:
    raw = resources.files("seedclean.encoding").joinpath("data/charmodel.json.gz").read_bytes()
    model = json.loads(gzip.decompress(raw))
    return tuple(_Lang(name, tables) for name, tables in sorted(model["langs"].items()))


def trigrams() -> frozenset[str]:
    """Return the character trigrams the languages of the model commonly use."""
    out: set[str] = set()
    for lang in _languages():
        # Dictionaries list loanwords with letters foreign to the language
        # ("zù" in Galician): keep trigrams made of the language's own letters.
        alphabet = lang.alphabet | {" "}
        out.update(g for g in lang.t3 if all(c in alphabet for c in g))
    return frozenset(out)


def alphabets() -> tuple[tuple[str, frozenset[str]], ...]:
    """Return each language's name and set of (lower-case) characters seen in its words."""
    return tuple((lang.name, lang.alphabet) for lang in _languages())


def _word_logprob(padded: str, lang: _Lang, floor: float = -math.inf) -> float:
    """Return the log-probability of ``padded`` under ``lang``.

    Every term is a log-probability (<= 0), so the running total only falls:
    once it is below ``floor`` (the best score of another language) the word
    cannot score better here, and the partial total, still below ``floor``,
    is returned.  ``max`` over languages is unchanged, bit for bit.
    """
    t1, t2, t3 = lang.t1, lang.t2, lang.t3
    total = 0.0
    for i in range(1, len(padded)):
        if total < floor:
            return total
        ch = padded[i]
        lp = t3.get(padded[i - 2 : i + 1]) if i >= 2 else None
        if lp is None:
            lp2 = t2.get(padded[i - 1 : i + 1])
            if lp2 is not None:
                lp = lp2 + _BACKOFF
            else:
                lp1 = t1.get(ch)
                if lp1 is None:
                    lp = _FLOOR
                else:
                    lp = lp1 + (_BACKOFF_UNIGRAM_CJK if ord(ch) >= _CJK_START else _BACKOFF_UNIGRAM)
        total += lp
    return total


@functools.lru_cache(maxsize=1 << 16)
def _word_score(word: str) -> float:
    """Return the best log-probability of one normalised word over the languages.

    A pure function of ``word``: the cache changes speed, never results.
    """
    padded = f" {word} "
    best = -math.inf
    for lang in _candidate_languages(frozenset(word)):
        lp = _word_logprob(padded, lang, best)
        if lp > best:
            best = lp
    return best


# Most languages scored per word: among those whose alphabet covers it best,
# the first in this order (languages most present on the web first, so an
# English word is always scored as English), then the others alphabetically.
_MAX_LANGS = 10
_PRIORITY = ("en", "de", "fr", "es", "ru", "pt", "it", "pl", "nl", "tr", "ja", "zh", "ko", "uk", "cs",
             "sv", "hu", "el", "ro", "fi", "da", "nb", "bg", "sk", "ar", "he", "id", "vi")


def _rank(lang: _Lang) -> tuple[int, str]:
    return (_PRIORITY.index(lang.name) if lang.name in _PRIORITY else len(_PRIORITY), lang.name)


@functools.cache
def _ranked() -> tuple[tuple[_Lang, ...], dict[str, int]]:
    """Return languages in rank order and, per character, a bit mask of those using it."""
    ranked = tuple(sorted(_languages(), key=_rank))
    masks: dict[str, int] = {}
    for i, lang in enumerate(ranked):
        for ch in lang.alphabet:
            masks[ch] = masks.get(ch, 0) | (1 << i)
    return ranked, masks


@functools.lru_cache(maxsize=1 << 14)
def spellable(word: str) -> bool:
    """Return True when some language's alphabet has every letter of ``word`` (any case).

    Letters from U+0530 on (Armenian, Hebrew, Arabic, CJK...) are not checked:
    alphabets list only the letters seen in training, too few for those scripts.

    >>> spellable("Größe"), spellable("ŕjourförda"), spellable("日本")
    (True, False, True)
    """
    _, masks = _ranked()
    common = -1
    for ch in word.lower():
        if ch.isalpha() and ch < "\u0530":
            common &= masks.get(ch, 0)
            if not common:
                return False
    return True


@functools.lru_cache(maxsize=1 << 14)
def _candidate_languages(letters: frozenset[str]) -> tuple[_Lang, ...]:
    """Return the few languages whose alphabet covers ``letters`` best (pure; cached)."""
    ranked, masks = _ranked()
    common = -1
    for ch in letters:
        common &= masks.get(ch, 0)
        if not common:
            break
    if common:  # some languages have every letter: the usual case, answered by bit masks
        return tuple([lang for i, lang in enumerate(ranked) if common >> i & 1][:_MAX_LANGS])
    best: list[_Lang] = []
    fewest = len(letters) + 1
    for lang in ranked:
        missing = len(letters - lang.alphabet)
        if missing < fewest:
            best, fewest = [lang], missing
        elif missing == fewest:
            best.append(lang)
    return tuple(best[:_MAX_LANGS])


@functools.cache
def _translation() -> dict[int, str]:
    """Map non-letters below U+3040 and full-width forms to a separator or the odd-character marker."""
    table: dict[int, str] = {ord("ς"): "σ"}  # wordfreq folds final sigma
    for cp in [*range(0x3040), *range(0xFF00, 0xFFF0)]:
        ch = chr(cp)
        if ch.isalpha():
            continue
        cat = unicodedata.category(ch)
        if cp < 0x80 or cat[0] in "PZ" or cat in ("Nd", "Sc") or ch in _COMMON_SYMBOLS:
            table[cp] = " "
        elif cat == "Mn":
            table[cp] = ""  # combining marks: the letter before them carries the score
        else:
            table[cp] = _ODD
    return table


def score(text: str) -> tuple[float, int]:
    """Return the total log-probability of ``text``'s words and the characters scored.

    Digits, ASCII punctuation and separators split words and are not scored;
    every other character (letters, symbols) is.

    >>> score("")
    (0.0, 0)
    >>> total, n = score("the")
    >>> n
    4
    """
    norm = text.lower().translate(_translation())
    total = 0.0
    count = 0
    for word in norm.split():
        total += _word_score(word)
        count += len(word) + 1
    if not text.isascii():
        glued = len(_IN_WORD.findall(text)) + len(_GLUED.findall(text)) + len(_MIDDOT.findall(text))
        total += _FLOOR * glued
        count += glued
    if not text.islower() and not text.isupper():
        total += _CAMEL_PENALTY * sum(1 for a, b in itertools.pairwise(text) if a.islower() and b.isupper())
    return total, count


def per_char(text: str) -> float:
    """Return the mean log-probability per scored character (0.0 for no letters).

    >>> per_char("Größe") > per_char("GrцЯe")
    True
    """
    total, count = score(text)
    return total / count if count else 0.0
