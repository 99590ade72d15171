"""Decode bytes of any encoding to text, never raising, recording every loss.

Order of attempts (after trafilatura's ``detect_encoding``: UTF-8 first,
ordered candidates, replacement last):

1. a byte-order mark (UTF-32, UTF-8, UTF-16);
2. strict UTF-8 (the fast path for most of the web);
3. UTF-16/32 without BOM, when the zero bytes fall in a regular pattern;
4. candidates: the declared charset (HTTP header / meta tag), charset-normalizer's
   guesses and the legacy codepages of Cyrillic, Central European, Greek,
   Turkish, Baltic, Hebrew, Arabic and CJK text.  Each candidate must decode
   strictly; the winner is the one whose text the character model of
   :mod:`seedclean.encoding.langmodel` finds most plausible (the declared
   charset and the detector's first guess get a bonus).  This makes short
   inputs, which statistical detectors guess poorly, come out right;
5. UTF-8 with replacement when the bytes are mostly valid UTF-8, else the best
   single-byte guess with replacement.

Undecodable bytes become U+FFFD and NUL bytes are dropped; each is an edit
whose span is a *byte* offset range into ``data``.

Reasons: ``"undecodable bytes in <encoding>"``, ``"NUL byte"``.

>>> decode("Привет, мир".encode("cp1251"))
'Привет, мир'
>>> r = decode_and_explain(b"caf\\xc3\\xa9 cr\\xc3\\xa8me br\\xc3\\xbbl\\xc3\\xa9e \\xff")
>>> r.text, r.edits[0].start, r.edits[0].reason
('café crème brûlée \\ufffd', 22, 'undecodable bytes in utf-8')
"""

from __future__ import annotations

import codecs
import logging
import re

from seedclean.config import DecodeConfig
from seedclean.document import Edit, StageResult, freeze_meta

__all__ = ["decode", "decode_and_explain"]

