"""Repair UTF-8 mojibake with ftfy, line by line, with minimal recorded edits.

Only ftfy's encoding fixes run (no HTML unescaping, quote uncurling, width or
line-break changes, no normalisation): this stage repairs encodings and leaves
correct text alone.  Each changed line is diffed against its repair, so an edit
covers only what changed (``cafÃ©`` -> ``café`` is one two-character edit).

Reasons: ``"utf-8 text decoded as <codec>"`` (``"... (2 layers)"`` for more),
``"utf-8 fragments decoded as <codec>"``, ``"C1 controls as cp1252"`` and
``"ftfy <fixer>"`` for any other ftfy step.

>>> repair("cafÃ© au lait")[0]
'café au lait'
"""

from __future__ import annotations

import difflib
import functools
import re
from typing import Any

from seedclean.document import Edit

__all__ = ["ftfy_config", "repair"]

# Lines end at "\n" only: str.splitlines would also cut at U+0085, which is
# part of Latin-1 mojibake ("â\x80\x85").
_LINE = re.compile(r"[^\n]*\n|[^\n]+")

_CODEC_NAMES = {
    "sloppy-windows-1252": "cp1252", "sloppy-windows-1251": "cp1251", "sloppy-windows-1250": "cp1250",
    "windows-1252": "cp1252", "latin-1": "latin-1", "iso-8859-2": "iso-8859-2", "macroman": "mac_roman",
    "cp437": "cp437",
}


@functools.cache
def ftfy_config() -> Any:
    """Return ftfy's options restricted to encoding repair."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False, remove_terminal_escapes=False, fix_latin_ligatures=False,
        fix_character_width=False, uncurl_quotes=False, fix_line_breaks=False,
        remove_control_chars=False, normalization=None, explain=True,
    )


def _reason(explanation: list[Any]) -> str:
    encodes = [p for a, p in explanation if a == "encode"]
    decodes = [p for a, p in explanation if a == "decode"]
    applied = [p for a, p in explanation if a in ("apply", "transcode")]
    if encodes and decodes:
        codec = _CODEC_NAMES.get(encodes[0], encodes[0])
        layers = f" ({len(encodes)} layers)" if len(encodes) > 1 else ""
        return f"{decodes[-1]} text decoded as {codec}{layers}"
    if "decode_inconsistent_utf8" in applied:
        return "utf-8 fragments decoded as cp1252"
    if "fix_c1_controls" in applied:
        return "C1 controls as cp1252"
    return "ftfy " + (applied[0] if applied else "fix")


def _diff(before: str, after: str, offset: int, reason: str) -> list[Edit]:
    sm = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return [
        Edit(stage="encoding", start=offset + i1, end=offset + i2, replacement=after[j1:j2],
             reason=reason, before=before[i1:i2])
        for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"
    ]


def repair(text: str, *, config: Any = None) -> tuple[str, tuple[Edit, ...]]:
    """Run ftfy's encoding fixes on each suspicious line; return text and edits.

    Args:
        text: text that may hold UTF-8 mojibake.
        config: an ``ftfy.TextFixerConfig`` (None: :func:`ftfy_config`).
    """
    import ftfy

    from seedclean.encoding.suspect import is_suspect

    cfg = config if config is not None else ftfy_config()
    if not cfg.explain:
        cfg = cfg._replace(explain=True)
    out: list[str] = []
    edits: list[Edit] = []
    pos = 0
    for line in (m.group() for m in _LINE.finditer(text)):
        fixed = line
        if is_suspect(line):
            res = ftfy.fix_and_explain(line, cfg)
            fixed = res.text
            if fixed != line:
                edits.extend(_diff(line, fixed, pos, _reason(res.explanation or [])))
        out.append(fixed)
        pos += len(line)
    return "".join(out), tuple(edits)
