"""Repair text that was decoded with the wrong encoding somewhere upstream.

Three repairs run in order, each only where the fast check of
:mod:`seedclean.encoding.suspect` finds something suspicious:

1. single-byte and EUC/GBK codepage confusions (UTF-8 included) chosen by a
   character-level language plausibility model (:mod:`.codepages`,
   :mod:`.langmodel`);
2. UTF-8 mojibake, one or more layers, fragments, with ftfy (:mod:`.utf8`);
   then codepage repair again, up to ``max_layers`` rounds (layered damage);
3. look-alike letters from another script inside a word (:mod:`.homoglyphs`).

Clean text (most of a corpus) is returned as is after one scan.  Every change
is an :class:`~seedclean.document.Edit` with a span in the input text, and
``apply_edits(text, edits) == fix_text(text)``.

Reason vocabulary: ``"<codec> text decoded as <codec>"`` (e.g.
``"cp1251 text decoded as latin-1"``, ``"utf-8 text decoded as cp1252"``,
``"utf-8 text decoded as cp1252 (2 layers)"``),
``"utf-8 fragments decoded as cp1252"``, ``"C1 controls as cp1252"``,
``"<Script> look-alike in <Script> word"``; merged edits join reasons with ``"; "``.

>>> fix_text("1 íîÿáðÿ 2022")
'1 ноября 2022'
>>> fix_and_explain("Peter Мichaelson")[1][0].reason
'Cyrillic look-alike in Latin word'
>>> fix_text("Größe, Þórður, åbne, Paweł, Việt Nam")
'Größe, Þórður, åbne, Paweł, Việt Nam'
"""

from __future__ import annotations

import dataclasses
import logging
import re

from seedclean.config import EncodingConfig
from seedclean.document import Edit

__all__ = ["fix_and_explain", "fix_text"]

logger = logging.getLogger(__name__)

_LINE = re.compile(r"[^\n]*\n|[^\n]+")
_MAX_PASSES = 3  # repair passes at most; two suffice on every case seen


def fix_and_explain(text: str, *, config: EncodingConfig | None = None) -> tuple[str, tuple[Edit, ...]]:
    """Repair mojibake and look-alike letters; return the text and the edits.

    >>> fix_and_explain("plain ASCII stays")
    ('plain ASCII stays', ())

    Args:
        text: the stage input.
        config: options; ``None`` uses :class:`~seedclean.config.EncodingConfig` defaults.

    Returns:
        ``(fixed_text, edits)`` with edit spans in ``text``.
    """
    from seedclean.encoding.edits import compose
    from seedclean.encoding.suspect import is_suspect

    if not is_suspect(text):
        return text, ()
    cfg = config or EncodingConfig()
    fixed, edits = _fix_once(text, cfg)
    # Run to a fixed point (as ftfy does): one repair can uncover another (a line
    # fixed by ftfy next to a codepage-damaged one), and fix_text must be idempotent.
    for _ in range(_MAX_PASSES - 1):
        if not edits or not is_suspect(fixed):
            break
        again, more = _fix_once(fixed, cfg)
        if not more:
            break
        edits = compose(text, edits, fixed, more, again)
        fixed = again
    if edits:
        logger.debug("encoding: %d edits", len(edits))
    return fixed, edits


def _fix_once(text: str, cfg: EncodingConfig) -> tuple[str, tuple[Edit, ...]]:
    """Run one repair pass over the suspicious blocks of ``text``."""
    out: list[str] = []
    edits: list[Edit] = []
    pos = 0
    for start, end in _suspect_blocks(text):
        fixed, block_edits = _fix_block(text[start:end], cfg)
        out.append(text[pos:start])
        out.append(fixed)
        edits.extend(dataclasses.replace(e, start=e.start + start, end=e.end + start) for e in block_edits)
        pos = end
    out.append(text[pos:])
    return "".join(out), tuple(edits)


def _suspect_blocks(text: str) -> list[tuple[int, int]]:
    """Return the spans of runs of suspicious lines (the whole text if no line is).

    Repairs look at these blocks only, so a long clean document with one
    damaged line costs one line's work; a wholly damaged text is one block.
    """
    from seedclean.encoding.suspect import SHORT_TEXT, is_suspect

    blocks: list[tuple[int, int]] = []
    short = len(text) <= SHORT_TEXT
    for m in _LINE.finditer(text):
        if is_suspect(m.group(), short=short):
            if blocks and blocks[-1][1] == m.start():
                blocks[-1] = (blocks[-1][0], m.end())
            else:
                blocks.append((m.start(), m.end()))
    return blocks or [(0, len(text))]


def _fix_block(text: str, cfg: EncodingConfig) -> tuple[str, tuple[Edit, ...]]:
    """Run the repairs on one block, in the better of two orders; return text and edits.

    ftfy first is right for UTF-8 mojibake (its lossy and mixed cases are
    subtle); codepage repair first is right for EUC/GBK mojibake, whose
    fragments ftfy reads as UTF-8 mojibake ("ÂÐ¤" -> "ÂФ") and spoils.  Both
    run and the language model keeps the more plausible text; on a tie, ftfy
    first (never worse than ftfy).
    """
    from seedclean.encoding.langmodel import per_char

    first, ftfy_changed = _pipeline(text, cfg, codepages_first=False)
    if not cfg.codepages or not ftfy_changed:
        return first  # without ftfy changes both orders give the same text
    second, _ = _pipeline(text, cfg, codepages_first=True)
    if second[0] != first[0] and per_char(second[0]) > per_char(first[0]) + cfg.order_margin:
        return second
    return first


def _pipeline(text: str, cfg: EncodingConfig, *,
              codepages_first: bool) -> tuple[tuple[str, tuple[Edit, ...]], bool]:
    """Run codepage repair, ftfy, codepage repair, folding; also say whether ftfy changed anything."""
    from seedclean.encoding import homoglyphs, utf8
    from seedclean.encoding.edits import compose

    edits: tuple[Edit, ...] = ()
    current = text
    if codepages_first:
        current, edits = _codepage_rounds(text, current, edits, cfg, cfg.max_layers)
    nxt, ftfy_step = utf8.repair(current, config=cfg.ftfy)
    if ftfy_step:
        edits = compose(text, edits, current, ftfy_step, nxt)
        current = nxt
    current, edits = _codepage_rounds(text, current, edits, cfg, cfg.max_layers)
    if cfg.homoglyphs:
        nxt, step = homoglyphs.fold(current)
        if step:
            edits = compose(text, edits, current, step, nxt)
            current = nxt
    return (current, edits), bool(ftfy_step)


def _codepage_rounds(text: str, current: str, edits: tuple[Edit, ...], cfg: EncodingConfig,
                     rounds: int) -> tuple[str, tuple[Edit, ...]]:
    """Run codepage repair up to ``rounds`` times; return text and edits on ``text``."""
    from seedclean.encoding import codepages
    from seedclean.encoding.edits import compose
    from seedclean.encoding.suspect import is_suspect

    if not cfg.codepages:
        return current, edits
    for _ in range(rounds):
        if not is_suspect(current):
            break
        nxt, step = codepages.repair(current, config=cfg)
        if not step:
            break
        edits = compose(text, edits, current, step, nxt)
        current = nxt
    return current, edits


def fix_text(text: str, *, config: EncodingConfig | None = None) -> str:
    """Return ``text`` with mojibake and look-alike letters repaired.

    >>> fix_text("cafÃ©")
    'café'
    """
    return fix_and_explain(text, config=config)[0]
