"""Decide which matched lines and sentences to remove, from their context.

Lines are grouped into *runs*: consecutive lines that repeat earlier text, with
at most ``max_gap_lines`` short new lines between two of them (short lines that
were printed before, and punctuation-only lines, do not count), as long as the
copied text goes on forward in order.  A run is

* a **copy** (print copy, quoted passage) when it copies at least
  ``copy_min_sources`` different earlier lines and holds a prose line (more than
  ``verse_max_tokens`` tokens): all of it goes, short changed lines inside it
  (a re-encoded date, another byline) included, and so do the lines at its two
  ends that equal, in order, the lines around the copied text (a list of
  one-word items, a heading);
* a **refrain** when it copies several different lines that are all short: kept;
* otherwise each repeated line is judged alone: a long line goes if it adds
  almost no new words, a short line goes only if it is a stand-alone title
  (at least ``title_min_tokens`` tokens, no new words, not inside verse).

Copied sentences inside a line that is otherwise new go when together they
have at least ``min_sentence_tokens`` tokens (see :mod:`._partial`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seedclean.config import RepeatsConfig
from seedclean.repeats._match import Match
from seedclean.repeats._partial import copied_stretches
from seedclean.repeats._units import Doc, Line

__all__ = ["Plan", "plan_removals"]


Span = tuple[int, int]
_MAX_KEPT = 16  # earlier copies of one line kept as possible sources (bounds the work)


@dataclass(slots=True)
class Plan:
    """Collect what to remove: whole lines (reason, source span) and parts of lines."""

    lines: dict[int, tuple[str, Span | None]] = field(default_factory=dict)
    spans: list[tuple[Span, Span | None]] = field(default_factory=list)  # copied parts of kept lines


@dataclass(slots=True)
class _LineInfo:
    """Summarise one line's matches."""

    coverage: float
    sources: frozenset[int]
    new_words: int
    matched: tuple[int, ...]
    source_span: Span | None
    anchor: bool  # enough of the line repeats to tie it to a run of repeated lines


def _is_subsequence(short: tuple[str, ...], long: tuple[str, ...]) -> bool:
    """Tell whether ``short`` occurs in ``long`` in order (gaps allowed)."""
    it = iter(long)
    return all(t in it for t in short)


def _words_of(doc: Doc, ln: Line) -> tuple[str, ...]:
    """Return the tokens of line ``ln`` (all its units' tokens, in order)."""
    if len(ln.units) == 1:
        return doc.units[ln.units[0]].tokens
    return tuple(t for u in ln.units for t in doc.units[u].tokens)


def _line_repeats(doc: Doc, cfg: RepeatsConfig) -> dict[int, list[int]]:
    """Map lines equal to earlier lines up to added or dropped numbers (a date) to those."""
    groups: dict[tuple[str, ...], list[tuple[int, tuple[str, ...]]]] = {}
    out: dict[int, list[int]] = {}
    for i, ln in enumerate(doc.lines):
        if ln.n_tokens > cfg.max_unit_tokens or ln.n_tokens < cfg.title_min_tokens:
            continue  # paragraphs are matched sentence by sentence; this is for short lines
        toks = _words_of(doc, ln)
        nums = tuple(t for t in toks if t.isdigit())
        words = tuple(t for t in toks if not t.isdigit()) if nums else toks
        if len(words) < cfg.title_min_tokens:
            continue
        earlier = groups.setdefault(words, [])
        hits = [j for j, other in earlier if nums == other or _is_subsequence(nums, other)
                or _is_subsequence(other, nums)]
        if hits:
            out[i] = hits
        if len(earlier) < _MAX_KEPT:  # bounded: 50k equal lines stay linear
            earlier.append((i, nums))
    return out


def _span_of(doc: Doc, units: list[int]) -> Span | None:
    """Return the span from the first to the last of ``units``."""
    if not units:
        return None
    return min(doc.units[u].start for u in units), max(doc.units[u].end for u in units)


