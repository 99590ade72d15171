"""Normalise whitespace: the last stage of the pipeline.

Line endings become ``\\n``; control characters, trailing spaces, leading and
trailing blank lines go; runs of blank lines become one; the text ends with one
newline unless it is empty.  Each changed line gives one edit, shrunk to the
characters that differ.  Reason: ``"whitespace"`` (one reason: these edits are
cosmetic and a user never needs to tell them apart).

>>> normalise_whitespace_and_explain("\\n\\nA  \\r\\n\\n\\n\\nB").text
'A\\n\\nB\\n'
"""

from __future__ import annotations

import re

from seedclean.document import Edit, StageResult

__all__ = ["normalise_controls_and_explain", "normalise_whitespace", "normalise_whitespace_and_explain"]

STAGE = "whitespace"
_PREP = re.compile(r"\r\n?|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufeff]+")
_LINE = re.compile(r"([^\r\n]*)(\r\n|\r|\n|\Z)")
# C0 controls other than tab, DEL, and the BOM / zero-width no-break space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ufeff]")


def _shrunk_edit(text: str, start: int, end: int, new: str) -> Edit:
    old = text[start:end]
    p = 0
    limit = min(len(old), len(new))
    while p < limit and old[p] == new[p]:
        p += 1
    s = 0
    while s < limit - p and old[len(old) - 1 - s] == new[len(new) - 1 - s]:
        s += 1
    return Edit(stage=STAGE, start=start + p, end=end - s, replacement=new[p : len(new) - s],
                reason="whitespace", before=old[p : len(old) - s])


def normalise_whitespace_and_explain(text: str) -> StageResult:
    """Normalise line endings, control characters and blank lines; record each edit."""
    lines: list[tuple[int, int, str]] = []  # (start, end incl. terminator, cleaned content)
    for m in _LINE.finditer(text):
        if m.start() == m.end():
            break
        content = _CONTROL.sub("", m.group(1)).rstrip()
        lines.append((m.start(), m.end(), content))
    last_content = max((i for i, (_, _, c) in enumerate(lines) if c.strip()), default=-1)
    edits: list[Edit] = []
    out: list[str] = []
    prev_blank = True  # drops leading blank lines
    for i, (start, end, content) in enumerate(lines):
        blank = not content.strip()
        dropped = blank and (prev_blank or i > last_content)
        new = "" if dropped else ("" if blank else content) + "\n"
        prev_blank = blank
        if text[start:end] != new:
            edits.append(_shrunk_edit(text, start, end, new))
        out.append(new)
    return StageResult("".join(out), tuple(edits))


def normalise_controls_and_explain(text: str) -> StageResult:
    """Turn ``\\r\\n`` and lone ``\\r`` into ``\\n`` and drop control characters (stage ``"controls"``).

    The pipeline runs this first, so that every later stage sees the same lines and
    characters on a first and a second pass (a control character removed only at
    the end could join two fragments that an earlier stage would then repair).
    Reasons: ``"line ending"``, ``"control character"``.

    >>> normalise_controls_and_explain("a\\r\\nb\\rc\\x1fd").text
    'a\\nb\\ncd'
    """
    if "\r" not in text and not _CONTROL.search(text):
        return StageResult(text)
    edits = []
    for m in _PREP.finditer(text):
        is_cr = m.group()[0] == "\r"
        edits.append(Edit(stage="controls", start=m.start(), end=m.end(), replacement="\n" if is_cr else "",
                          reason="line ending" if is_cr else "control character", before=m.group()))
    from seedclean.document import apply_edits

    return StageResult(apply_edits(text, edits), tuple(edits))


def normalise_whitespace(text: str) -> str:
    """Return ``text`` with whitespace normalised (see the module docstring).

    >>> normalise_whitespace("a \\n\\n\\n\\nb")
    'a\\n\\nb\\n'
    """
    return normalise_whitespace_and_explain(text).text
