"""Hash the word tokens of many texts at once, vectorised with numpy.

A token is a run of ``\\w`` characters (Python's ``re`` definition) in
``unicodedata.normalize("NFKC", text).casefold()``.  :func:`reference_tokens`
is that definition written plainly; :func:`token_hashes` computes the same
tokens without a Python loop over words:

1. the texts are packed into batches of at most ``_CHUNK`` characters joined by
   ``"\\0"`` (never a word character) and encoded as UTF-32;
2. one table lookup per code point gives its case-folded value, ``0`` for
   non-word characters, or a flag for the few characters whose NFKC form or
   case folding is not a single code point (those texts take the slow path:
   ``normalize`` + ``casefold`` in Python, then the same vectorised code);
3. token boundaries are where the word mask changes; each token is hashed
   with a polynomial over its code points, from prefix sums, then mixed with
   the 64-bit finaliser of MurmurHash3 (``fmix64``).

The token hash of a string ``w`` is :func:`reference_token_hash` ``(w)``, so
anyone can recompute it; tests check the fast path against the reference.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

__all__ = ["reference_token_hash", "reference_tokens", "token_hashes"]

U64 = npt.NDArray[np.uint64]
IntArr = npt.NDArray[np.intp]

_CHUNK = 1 << 18  # characters per vectorised batch: keeps the arrays in the CPU cache
_SPECIAL = np.uint32(0xFFFFFFFF)  # table value: this character needs the slow path
_P = 0x9E3779B97F4A7C15  # odd multiplier of the token polynomial (golden ratio, 64 bits)
_MASK64 = (1 << 64) - 1
_WORD_RE = re.compile(r"\w+")
_NONWORD_RE = re.compile(r"\W")
# Code point ranges where NFKC and case folding change nothing and nothing composes:
# CJK unified ideographs, Hangul syllables, private use, and the unassigned planes 3-13.
_PLAIN_RANGES = ((0x3400, 0x4DC0), (0x4E00, 0xA000), (0xAC00, 0xD7A4), (0xE000, 0xF900),
                 (0x20000, 0x2A6E0), (0x2A700, 0x2F800), (0x2FA20, 0xE0000), (0xF0000, 0x110000))


def fmix64(x: U64) -> U64:
    """Mix 64-bit values with MurmurHash3's finaliser (in place on a copy).

    >>> int(fmix64(np.array([1], dtype=np.uint64))[0])
    12994781566227106604
    """
    x = x.copy()
    tmp = np.empty_like(x)
    for mult in (0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, None):
        np.right_shift(x, np.uint64(33), out=tmp)
        np.bitwise_xor(x, tmp, out=x)
        if mult is not None:
            np.multiply(x, np.uint64(mult), out=x)
    return x


def reference_tokens(text: str) -> list[str]:
    """Split text into tokens the plain way (the definition the fast path follows).

    >>> reference_tokens(chr(0xFF28) + "ello, WORLD straße!")  # fullwidth H
    ['hello', 'world', 'strasse']
    """
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


def reference_token_hash(token: str) -> int:
    """Hash one token as :func:`token_hashes` does: fmix64(sum(cp_i * P**i)).

    >>> reference_token_hash("a") == int(fmix64(np.array([97], dtype=np.uint64))[0])
    True
    """
    acc, power = 0, 1
    for ch in token:
        acc = (acc + ord(ch) * power) & _MASK64
        power = (power * _P) & _MASK64
    return int(fmix64(np.array([acc], dtype=np.uint64))[0])


@functools.cache
def _tables() -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.uint32]]:
    """Build (fold table, word table) indexed by code point; about 1 s, once."""
    chars = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    cps = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32)
    marked = re.sub(r"\w", "\x01", re.sub(r"\W", "\x00", chars))
    is_word = np.frombuffer(marked.encode("utf-32-le"), dtype=np.uint32).astype(bool)
    word = np.zeros(0x110000, dtype=np.uint32)
    word[cps[is_word]] = cps[is_word]
    fold = word.copy()  # right for the plain ranges below; every other character is checked
    seconds = _composition_seconds()
    plain = np.zeros(0x110000, dtype=bool)
    for lo, hi in _PLAIN_RANGES:
        plain[lo:hi] = True
    for cp in np.flatnonzero(~plain).tolist():
        if not 0xD800 <= cp < 0xE000:
            fold[cp] = _fold_value(chr(cp), word, seconds)
    return fold, word


def _fold_value(ch: str, word: npt.NDArray[np.uint32], seconds: frozenset[int]) -> int:
    """Return the folded word code point of ch, 0 if it never makes a word, or _SPECIAL."""
    if ord(ch) in seconds:
        return int(_SPECIAL)  # may compose with the character before it: normalise the whole text
    out = unicodedata.normalize("NFKC", ch).casefold()
    if any(ord(c) in seconds for c in out) or (unicodedata.combining(ch) and word[ord(ch)]):
        return int(_SPECIAL)
    # A combining mark that composes with nothing is a non-word character wherever canonical
    # reordering moves it, so it splits tokens exactly as in the normalised text.
    codes = [int(word[ord(c)]) for c in out]
    if not any(codes):
        return 0
    return codes[0] if len(codes) == 1 else int(_SPECIAL)


def _composition_seconds() -> frozenset[int]:
    """Return code points that NFC may compose with a preceding character."""
    seconds = {*range(0x1161, 0x1176), *range(0x11A8, 0x11C3)}  # Hangul V and T jamo
    for cp in range(0x110000):
        dec = unicodedata.decomposition(chr(cp))
        if dec and not dec.startswith("<"):
            parts = dec.split()
            if len(parts) == 2:
                seconds.add(int(parts[1], 16))
    return frozenset(seconds)


@functools.cache
def _powers(n: int, p: int = _P) -> tuple[U64, U64]:
    """Return p**i and p**-i (mod 2**64) for i < n (p odd)."""
    inv = pow(p, -1, 1 << 64)
    pw = np.full(n, p, dtype=np.uint64)
    ipw = np.full(n, inv, dtype=np.uint64)
    pw[0] = ipw[0] = 1
    return np.cumprod(pw, dtype=np.uint64), np.cumprod(ipw, dtype=np.uint64)


def _pieces(texts: Sequence[str]) -> tuple[list[str], list[int]]:
    """Cut long texts at whitespace so that no piece exceeds _CHUNK characters."""
    pieces: list[str] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        lo = 0
        while len(text) - lo > _CHUNK:
            cut = max(text.rfind(" ", lo, lo + _CHUNK), text.rfind("\n", lo, lo + _CHUNK))
            if cut <= lo:  # one huge "word": cut at the next non-word character
                m = _NONWORD_RE.search(text, lo + _CHUNK)
                cut = m.start() if m else len(text)
            pieces.append(text[lo:cut])
            owner.append(i)
            lo = cut
        pieces.append(text[lo:])
        owner.append(i)
    return pieces, owner


U32 = npt.NDArray[np.uint32]


def _hash_text(joined: str, table: U32) -> tuple[U64, IntArr, IntArr, U32]:
    """Hash the tokens of one string; return hashes, token starts, special positions, code points."""
    cp = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    f = np.take(table, cp)  # np.take gathers about twice as fast as fancy indexing
    special = np.zeros(0, dtype=np.intp)
    if len(f) and f.max() == _SPECIAL:
        special = np.flatnonzero(f == _SPECIAL)
    mask = np.zeros(len(f) + 2, dtype=bool)
    np.not_equal(f, 0, out=mask[1:-1])
    edges = np.flatnonzero(mask[1:] != mask[:-1])
    s, e = edges[::2], edges[1::2]
    pw, ipw = _powers(1 << max(len(f), _CHUNK * 2).bit_length())
    prefix = np.empty(len(f) + 1, dtype=np.uint64)
    prefix[0] = 0
    np.multiply(f, pw[: len(f)], out=prefix[1:])
    np.cumsum(prefix[1:], out=prefix[1:])
    return fmix64((prefix[e] - prefix[s]) * ipw[s]), s, special, cp


def _repair(joined: str, cp: npt.NDArray[np.uint32], h: U64, s: IntArr,
            special: IntArr) -> tuple[U64, IntArr]:
    """Re-tokenise the lines holding special characters after NFKC + casefold, in place of theirs.

    NFKC never composes across a line break or NUL, so lines normalise on their own.
    """
    breaks = np.concatenate([[-1], np.flatnonzero((cp == 10) | (cp == 0)), [len(cp)]])
    k = np.unique(np.searchsorted(breaks, special))  # line k lies between breaks k-1 and k
    lo, hi = breaks[k - 1] + 1, breaks[k]
    j = np.searchsorted(hi, s, side="right")
    inside = (j < len(lo)) & (s >= lo[np.minimum(j, len(lo) - 1)])
    lines = [unicodedata.normalize("NFKC", joined[a:b]).casefold() for a, b in zip(lo.tolist(), hi.tolist(),
                                                                                   strict=True)]
    h2, s2, _, _ = _hash_text("\x00".join(lines), _tables()[1])
    lstarts = np.zeros(len(lines), dtype=np.intp)
    np.cumsum([len(x) + 1 for x in lines[:-1]], out=lstarts[1:])
    major = np.concatenate([s[~inside], lo[np.searchsorted(lstarts, s2, side="right") - 1]])
    minor = np.concatenate([np.zeros(int((~inside).sum()), dtype=np.intp), s2])
    order = np.lexsort((minor, major))
    return np.concatenate([h[~inside], h2])[order], major[order]


def _hash_pieces(pieces: list[str], table: npt.NDArray[np.uint32]) -> tuple[U64, IntArr]:
    """Hash the tokens of all pieces, in batches of about _CHUNK characters joined by NUL."""
    hs, owners = [], []
    i = 0
    while i < len(pieces):
        j, size = i, 0
        while j < len(pieces) and (j == i or size + len(pieces[j]) < _CHUNK):
            size += len(pieces[j]) + 1
            j += 1
        joined = "\x00".join(pieces[i:j])
        h, s, special, cp = _hash_text(joined, table)
        if len(special):
            h, s = _repair(joined, cp, h, s, special)
        starts = np.zeros(j - i, dtype=np.intp)
        np.cumsum([len(p) + 1 for p in pieces[i: j - 1]], out=starts[1:])
        hs.append(h)
        owners.append(np.searchsorted(starts, s, side="right") - 1 + i)
        i = j
    if not hs:
        return np.zeros(0, np.uint64), np.zeros(0, np.intp)
    return np.concatenate(hs), np.concatenate(owners)


def token_hashes(texts: Sequence[str]) -> tuple[U64, IntArr]:
    """Hash every token of every text; return (hashes, text index), in text order.

    >>> fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in "HELLO")
    >>> h, doc = token_hashes(["Hello world", "", fullwidth])
    >>> doc.tolist(), bool(h[0] == h[2]), int(h[0]) == reference_token_hash("hello")
    ([0, 0, 2], True, True)
    """
    pieces, owner = _pieces(texts)
    h, piece = _hash_pieces(pieces, _tables()[0])
    return h, np.asarray(owner, dtype=np.intp)[piece]
