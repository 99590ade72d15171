"""Describe the codepage confusions that encoding repair can undo.

A confusion is a pair ``(true, read_as)``: bytes written in ``true`` were
decoded as ``read_as``.  Undoing it means encoding the text back to bytes with
``read_as`` and decoding them with ``true``.  ``read_as`` codecs are "sloppy",
as browsers and ftfy treat them: bytes a codepage leaves undefined map to the
code point of the same number, so every byte string survives the round trip.

>>> reencode("íîÿáðÿ", "latin-1")
b'\\xed\\xee\\xff\\xe1\\xf0\\xff'
>>> redecode("íîÿáðÿ", "cp1251", "latin-1")
'ноября'
"""

from __future__ import annotations

import functools

__all__ = ["PAIRS", "READ_AS", "byte_chars", "display", "redecode", "reencode"]

# Codecs that wrongly-decoded text was read with (issue 6's list of confusions).
READ_AS: tuple[str, ...] = ("latin-1", "cp1252", "cp1251", "koi8-r", "cp437", "mac_roman")

_TO_LATIN_OR_CYR: tuple[str, ...] = (
    "utf-8", "cp1251", "koi8-r", "koi8-u", "iso-8859-5", "cp866", "cp1250", "iso-8859-2",
    "cp1253", "iso-8859-7", "cp1254", "iso-8859-9", "cp1255", "cp1256", "cp1257",
    "euc_jp", "gbk", "euc_kr",
)
# For each read-as codec, the true encodings tried, in order of preference
# (ties in plausibility go to the earlier one).
PAIRS: dict[str, tuple[str, ...]] = {
    "latin-1": _TO_LATIN_OR_CYR,
    "cp1252": _TO_LATIN_OR_CYR,
    "cp1251": ("utf-8", "koi8-r", "koi8-u", "cp866", "mac_cyrillic", "iso-8859-5", "cp1252"),
    "koi8-r": ("utf-8", "cp1251", "koi8-u"),
    "cp437": ("utf-8", "cp866"),
    "mac_roman": ("utf-8", "cp1252"),
}

_DISPLAY = {"euc_jp": "euc-jp", "euc_kr": "euc-kr", "gbk": "gbk"}


def display(codec: str) -> str:
    """Return the codec name used in edit reasons.

    >>> display("euc_jp")
    'euc-jp'
    """
    return _DISPLAY.get(codec, codec)


@functools.cache
def byte_chars(codec: str) -> str:
    """Return the 256 characters that bytes 0..255 decode to (sloppily) in ``codec``.

    >>> byte_chars("cp1252")[0x80], byte_chars("cp1252")[0x81]
    ('€', '\\x81')
    """
    out = []
    for b in range(256):
        try:
            out.append(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


@functools.cache
def _encode_table(codec: str) -> dict[int, int]:
    """Map each character of ``codec`` to the Latin-1 code point of its byte.

    Latin-1 characters outside the codec's repertoire map to U+FFFF so that the
    final Latin-1 encoding step fails for them.
    """
    table = dict.fromkeys(range(256), 65535)
    for b, ch in enumerate(byte_chars(codec)):
        table[ord(ch)] = b
    return table


def reencode(text: str, codec: str) -> bytes | None:
    """Return the bytes ``text`` came from if it was decoded with ``codec`` (or None).

    >>> reencode("日本", "cp1252") is None
    True
    """
    try:
        return text.translate(_encode_table(codec)).encode("latin-1")
    except UnicodeEncodeError:
        return None


def redecode(text: str, true: str, read_as: str) -> str | None:
    """Undo ``true`` bytes decoded as ``read_as``; None when impossible."""
    raw = reencode(text, read_as)
    if raw is None:
        return None
    try:
        return raw.decode(true)
    except UnicodeDecodeError:
        return None
