"""Fold look-alike letters from another script to the script of their word.

A word mixing Latin, Cyrillic and Greek letters (``Мichaelson``: Cyrillic ``М``
then Latin) is almost always a typing or OCR slip, or a spoofing attempt.  When
one script has a strict majority of the word's letters and *every* other letter
has a look-alike in that script (Unicode confusables, UTS #39, table built by
``scripts/build_encoding_homoglyphs.py``), the minority letters are replaced.
Words whose foreign letters have no look-alike (``GrцЯe``) are left alone.

Reasons: ``"<Script> look-alike in <Script> word"``, e.g.
``"Cyrillic look-alike in Latin word"``.

>>> fold("Peter Мichaelson said")[0]
'Peter Michaelson said'
>>> fold("Москва, Athens, Αθήνα, ТЕХ")[0]
'Москва, Athens, Αθήνα, ТЕХ'
"""

from __future__ import annotations

import functools
import json
import re
from importlib import resources

from seedclean.document import Edit

__all__ = ["fold"]

_WORD = re.compile(r"[^\W\d_]+")
_SCRIPTS = ("Latin", "Cyrillic", "Greek")


def _script(ch: str) -> str | None:
    cp = ord(ch)
    if ch.isascii() or 0xC0 <= cp <= 0x24F or 0x1E00 <= cp <= 0x1EFF:
        return "Latin"
    if 0x400 <= cp <= 0x52F:
        return "Cyrillic"
    if 0x370 <= cp <= 0x3FF or 0x1F00 <= cp <= 0x1FFF:
        return "Greek"
    return None


@functools.cache
def _table() -> dict[str, dict[str, str]]:
    raw = resources.files("seedclean.encoding").joinpath("data/homoglyphs.json").read_text("utf-8")
    data = json.loads(raw)
    return {s: data[s.upper()] for s in _SCRIPTS}


def _fold_word(word: str) -> tuple[str, str, str] | None:
    """Return (folded word, minority script, majority script) or None."""
    counts: dict[str, int] = {}
    for ch in word:
        s = _script(ch)
        if s is None:
            return None
        counts[s] = counts.get(s, 0) + 1
    if len(counts) < 2:
        return None
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], _SCRIPTS.index(kv[0])))
    major, n_major = ranked[0]
    if n_major <= ranked[1][1]:
        return None  # no strict majority: cannot tell which letters are foreign
    table = _table()[major]
    out = []
    minority = ""
    for ch in word:
        s = _script(ch)
        if s == major:
            out.append(ch)
        elif ch in table:
            out.append(table[ch])
            minority = minority or s or ""
        else:
            return None
    return "".join(out), minority, major


def fold(text: str) -> tuple[str, tuple[Edit, ...]]:
    """Replace look-alike letters of a foreign script inside mixed-script words.

    Args:
        text: any text.

    Returns:
        The folded text and one edit per changed letter run (spans in ``text``).
    """
    edits = []
    for m in _WORD.finditer(text):
        word = m.group()
        if word.isascii():
            continue
        res = _fold_word(word)
        if res is None:
            continue
        folded, minority, major = res
        reason = f"{minority} look-alike in {major} word"
        i = 0
        while i < len(word):
            if word[i] == folded[i]:
                i += 1
                continue
            j = i
            while j < len(word) and word[j] != folded[j]:
                j += 1
            edits.append(Edit(stage="encoding", start=m.start() + i, end=m.start() + j,
                              replacement=folded[i:j], reason=reason, before=word[i:j]))
            i = j
    if not edits:
        return text, ()
    out, pos = [], 0
    for e in edits:
        out.append(text[pos:e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out), tuple(edits)
