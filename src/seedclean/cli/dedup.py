"""Run ``seedclean dedup INPUT...``: find exact and near-duplicate documents.

Outputs (each written to a temporary file beside it, then renamed):

* ``--pairs PAIRS.tsv``: no header; ``id_a<TAB>id_b<TAB>similarity`` (6
  decimals) for every pair at or above the threshold, ``id_a < id_b``, sorted;
* ``--clusters CLUSTERS.tsv``: no header; ``id<TAB>cluster_id`` for every
  input document in input order (a cluster is named by its kept document);
* ``-o KEPT.jsonl``: the kept (canonical) documents, ``{"id", "text", ...}``
  in input order.

The kept document of a cluster is the longest text (then the smallest id).
Ids are written with ``\\t``, ``\\n`` and ``\\\\`` escaped.  The text is measured as
given unless ``--clean`` runs the cleaning pipeline first.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from seedclean.config import NearDupConfig
from seedclean.engines import add_engine_arguments, dedup_finder
from seedclean.errors import ConfigError, IndexMismatchError, InputError

__all__ = ["register", "run"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``dedup`` subcommand to the CLI."""
    p = sub.add_parser("dedup", help="find exact and near-duplicate documents",
                       description=__doc__.split("\n\n")[0] if __doc__ else None)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="text files, directories, JSONL, or -")
    p.add_argument("--threshold", type=float, default=0.8, help="similarity threshold (default 0.8)")
    p.add_argument("-o", "--output", metavar="KEPT.jsonl", help="write the kept documents (- for stdout)")
    p.add_argument("--pairs", metavar="PAIRS.tsv", help="write every pair at or above the threshold")
    p.add_argument("--clusters", metavar="CLUSTERS.tsv", help="write the cluster of every document")
    p.add_argument("--index", metavar="PATH|URL",
                   help="persistent index (SQLite file, or redis://host:port/db) to dedup against and extend")
    p.add_argument("--ngram", type=int, default=5, help="shingle size (default 5)")
    p.add_argument("--shingle", choices=("word", "char"), default="word", help="shingle unit (default word)")
    p.add_argument("--num-perm", type=int, default=128, help="MinHash size (default 128)")
    p.add_argument("--containment", action="store_true",
                   help="use containment |A&B|/min(|A|,|B|) instead of Jaccard")
    p.add_argument("--clean", action="store_true", help="clean each document before shingling")
    p.add_argument("-q", "--quiet", action="store_true", help="print no summary")
    add_engine_arguments(p)
    p.set_defaults(func=run)


def _escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _text_of(rec: Any, clean: bool) -> str:
    """Return the record's text: decoded as given, or cleaned with --clean."""
    raw = rec.text if rec.text is not None else rec.data
    if clean:
        from seedclean.pipeline import clean as clean_doc

        return str(clean_doc(raw, id=rec.id).text)
    if isinstance(raw, str):
        return raw
    import importlib

    try:
        decode = importlib.import_module("seedclean.decoding").decode
    except ImportError:  # decode stage not installed: plain UTF-8
        return bytes(raw).decode("utf-8", errors="replace")
    return str(decode(bytes(raw)))


def _load(inputs: list[str], clean: bool) -> tuple[list[tuple[str, str]], list[dict[str, Any]], bool]:
    """Read the inputs; report unreadable records and repeated ids on stderr."""
    from seedclean.io.readers import iter_records

    records, metas, failed, seen = [], [], False, set()
    for rec in iter_records(inputs):
        if rec.error is not None or rec.id in seen:
            why = rec.error or f"repeated id {rec.id!r}"
            print(f"seedclean: {rec.where or rec.id}: {why}", file=sys.stderr)
            failed = True
            continue
        try:
            text = _text_of(rec, clean)
        except InputError as exc:
            print(f"seedclean: {rec.where or rec.id}: {exc}", file=sys.stderr)
            failed = True
            continue
        seen.add(rec.id)
        records.append((rec.id, text))
        metas.append(dict(rec.meta))
    return records, metas, failed


def _write(target: str, lines: Iterable[str]) -> None:
    """Write lines to a file atomically (or to stdout for '-')."""
    if target == "-":
        for line in lines:
            sys.stdout.write(line)
        return
    from seedclean.io.writers import atomic_write

    with atomic_write(Path(target), "wb") as f:
        for line in lines:
            f.write(line.encode("utf-8", "surrogatepass"))


def run(args: argparse.Namespace) -> int:
    """Run the dedup subcommand; return the exit code."""
    find_duplicates = dedup_finder(args)  # seedclean.neardup's, or the Dask one for --engine dask

    try:
        cfg = NearDupConfig(threshold=args.threshold, ngram=args.ngram, shingle=args.shingle,
                            num_perm=args.num_perm,
                            similarity="containment" if args.containment else "jaccard")
    except ConfigError as exc:
        print(f"seedclean: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    records, metas, failed = _load(list(args.inputs), args.clean)
    priority = {doc_id: (len(text),) for doc_id, text in records}
    index = None
    if args.index:
        from seedclean.index import open_index

        try:
            index = open_index(args.index, config=cfg)
        except IndexMismatchError as exc:
            print(f"seedclean: error: {exc}", file=sys.stderr)
            return EXIT_USAGE
    try:
        result = find_duplicates(records, config=cfg, priority=priority, index=index)
    finally:
        if index is not None:
            index.close()
    if args.pairs:
        _write(args.pairs, (f"{_escape(a)}\t{_escape(b)}\t{s:.6f}\n" for a, b, s in result.pairs))
    if args.clusters:
        _write(args.clusters, (f"{_escape(i)}\t{_escape(result.clusters[i])}\n" for i, _ in records))
    if args.output:
        _write(args.output, (json.dumps({**meta, "id": i, "text": t}, ensure_ascii=False) + "\n"
                             for (i, t), meta in zip(records, metas, strict=True)
                             if i not in result.duplicate_of))
    if not args.quiet:
        print(f"seedclean dedup: {len(records)} documents, {len(records) - len(result.duplicate_of)} kept, "
              f"{len(result.duplicate_of)} dropped ({len(result.exact)} exact), "
              f"{len(result.pairs)} pairs >= {cfg.threshold}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK
