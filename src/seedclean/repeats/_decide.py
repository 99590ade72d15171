"""Decide which matched lines and sentences to remove, from their context.

Lines are grouped into *runs*: consecutive lines that repeat earlier text, with
at most ``max_gap_lines`` short unmatched lines between two of them.  A run is

* a **copy** (print copy, quoted passage) when it copies at least
  ``copy_min_sources`` different earlier lines and holds a prose line (more than
  ``verse_max_tokens`` tokens): all of it goes, short changed lines inside it
  (a re-encoded date, another byline) included;
* a **refrain** when it copies several different lines that are all short: kept;
* otherwise each repeated line is judged alone: a long line goes if it adds
  almost no new words, a short line goes only if it is a stand-alone title
  (at least ``title_min_tokens`` tokens, no new words, not inside verse).

A sentence repeated inside a line that is otherwise new goes when it has at
least ``min_sentence_tokens`` tokens.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from seedclean.config import RepeatsConfig
from seedclean.repeats._match import Match
from seedclean.repeats._units import Doc

__all__ = ["Plan", "plan_removals"]


@dataclass(slots=True)
class Plan:
    """Collect what to remove: whole lines (with reasons) and single units."""

    lines: dict[int, str] = field(default_factory=dict)
    units: set[int] = field(default_factory=set)


@dataclass(slots=True)
class _LineInfo:
    """Summarise one line's matches."""

    coverage: float
    sources: frozenset[int]
    new_words: int
    matched: tuple[int, ...]


def _line_infos(doc: Doc, matches: dict[int, Match]) -> list[_LineInfo]:
    """Return, per line, the share of tokens in matched units and their source lines."""
    infos = []
    for ln in doc.lines:
        hit = tuple(u for u in ln.units if u in matches)
        covered = sum(len(doc.units[u].tokens) for u in hit)
        new = sum(matches[u].new_words for u in hit)
        new += sum(len(doc.units[u].tokens) for u in ln.units if u not in matches)
        sources = frozenset(doc.units[matches[u].source].line for u in hit)
        infos.append(_LineInfo(covered / max(ln.n_tokens, 1), sources, new, hit))
    return infos


def _runs(doc: Doc, infos: list[_LineInfo], cfg: RepeatsConfig) -> list[tuple[list[int], list[int]]]:
    """Group repeated lines into runs; return (repeated lines, gap lines) per run."""
    runs: list[tuple[list[int], list[int]]] = []
    cur: list[int] = []
    gap: list[int] = []
    gaps: list[int] = []
    for i, info in enumerate(infos):
        if info.matched:
            if cur and len(gap) > cfg.max_gap_lines:
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
    for j in (k - 1, k + 1):
        if 0 <= j < len(infos) and j not in skip and not infos[j].matched:
            if 0 < doc.lines[j].n_tokens <= cfg.verse_max_tokens:
                return True
    return False


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
            plan.lines[i] = "repeat of earlier block"
            return
        if n >= cfg.title_min_tokens and not _verse_context(doc, infos, i, cfg):
            plan.lines[i] = "repeated line"
        return
    for u in info.matched:
        n_u = len(doc.units[u].tokens)
        if n_u >= cfg.min_sentence_tokens and matches[u].new_words <= cfg.max_new_word_share * n_u:
            plan.units.add(u)


def plan_removals(doc: Doc, matches: dict[int, Match], cfg: RepeatsConfig) -> Plan:
    """Return the lines and units to remove.

    Args:
        doc: the segmented text.
        matches: unit repeats found by :func:`~seedclean.repeats._match.find_matches`.
        cfg: thresholds.

    Returns:
        The removal plan.
    """
    infos = _line_infos(doc, matches)
    plan = Plan()
    for lines, gaps in _runs(doc, infos, cfg):
        sources = frozenset().union(*(infos[i].sources for i in lines))
        full = [i for i in lines if infos[i].coverage >= cfg.min_overlap]
        prose = any(doc.lines[i].n_tokens > cfg.verse_max_tokens for i in full)
        if len(sources) >= cfg.copy_min_sources and prose:
            for i in lines:
                if i in full:
                    plan.lines[i] = "repeat of earlier block"
                else:
                    plan.units.update(infos[i].matched)
            for i in gaps:
                plan.lines[i] = "changed line inside repeated copy"
        elif len(sources) >= cfg.copy_min_sources and len(full) >= 2:
            continue  # a refrain or a repeated list: legitimate
        else:
            for i in lines:
                _judge_alone(doc, matches, infos, i, cfg, plan)
    return plan
