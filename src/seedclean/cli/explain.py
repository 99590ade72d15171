"""Implement ``seedclean explain FILE``: show what each stage removed or changed, and why.

The view shows the page as the boilerplate stage saw it, one line per block:
``  `` kept, ``- [reason]`` removed.  Lines removed later as repeats point to
the line they copy.  Character-level repairs (encoding) are listed as
``before -> after (reason)``; metadata found is listed at the top.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence

from seedclean.document import Document, Edit

__all__ = ["format_explanation", "register", "run"]

MAX_SHOWN = 160  # characters of a long line shown in the view


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``explain`` subcommand."""
    p = sub.add_parser("explain", help="show each removed or changed span and the reason",
                       description="Clean one document and show what was removed or changed, and why.")
    p.add_argument("file", help="a text/HTML file, or '-' for stdin")
    p.add_argument("--json", action="store_true", help="print the document and its edits as JSON")
    p.add_argument("--full", action="store_true", help="do not shorten long lines")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Clean the file and print the explanation."""
    from seedclean.cli import EXIT_FAILED
    from seedclean.decoding import decode
    from seedclean.io.readers import iter_records
    from seedclean.pipeline import clean

    recs = list(iter_records([args.file]))
    if not recs:
        print(f"seedclean: error: {args.file}: no document found", file=sys.stderr)
        return EXIT_FAILED
    failed = 0
    for rec in recs:
        if rec.error is not None:
            print(f"seedclean: error: {rec.where}: {rec.error}", file=sys.stderr)
            failed += 1
            continue
        data = rec.text if rec.text is not None else (rec.data or b"")
        doc = clean(data, id=rec.id)
        if args.json:
            print(json.dumps(doc.to_dict(with_edits=True), ensure_ascii=False, indent=1))
        else:
            base = data if isinstance(data, str) else decode(data)
            print(format_explanation(doc, base, full=args.full))
    return EXIT_FAILED if failed else 0


def _short(s: str, full: bool) -> str:
    s = s.replace("\n", "⏎")
    return s if full or len(s) <= MAX_SHOWN else s[: MAX_SHOWN - 1] + "…"


def _line_of(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _line_marks(text: str, edits: Iterable[Edit]) -> dict[int, str]:
    marks: dict[int, str] = {}
    for e in edits:
        first, last = _line_of(text, e.start), _line_of(text, max(e.start, e.end - 1))
        tag = e.reason
        if e.source is not None:
            tag += f" (copies line {_line_of(text, e.source[0])})"
        for n in range(first, last + 1):
            marks.setdefault(n, tag)
    return marks


def format_explanation(doc: Document, base: str, *, full: bool = False) -> str:
    """Render a document's edits for a person: metadata, repairs, then the marked page.

    Args:
        doc: the cleaned document.
        base: the text the pipeline started from (the decoded input).
        full: show long lines whole.
    """
    out: list[str] = [f"== {doc.id or '<document>'}"]
    if doc.dropped:
        out.append(f"   DROPPED: {doc.dropped}")
    for k, v in doc.meta.items():
        out.append(f"   meta {k}: {v}")
    stages = _by_stage(doc.edits)
    for e in stages.get("decode", []):
        out.append(f"   decode: bytes {e.start}-{e.end} ({e.reason})")
    for e in stages.get("encoding", []):
        out.append(f"   repair: {_short(e.before, full)!r} -> {_short(e.replacement, full)!r} ({e.reason})")
    for e in stages.get("meta", []):
        out.append(f"   moved to meta: {_short(e.before, full)!r} ({e.reason})")
    out.append(_marked_page(base, doc, stages, full))
    ws = len(stages.get("whitespace", []))
    if ws:
        out.append(f"   ({ws} whitespace edits not shown)")
    return "\n".join(out)


def _by_stage(edits: Sequence[Edit]) -> dict[str, list[Edit]]:
    groups: dict[str, list[Edit]] = {}
    for e in edits:
        groups.setdefault(e.stage, []).append(e)
    return groups


def _marked_page(base: str, doc: Document, stages: dict[str, list[Edit]], full: bool) -> str:
    from seedclean.document import apply_edits, replay

    # Rebuild the boilerplate stage's input by replaying the stages before it.
    bp_in = replay(base, [e for e in doc.edits if e.stage in ("html", "encoding", "meta")])
    bp = stages.get("boilerplate", [])
    rp_in = apply_edits(bp_in, bp)
    lines_bp = _line_marks(bp_in, bp)
    lines_rp = _line_marks(rp_in, stages.get("repeats", []))
    out = ["-" * 60]
    rp_line = 0
    for n, line in enumerate(bp_in.split("\n"), start=1):
        if n in lines_bp:
            out.append(f"- [{lines_bp[n]}] {_short(line, full)}")
            continue
        rp_line += 1
        if rp_line in lines_rp:
            out.append(f"- [{lines_rp[rp_line]}] {_short(line, full)}")
        elif line.strip():
            out.append(f"  {_short(line, full)}")
    out.append("-" * 60)
    return "\n".join(out)
