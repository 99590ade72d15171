"""Score how plausible a string is as natural-language text.

The model is a table of character trigram, bigram and unigram conditional
log-probabilities learnt from the word lists of ``wordfreq`` in 42 languages
(built by ``scripts/build_encoding_langmodel.py``), merged by taking the best
language for each n-gram.  Mojibake produces character sequences that no
language uses (``äåê``, ``Ã©``, ``ЇаЁ``), so its score per character is far
below that of the same text decoded correctly.

>>> per_char("декабря") > per_char("äåêàáðÿ")
True
"""

from __future__ import annotations

import functools
import gzip
import json
import unicodedata
from importlib import resources

__all__ = ["per_char", "score"]

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
_CAMEL_PENALTY = -4.0
# Score of a character no language in the model uses (symbols inside words,
# control characters, unseen letters): below any seen unigram (min ~ -13).
_FLOOR = -14.0
# Marker for characters that are neither letters nor separators.
_ODD = "\x01"


@functools.cache
def _tables() -> tuple[dict[str, float], dict[str, float], dict[str, float]]:
    raw = resources.files("seedclean.encoding").joinpath("data/charmodel.json.gz").read_bytes()
    model = json.loads(gzip.decompress(raw))
    return model["t1"], model["t2"], model["t3"]


@functools.cache
def _translation() -> dict[int, str]:
    """Map non-letters below U+3040 and full-width forms to a separator or the odd-character marker."""
    table: dict[int, str] = {ord("ς"): "σ"}  # wordfreq folds final sigma
    for cp in [*range(0x3040), *range(0xFF00, 0xFFF0)]:
        ch = chr(cp)
        if ch.isalpha():
            continue
        cat = unicodedata.category(ch)
        if cp < 0x80 or cat[0] in "PZ" or cat == "Nd":
            table[cp] = " "
        elif cat == "Mn":
            continue  # combining marks belong to the letter before them
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
    t1, t2, t3 = _tables()
    norm = text.lower().translate(_translation())
    total = 0.0
    count = 0
    for word in norm.split():
        padded = f" {word} "
        for i in range(1, len(padded)):
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
            count += 1
    if not text.islower() and not text.isupper():
        total += _CAMEL_PENALTY * sum(1 for a, b in zip(text, text[1:]) if a.islower() and b.isupper())
    return total, count


def per_char(text: str) -> float:
    """Return the mean log-probability per scored character (0.0 for no letters).

    >>> per_char("Größe") > per_char("GrцЯe")
    True
    """
    total, count = score(text)
    return total / count if count else 0.0