logger = logging.getLogger(__name__)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Legacy encodings always tried (issue 6's list), in order of preference on ties.
_LEGACY = (
    "cp1252", "cp1251", "koi8-r", "koi8-u", "cp866", "mac_cyrillic", "iso8859-5", "cp1250",
    "iso8859-2", "cp1253", "iso8859-7", "cp1254", "cp1255", "cp1256", "cp1257",
    "gb18030", "big5", "shift_jis", "euc_jp", "euc_kr", "iso2022_jp",
)
# Bonus (nats per character) for the declared charset and the detector's pick.
_DECLARED_BONUS = 0.5
_DETECTOR_BONUS = 0.2
# Share of undecodable bytes below which mostly-valid UTF-8 stays UTF-8.
_UTF8_MAX_ERROR_SHARE = 0.25
_MAX_RECORDED_ERRORS = 1000


def _canonical(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _bom(data: bytes) -> tuple[str, int] | None:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return enc, len(bom)
    return None


def _utf16_32_guess(data: bytes) -> str | None:
    """Guess UTF-16/32 without BOM from the position of zero bytes (ASCII-heavy text)."""
    n = len(data)
    if n < 4 or data.count(0) < n // 4:
        return None
    if n % 4 == 0:
        quads = n // 4
        if data[3::4].count(0) == quads and data[2::4].count(0) == quads and data[0::4].count(0) < quads // 2:
            return "utf-32-le"
        if data[0::4].count(0) == quads and data[1::4].count(0) == quads and data[3::4].count(0) < quads // 2:
            return "utf-32-be"
    if n % 2 == 0:
        half = n // 2
        odd, even = data[1::2].count(0), data[0::2].count(0)
        if odd >= 0.4 * half and even < 0.1 * half:
            return "utf-16-le"
        if even >= 0.4 * half and odd < 0.1 * half:
            return "utf-16-be"
    return None


def _decode_recording(data: bytes, encoding: str, offset: int) -> tuple[str, list[Edit]]:
    """Decode with replacement, recording each undecodable byte range."""
    out: list[str] = []
    edits: list[Edit] = []
    pos = 0
    reason = f"undecodable bytes in {encoding}"
    while True:
        try:
            out.append(data[pos:].decode(encoding))
            break
        except UnicodeDecodeError as err:
            if len(edits) >= _MAX_RECORDED_ERRORS:
                out.append(data[pos:].decode(encoding, errors="replace"))
                edits.append(Edit(stage="decode", start=offset + pos, end=offset + len(data),
                                  replacement="", reason=reason + " (more)"))
                break
            out.append(data[pos : pos + err.start].decode(encoding, errors="replace"))
            out.append("\ufffd")
            edits.append(Edit(stage="decode", start=offset + pos + err.start, end=offset + pos + err.end,
                              replacement="\ufffd", reason=reason))
            pos += err.end
    return "".join(out), edits


def _detector_guesses(data: bytes, cfg: DecodeConfig) -> list[str]:
    from charset_normalizer import from_bytes

    results = from_bytes(data[: cfg.detect_bytes])
    names = [_canonical(m.encoding) for m in list(results)[:3]]
    return [n for n in names if n]


def _plausibility(text: str) -> float:
    """Return the model's mean log-probability of the sample's non-ASCII words."""
    import re

    from seedclean.encoding.langmodel import per_char

    words = re.findall(r"\S*[^\x00-\x7f]\S*", text[:20000])[:200]
    return per_char(" ".join(words)) if words else 0.0


def _strict(sample: bytes, name: str, *, cut: bool) -> str | None:
    """Decode strictly; a sample cut from longer data may end inside a character."""
    for end in (len(sample), len(sample) - 1, len(sample) - 2, len(sample) - 3) if cut else (len(sample),):
        try:
            return sample[:end].decode(name)
        except UnicodeDecodeError:
            continue
        except LookupError:
            return None
    return None


def _choose(data: bytes, declared: str | None, cfg: DecodeConfig) -> str | None:
    """Return the most plausible strictly-decoding candidate encoding."""
    guesses = _detector_guesses(data, cfg)
    order: list[str] = []
    for name in [declared, *guesses, *(_canonical(n) for n in _LEGACY)]:
        if name and name not in order:
            order.append(name)
    best: tuple[float, int, str] | None = None
    sample = data[: cfg.detect_bytes]
    for rank, name in enumerate(order):
        text = _strict(sample, name, cut=len(sample) < len(data))
        if text is None:
            continue
        s = _plausibility(text)
        if name == declared and cfg.trust_declared:
            s += _DECLARED_BONUS
        if guesses and name == guesses[0]:
            s += _DETECTOR_BONUS
        if best is None or (s, -rank) > (best[0], best[1]):
            best = (s, -rank, name)
    return best[2] if best else None


def _mostly_utf8(data: bytes) -> bool:
    """Return True for UTF-8 with a few broken bytes (valid multi-byte characters dominate)."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    good = sum(1 for c in text if ord(c) >= 0x80 and c != "\ufffd")
    return good >= 2 and bad <= _UTF8_MAX_ERROR_SHARE * (good + bad)


_NULS = re.compile("\x00+")


def _strip_nul(text: str, encoding: str, offset: int) -> tuple[str, list[Edit]]:
    """Remove NUL characters, one edit per run, with byte offsets found in one pass."""
    if "\x00" not in text:
        return text, []
    edits = []
    width = len("\x00".encode(encoding))
    char_pos, byte_pos = 0, offset
    for m in _NULS.finditer(text):
        byte_pos += len(text[char_pos : m.start()].encode(encoding, errors="replace"))
        end = byte_pos + width * (m.end() - m.start())
        edits.append(Edit(stage="decode", start=byte_pos, end=end, replacement="", reason="NUL byte"))
        char_pos, byte_pos = m.end(), end
    return text.replace("\x00", ""), edits


def decode_and_explain(data: bytes, *, declared: str | None = None,
                       config: DecodeConfig | None = None) -> StageResult:
    """Decode ``data`` to text; record undecodable and NUL bytes as edits.

    Args:
        data: raw bytes.
        declared: charset declared by an HTTP header or meta tag, verified before use.
        config: options; ``None`` uses :class:`~seedclean.config.DecodeConfig` defaults.

    Returns:
        ``StageResult(text, edits, {"encoding": <python codec name>})``; edit
        spans are byte offsets into ``data``.
    """
    cfg = config or DecodeConfig()
    declared_name = _canonical(declared)
    bom = _bom(data)
    offset = 0
    if bom is not None:
        encoding, offset = bom
    else:
        try:
            data.decode("utf-8")
            encoding = "utf-8"
        except UnicodeDecodeError:
            encoding = (_utf16_32_guess(data) or ("utf-8" if _mostly_utf8(data) else None)
                        or _choose(data, declared_name, cfg) or declared_name or "cp1252")
    text, edits = _decode_recording(data[offset:], encoding, offset)
    text, nul_edits = _strip_nul(text, encoding, offset)
    all_edits = tuple(sorted(edits + nul_edits, key=lambda e: e.start))
    if all_edits:
        logger.debug("decode: %d edits (%s)", len(all_edits), encoding)
    return StageResult(text, all_edits, freeze_meta({"encoding": encoding}))


def decode(data: bytes, *, declared: str | None = None, config: DecodeConfig | None = None) -> str:
    """Return ``data`` decoded to text (see :func:`decode_and_explain`).

    >>> decode(b"\\xef\\xbb\\xbfhi")
    'hi'
    """
    return decode_and_explain(data, declared=declared, config=config).text
