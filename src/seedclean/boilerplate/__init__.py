"""Remove boilerplate (navigation, widgets, footers, teasers) from page dumps.

Input is a page as text, one block per line (a WET record, a scraped dump, the
output of :func:`seedclean.html.html_to_text`).  Each block is scored by a small
model on markup-free features (:mod:`.features`, :mod:`.classify`), the decision is
revised with its neighbours (:mod:`.revise`) and every removed block becomes an
:class:`~seedclean.document.Edit` whose span is the line, its newline and the blank
lines after it.

Reasons (closed vocabulary): ``"navigation"``, ``"footer"``, ``"teaser list"``,
``"short line"``, ``"share widget"``, ``"copyright"``, ``"contact"``,
``"cookie notice"``, ``"go back link"``, ``"view counter"``, ``"site template"``,
``"duplicate line"``, ``"comments"`` (everything below a comment-section heading).

>>> page = ("Home\\nNews\\nSport\\n\\n"
...         "The council approved the new budget on Tuesday after a long debate.\\n\\n"
...         "Members said the plan would fund schools, roads and the city library.\\n\\n"
...         "© 2024 Example Media. All rights reserved.\\n")
>>> print(strip_boilerplate(page), end="")
The council approved the new budget on Tuesday after a long debate.
<BLANKLINE>
Members said the plan would fund schools, roads and the city library.
<BLANKLINE>
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from seedclean.boilerplate.templates import find_template_lines
from seedclean.config import BoilerplateConfig
from seedclean.document import Edit, StageResult, apply_edits

if TYPE_CHECKING:
    from seedclean.boilerplate.features import Block

__all__ = ["find_template_lines", "strip_boilerplate", "strip_boilerplate_and_explain"]

STAGE = "boilerplate"
REASONS: tuple[str, ...] = (
    "navigation", "footer", "teaser list", "short line", "share widget", "copyright", "contact",
    "cookie notice", "go back link", "view counter", "site template", "duplicate line", "comments",
)


def strip_boilerplate_and_explain(text: str, *, config: BoilerplateConfig | None = None,
                                  template_lines: frozenset[str] = frozenset()) -> StageResult:
    """Remove boilerplate blocks from ``text`` and return the text with one edit per block.

    >>> r = strip_boilerplate_and_explain("Share on Facebook\\nThe mayor opened the bridge, "
    ...     "which took four years to build, on a cold Monday morning.\\n")
    >>> [(e.reason, e.before) for e in r.edits]
    [('share widget', 'Share on Facebook\\n')]

    Args:
        text: the page, one block per line.
        config: thresholds (``BoilerplateConfig()`` when ``None``).
        template_lines: normalised lines (see :func:`find_template_lines`) to drop as site
            template.

    Returns:
        ``StageResult`` with the kept text and the edits (stage ``"boilerplate"``); no meta.
    """
    from seedclean.boilerplate.classify import content_scores  # numpy on first use
    from seedclean.boilerplate.features import split_blocks
    from seedclean.boilerplate.revise import decide

    cfg = config or BoilerplateConfig()
    blocks = split_blocks(text)
    removed: dict[int, str] = {}
    alive = list(range(len(blocks)))
    now = blocks
    # Classify again what is left until nothing more goes, so that the output is a fixed
    # point: cleaning it again removes nothing (page-level features change as lines go).
    for _ in range(cfg.max_rounds):
        reasons = decide(now, content_scores(now), cfg, template_lines)
        new = {alive[j]: why for j, why in enumerate(reasons) if why is not None}
        if not new:
            break
        removed.update(new)
        alive = [i for i in alive if i not in new]
        now = _left_blocks(text, blocks, alive)
    edits = _edits(text, blocks, removed)
    return StageResult(apply_edits(text, edits), tuple(edits))


def _left_blocks(text: str, blocks: list[Block], alive: list[int]) -> list[Block]:
    """Return ``split_blocks`` of the text left when only the blocks ``alive`` stay (no re-split).

    A removed block takes its line and the blank lines after it, so a kept block keeps
    the blank lines after it; the line before it is blank when the previous kept block
    had blank lines after it (or nothing is kept before it).

    >>> from seedclean.boilerplate.features import split_blocks
    >>> text = "a\\nb\\n\\nc\\nd\\n"
    >>> _left_blocks(text, split_blocks(text), [0, 2]) == split_blocks("a\\nc\\n")
    True
    """
    from seedclean.boilerplate.features import Block

    out: list[Block] = []
    pos = blocks[0].start if blocks else 0  # the blank lines above the first block stay
    total = pos + sum((blocks[i + 1].start if i + 1 < len(blocks) else len(text)) - blocks[i].start
                      for i in alive)
    prev_after = True
    for k, i in enumerate(alive):
        b = blocks[i]
        span = (blocks[i + 1].start if i + 1 < len(blocks) else len(text)) - b.start
        after = b.blank_after or k == len(alive) - 1
        out.append(Block(k, pos, min(pos + b.end - b.start, total), b.text, after, prev_after))
        prev_after = b.blank_after
        pos += span
    return out


def _edits(text: str, blocks: list[Block], removed: dict[int, str]) -> list[Edit]:
    """Return one removal edit per removed block, in input order.

    A removed duplicate line points (``source``) at the first kept block it copies.
    """
    from seedclean.boilerplate.revise import normalize_line

    first_kept: dict[str, int] = {}
    for i, b in enumerate(blocks):
        if i not in removed:
            first_kept.setdefault(normalize_line(b.text), i)
    edits: list[Edit] = []
    for i in sorted(removed):
        # the span runs over the blank lines after the block, up to the next block's line
        start, end = blocks[i].start, blocks[i + 1].start if i + 1 < len(blocks) else len(text)
        source = None
        if removed[i] == "duplicate line":
            j = first_kept.get(normalize_line(blocks[i].text))
            if j is not None and j < i:
                source = (blocks[j].start, blocks[j].end)
        edits.append(Edit(stage=STAGE, start=start, end=end, replacement="", reason=removed[i],
                          before=text[start:end], source=source))
    return edits


def strip_boilerplate(text: str, *, config: BoilerplateConfig | None = None) -> str:
    """Return ``text`` without its boilerplate blocks (see :func:`strip_boilerplate_and_explain`).

    >>> strip_boilerplate("")
    ''
    """
    return strip_boilerplate_and_explain(text, config=config).text