def _choose_sources(doc: Doc, matches: dict[int, Match], hit: tuple[int, ...], prev: int) -> list[int]:
    """Return a source unit per matched unit, preferring the copy the line follows.

    A sentence seen several times before takes its source from a line the line's
    other sentences copy, else the first at or after the previous line's source.
    """
    fixed = {doc.units[matches[u].source].line for u in hit if not matches[u].alts}
    out = []
    for u in hit:
        m = matches[u]
        if not m.alts:
            out.append(m.source)
            continue
        options = [m.source, *m.alts]
        pick = next((v for v in options if doc.units[v].line in fixed), None)
        if pick is None:
            pick = next((v for v in options if doc.units[v].line >= prev), m.source)
        out.append(pick)
    return out


def _line_infos(doc: Doc, matches: dict[int, Match], cfg: RepeatsConfig) -> list[_LineInfo]:
    """Return, per line, the share of tokens in matched units and their source lines.

    A line printed several times before gets as source the first copy at or after the
    previous line's source, so a copy of a passage that itself repeats a refrain keeps
    following the passage in order.
    """
    whole = _line_repeats(doc, cfg)
    infos = []
    prev = 0
    for i, ln in enumerate(doc.lines):
        if i in whole:
            j = next((c for c in whole[i] if c >= prev), whole[i][0])
            src = doc.lines[j]
            infos.append(_LineInfo(1.0, frozenset({j}), 0, ln.units, (src.start, src.end), True))
            prev = j
            continue
        hit = tuple(u for u in ln.units if u in matches)
        if not hit:  # nothing of the line repeats: no coverage, all its tokens new
            infos.append(_LineInfo(0.0, frozenset(), ln.n_tokens, (), None, False))
            continue
        covered = sum(len(doc.units[u].tokens) - matches[u].new_words for u in hit)
        new = sum(matches[u].new_words for u in hit)
        new += sum(len(doc.units[u].tokens) for u in ln.units if u not in matches)
        chosen = _choose_sources(doc, matches, hit, prev)
        sources = frozenset(doc.units[v].line for v in chosen)
        span = _span_of(doc, chosen)
        coverage = covered / max(ln.n_tokens, 1)
        # A sentence copied whole ties the line to a copy; one quoted inside new words does not.
        anchor = coverage >= cfg.min_overlap or any(
            len(doc.units[u].tokens) >= cfg.min_tokens
            and matches[u].new_words <= cfg.max_new_word_share * len(doc.units[u].tokens) for u in hit)
        infos.append(_LineInfo(coverage, sources, new, hit, span, anchor and bool(hit)))
        prev = max(sources, default=prev)
    return infos


def _continues(doc: Doc, infos: list[_LineInfo], run: list[int], i: int, gap: list[int],
               cfg: RepeatsConfig) -> bool:
    """Tell whether repeated line ``i`` continues the copy made by the lines of ``run``.

    Lines of a stanza that follow each other directly always do (they may copy
    different printings of a refrain).  Otherwise the copy must go on forward in
    the source, skipping only short source lines (the counterparts of changed
    dates or bylines), at most ``max_gap_lines`` more than the new lines in between.
    """
    prev = run[-1]
    if min(infos[i].sources) >= run[0]:
        return False  # a copy copies what came before it, not itself
    short = cfg.verse_max_tokens
    if not gap and max(doc.lines[i].n_tokens, doc.lines[prev].n_tokens) <= short:
        return True
    a, b = max(infos[prev].sources), min(infos[i].sources)
    if b < a or (gap and b == a):  # halves of one split paragraph follow each other directly
        return False
    # Skipped source lines that are repeats themselves (a title shown twice) do not count;
    # the scan stops early, so a far jump costs no more than the allowed gap.
    allowed = len(gap) + cfg.max_gap_lines
    for k in range(a + 1, b):
        if infos[k].anchor:
            continue
        allowed -= 1
        if allowed < 0 or doc.lines[k].n_tokens > cfg.max_gap_tokens:
            return False
    return True


