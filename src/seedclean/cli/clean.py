"""Implement ``seedclean clean PATH... [-o OUT]``: clean files, directories, JSONL, Parquet and stdin."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from seedclean.config import CleanConfig
from seedclean.engines import add_engine_arguments, clean_runner

__all__ = ["format_summary", "register", "run"]


def _positive_int(text: str) -> int:
    try:
        n = int(text)
    except ValueError:
        n = 0
    if n < 1:
        msg = f"must be a whole number >= 1, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return n


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``clean`` subcommand."""
    p = sub.add_parser(
        "clean", help="clean documents (files, directories, JSONL, Parquet, '-' for stdin)",
        description="Clean documents: repair encoding, move metadata out, strip boilerplate and "
                    "repeated blocks, drop near-duplicate documents. '-' reads stdin and writes "
                    "the cleaned text to stdout. Every input document is either written under -o "
                    "or listed with its reason in OUT/dropped.jsonl.")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="file, directory, .jsonl[.gz|.zst], .parquet, or -")
    p.add_argument("-o", "--output", type=Path, help="output directory (default: print to stdout)")
    p.add_argument("-j", "--jobs", type=_positive_int, default=None,
                   help="worker processes (default: all cores); the output is the same for any value")
    p.add_argument("--no-dedup", action="store_true", help="keep near-duplicate documents")
    p.add_argument("--no-templates", action="store_true", help="do not remove cross-page template lines")
    p.add_argument("--threshold", type=float, default=None, help="near-duplicate Jaccard threshold (0.8)")
    p.add_argument("--max-bytes", type=_positive_int, default=None,
                   help="refuse records larger than this (default 256 MiB); they go to dropped.jsonl")
    p.add_argument("--shard-size", type=_positive_int, default=None,
                   help="records per JSONL/Parquet output shard (default: one output file per input)")
    p.add_argument("--resume", action="store_true",
                   help="continue a killed run: same command, same -o; the output is the same")
    p.add_argument("--strict", action="store_true", help="stop at the first input that fails")
    p.add_argument("--report", type=Path, metavar="DIR", help="write report.json and report.html to DIR")
    p.add_argument("-q", "--quiet", action="store_true", help="print no summary and no progress bar")
    add_engine_arguments(p)
    p.set_defaults(func=run)


def _config(args: argparse.Namespace) -> CleanConfig:
    cfg = CleanConfig()
    if args.threshold is not None:
        cfg = dataclasses.replace(cfg, neardup=dataclasses.replace(cfg.neardup, threshold=args.threshold))
    if args.max_bytes is not None:
        cfg = dataclasses.replace(cfg, max_bytes=args.max_bytes)
    return cfg


def _progress_bar(quiet: bool) -> tuple[Callable[[int, int | None], None] | None, Callable[[], None]]:
    """Return a progress callback drawing a bar on a terminal (none when piped or quiet)."""
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    try:
        from tqdm import tqdm
    except ImportError:
        return None, lambda: None
    bar: Any = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, leave=False)

    def update(done: int, total: int | None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(done - bar.n)

    return update, bar.close


def run(args: argparse.Namespace) -> int:
    """Clean the inputs, write the outputs and print a summary."""
    from seedclean.cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE
    from seedclean.corpus import RunOptions

    if args.resume and args.output is None:
        print("seedclean: error: --resume needs -o (the run's state lives there)", file=sys.stderr)
        return EXIT_USAGE
    cfg = _config(args)
    run_clean = clean_runner(args)  # seedclean.corpus.run_clean, or its Dask twin for --engine dask
    stdin_only = args.paths == ["-"] and args.output is None
    opts = RunOptions(jobs=1 if stdin_only else args.jobs, dedup=not args.no_dedup and not stdin_only,
                      templates=not args.no_templates and not stdin_only, resume=args.resume,
                      strict=args.strict, shard_size=args.shard_size)
    progress, close_bar = _progress_bar(args.quiet or stdin_only)

    def on_error(msg: str) -> None:
        print(f"seedclean: error: {msg}", file=sys.stderr)

    try:
        result = run_clean(args.paths, args.output, cfg, opts, stdout=sys.stdout, progress=progress,
                           on_error=on_error)
    finally:
        close_bar()
    sys.stdout.flush()
    if args.report is not None:
        from seedclean.report import write_report

        write_report(args.report, result, config=cfg, options=opts)
    if not args.quiet and not stdin_only:
        print(format_summary(result.summary, args.output), file=sys.stdout if args.output else sys.stderr)
    return EXIT_FAILED if result.summary.failed else EXIT_OK


def format_summary(s: object, out: Path | None) -> str:
    """Render the one-screen run summary."""
    from seedclean.corpus import RunSummary

    assert isinstance(s, RunSummary)
    lines = [f"seedclean: {s.docs_in} documents in, {s.kept} kept, {s.dropped} dropped"
             f" ({s.failed} failed); size {s.chars_in:,} in, {s.chars_out:,} out"
             + (f" -> {out}" if out else "")]
    lines.append(f"  {'document':<40} {'in':>9} {'out':>9}  note")
    for doc_id, n_in, n_out, note in s.rows:
        lines.append(f"  {doc_id[:40]:<40} {n_in:>9,} {n_out:>9,}  {note[:60]}")
    if s.docs_in > len(s.rows):
        lines.append(f"  ... and {s.docs_in - len(s.rows)} more")
    if s.removed_bytes:
        lines.append("  removed bytes by reason:")
        for reason, n in s.removed_bytes.most_common(8):
            lines.append(f"    {n:>9,}  {reason}")
    if s.reasons:
        lines.append("  dropped documents: " + ", ".join(f"{k} {v}" for k, v in sorted(s.reasons.items())))
    if out is not None and s.dropped:
        lines.append(f"  every dropped document and its reason: {out / 'dropped.jsonl'}")
    return "\n".join(lines)