def _echoes(doc: Doc) -> set[int]:
    """Return the lines equal to an earlier line (same tokens, or same text if none)."""
    seen: set[object] = set()
    out = set()
    for i, ln in enumerate(doc.lines):
        words = _words_of(doc, ln)
        key: object = words or doc.text[ln.start : ln.end].strip()
        if key in seen:
            out.add(i)
        seen.add(key)
    return out


def _runs(doc: Doc, infos: list[_LineInfo], cfg: RepeatsConfig) -> list[tuple[list[int], list[int]]]:
    """Group repeated lines into runs; return (repeated lines, gap lines) per run.

    A run ends at a long new line, after more than ``max_gap_lines`` short new lines,
    or where the copied text does not go on (see :func:`_continues`).
    """
    echoes = _echoes(doc)
    runs: list[tuple[list[int], list[int]]] = []
    cur: list[int] = []
    gap: list[int] = []
    gaps: list[int] = []
    for i, info in enumerate(infos):
        if info.anchor:
            # A rule or a dash line ("—", "* * *") inside a copy goes with it and counts for
            # nothing, nor does a short line printed before ("Yes.", a one-word list item).
            gap_lines = sum(1 for k in gap if doc.lines[k].n_tokens and k not in echoes)
            if cur and (gap_lines > cfg.max_gap_lines or not _continues(doc, infos, cur, i, gap, cfg)):
                runs.append((cur, gaps))
                cur, gaps = [], []
            gaps.extend(gap if cur else [])
            cur.append(i)
            gap = []
        elif cur and doc.lines[i].n_tokens <= cfg.max_gap_tokens:
            gap.append(i)
        elif cur:
            runs.append((cur, gaps))
            cur, gap, gaps = [], [], []
    if cur:
        runs.append((cur, gaps))
    return runs


def _short_new_neighbour(doc: Doc, infos: list[_LineInfo], k: int, skip: frozenset[int],
                         cfg: RepeatsConfig) -> bool:
    """Tell whether line ``k`` has a short, unrepeated neighbour outside ``skip``."""
    return any(0 <= j < len(infos) and j not in skip and not infos[j].anchor
               and 0 < doc.lines[j].n_tokens <= cfg.verse_max_tokens for j in (k - 1, k + 1))


def _verse_context(doc: Doc, infos: list[_LineInfo], i: int, cfg: RepeatsConfig) -> bool:
    """Tell whether line ``i`` and its source both stand among short new lines (a poem)."""
    skip = infos[i].sources | {i}
    return _short_new_neighbour(doc, infos, i, skip, cfg) and any(
        _short_new_neighbour(doc, infos, s, skip, cfg) for s in infos[i].sources)


def _judge_alone(doc: Doc, matches: dict[int, Match], infos: list[_LineInfo], i: int,
                 cfg: RepeatsConfig, plan: Plan) -> None:
    """Decide on one repeated line outside any copy run."""
    info, n = infos[i], doc.lines[i].n_tokens
    if info.coverage >= cfg.min_overlap and info.new_words <= cfg.max_new_word_share * n:
        if n >= cfg.min_tokens:
            plan.lines[i] = ("repeat of earlier block", info.source_span)
            return
        # A title printed again copies (most of) a whole earlier line, not a phrase inside one.
        whole = sum(doc.lines[s].n_tokens for s in info.sources) * cfg.min_overlap <= n
        if n >= cfg.title_min_tokens and whole and not _verse_context(doc, infos, i, cfg):
            plan.lines[i] = ("repeated line", info.source_span)
        return
    _remove_parts(doc, matches, i, cfg.min_sentence_tokens, cfg, plan)


def _remove_parts(doc: Doc, matches: dict[int, Match], i: int, min_tokens: int, cfg: RepeatsConfig,
                  plan: Plan) -> None:
    """Plan the removal of the copied stretches of line ``i``."""
    for span, units in copied_stretches(doc, matches, i, min_tokens, cfg):
        plan.spans.append((span, _span_of(doc, [matches[u].source for u in units if u in matches])))


def _gap_source(doc: Doc, infos: list[_LineInfo], i: int) -> Span | None:
    """Return the text between the sources of the repeated lines around gap line ``i``."""
    prev = next((infos[j].source_span for j in range(i - 1, -1, -1) if infos[j].anchor), None)
    nxt = next((infos[j].source_span for j in range(i + 1, len(infos)) if infos[j].anchor), None)
    if prev is not None and nxt is not None and prev[1] < nxt[0]:
        seg = doc.text[prev[1] : nxt[0]]
        body = seg.strip()
        a = prev[1] + len(seg) - len(seg.lstrip())
        if body and a + len(body) <= doc.lines[i].start:
            return a, a + len(body)
    return prev or nxt


def _same_line(doc: Doc, i: int, j: int) -> bool:
    """Tell whether lines ``i`` and ``j`` hold the same tokens (the same text if none)."""
    a, b = doc.lines[i], doc.lines[j]
    if a.n_tokens != b.n_tokens:
        return False
    if a.n_tokens == 0:
        return doc.text[a.start : a.end].strip() == doc.text[b.start : b.end].strip()
    def words(line: Line) -> list[str]:
        return [t for u in line.units for t in doc.units[u].tokens]

    return words(a) == words(b)


def _edges(doc: Doc, infos: list[_LineInfo], run: list[int]) -> list[tuple[int, int]]:
    """Return (line, its source line) for lines around a copy that equal the lines around its source.

    Short lines ("Yes.", a list of one-word items, a heading) are no evidence of a copy
    on their own, but next to one they are part of it when they repeat, in order, the
    lines next to the copied text: the exact alignment fixes the copy's first and last line.
    """
    out = []
    last, src = run[-1], max(infos[run[-1]].sources)
    k = 1
    while last + k < len(infos) and src + k < run[0] and not infos[last + k].matched and _same_line(
            doc, last + k, src + k):
        out.append((last + k, src + k))
        k += 1
    first, src = run[0], min(infos[run[0]].sources)
    k = 1
    while src - k >= 0 and first - k > src and not infos[first - k].matched and _same_line(
            doc, first - k, src - k):
        out.append((first - k, src - k))
        k += 1
    return out


def plan_removals(doc: Doc, matches: dict[int, Match], cfg: RepeatsConfig) -> Plan:
    """Return the lines and units to remove.

    Args:
        doc: the segmented text.
        matches: unit repeats found by :func:`~seedclean.repeats._match.find_matches`.
        cfg: thresholds.

    Returns:
        The removal plan.
    """
    infos = _line_infos(doc, matches, cfg)
    plan = Plan()
    runs = _runs(doc, infos, cfg)
    in_runs = {i for lines, _ in runs for i in lines}
    for i, info in enumerate(infos):
        if info.matched and i not in in_runs:  # only quoted or recurring sentences in a new line
            _remove_parts(doc, matches, i, cfg.min_sentence_tokens, cfg, plan)
    for lines, gaps in runs:
        sources = frozenset().union(*(infos[i].sources for i in lines))
        full = [i for i in lines if infos[i].coverage >= cfg.min_overlap]
        prose = any(doc.lines[i].n_tokens > cfg.verse_max_tokens for i in full)
        if len(sources) >= cfg.copy_min_sources and prose:
            for i in lines:
                if i in full:
                    plan.lines[i] = ("repeat of earlier block", infos[i].source_span)
                else:
                    _remove_parts(doc, matches, i, cfg.min_tokens, cfg, plan)
            for i in gaps:
                plan.lines[i] = ("changed line inside repeated copy", _gap_source(doc, infos, i))
            for i, j in _edges(doc, infos, lines):
                source = (doc.lines[j].start, doc.lines[j].end)
                plan.lines.setdefault(i, ("repeat of earlier block", source))
        elif len(sources) >= cfg.copy_min_sources and len(full) >= 2:
            continue  # a refrain or a repeated list: legitimate
        else:
            for i in lines:
                _judge_alone(doc, matches, infos, i, cfg, plan)
    return plan
