"""Stream records out of files, directories, JSONL (plain, .gz, .zst), Parquet and stdin.

Every input document becomes exactly one :class:`Record`, in a deterministic
order (arguments in the order given, directory entries sorted by path, JSONL
lines in file order).  A record that cannot be read is still yielded, with
``error`` set, so that runners can account for it (``in = kept + dropped``):
every non-blank JSONL line counts as one document, including lines that do not
parse and records with a repeated id.

>>> import json, tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "a.jsonl").write_text(json.dumps({"id": "x", "text": "hi"}) + "\\n{bad\\n")
>>> [(r.id, r.text, r.error) for r in iter_records([str(d / "a.jsonl")])]
[('x', 'hi', None), ('a.jsonl:2', None, 'line 2 is not valid JSON')]
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import logging
import os
import sys
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any

__all__ = ["JSONL_SUFFIXES", "PARQUET_SUFFIXES", "Record", "is_jsonl", "is_parquet", "iter_records"]

log = logging.getLogger(__name__)

JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson", ".ndjson.gz", ".ndjson.zst")
PARQUET_SUFFIXES = (".parquet",)


@dataclasses.dataclass(frozen=True, slots=True)
class Record:
    """Hold one input document before cleaning.

    Attributes:
        id: document id (JSONL ``id``, or the file's path relative to its argument).
        text: the text when the source gave a string (JSONL ``text``).
        data: the raw bytes when the source is a file (decoded by the pipeline).
        where: human-readable location, e.g. ``"corpus.jsonl line 7"``.
        rel: relative output name: the file's own for text files, the JSONL
            file's for its records.
        source: the input argument the record came from (groups JSONL outputs).
        error: why the record cannot be processed, or ``None``.
        meta: extra fields of a JSONL record (kept and written back out).
        jsonl: whether the record came from a JSONL file.
        parquet: whether the record came from a Parquet file.
    """

    id: str
    text: str | None = None
    data: bytes | None = None
    where: str = ""
    rel: str | None = None
    source: str = ""
    error: str | None = None
    meta: dict[str, Any] = dataclasses.field(default_factory=dict)
    jsonl: bool = False
    parquet: bool = False


def is_jsonl(path: str) -> bool:
    """Tell whether ``path`` names a JSONL file (by suffix).

    >>> is_jsonl("a.jsonl.gz"), is_jsonl("a.txt")
    (True, False)
    """
    return path.lower().endswith(JSONL_SUFFIXES)


def is_parquet(path: str) -> bool:
    """Tell whether ``path`` names a Parquet file (by suffix).

    >>> is_parquet("part-0.parquet"), is_parquet("a.jsonl")
    (True, False)
    """
    return path.lower().endswith(PARQUET_SUFFIXES)


def iter_records(paths: Sequence[str], *, max_bytes: int | None = None,
                 stdin: bytes | None = None) -> Iterator[Record]:
    """Yield one record per input document, in a deterministic order.

    Args:
        paths: files, directories, JSONL/Parquet files, or ``"-"`` for stdin.
        max_bytes: records larger than this get ``error`` set instead of data.
        stdin: the bytes to use for ``"-"`` (default: read ``sys.stdin``), so that a
            caller that reads the inputs more than once can read stdin once.

    Yields:
        Records; unreadable inputs yield a record with ``error`` set.
    """
    for arg in paths:
        if arg == "-":
            data = stdin if stdin is not None else read_stdin(max_bytes)
            yield _sized(Record(id="-", data=data, where="<stdin>", rel="-", source="-"), max_bytes)
            continue
        p = Path(arg)
        if p.is_dir():
            yield from _iter_dir(p, arg, max_bytes)
        elif not p.exists():
            yield Record(id=arg, where=arg, rel=p.name, source=arg, error="no such file or directory")
        elif is_jsonl(arg):
            yield from _iter_jsonl(p, arg, max_bytes)
        elif is_parquet(arg):
            from seedclean.io.parquet import iter_parquet

            yield from iter_parquet(p, arg, max_bytes)
        else:
            yield _read_file(p, p.name, arg, max_bytes)


def read_stdin(max_bytes: int | None) -> bytes:
    """Read standard input (at most one byte past ``max_bytes``, enough to refuse it)."""
    return sys.stdin.buffer.read(-1 if max_bytes is None else max_bytes + 1)


def _sized(rec: Record, max_bytes: int | None) -> Record:
    size = len(rec.data) if rec.data is not None else len(rec.text or "")
    if max_bytes is not None and size > max_bytes:
        return dataclasses.replace(rec, data=None, text=None,
                                   error=f"record is {size} bytes, above the limit of {max_bytes}")
    return rec


def _read_file(p: Path, rel: str, source: str, max_bytes: int | None) -> Record:
    where = str(p)
    try:
        size = p.stat().st_size
        if max_bytes is not None and size > max_bytes:
            return Record(id=rel, where=where, rel=rel, source=source,
                          error=f"file is {size} bytes, above the limit of {max_bytes}")
        data = p.read_bytes()
    except OSError as exc:
        return Record(id=rel, where=where, rel=rel, source=source, error=f"cannot read: {exc.strerror}")
    return Record(id=rel, data=data, where=where, rel=rel, source=source)


def _walk(root: Path) -> Iterator[Path]:
    """Yield the files under ``root`` depth first, each directory's entries sorted by name.

    Only one directory listing is held per level, so a huge tree streams.
    """
    stack: list[Iterator[os.DirEntry[str]]] = [iter(_listing(root))]
    while stack:  # iterative walk: deep trees cannot overflow the stack
        e = next(stack[-1], None)
        if e is None:
            stack.pop()
        elif e.is_dir(follow_symlinks=False):
            stack.append(iter(_listing(Path(e.path))))
        elif e.is_file():
            yield Path(e.path)


def _listing(d: Path) -> list[os.DirEntry[str]]:
    try:
        with os.scandir(d) as it:
            return sorted(it, key=lambda e: e.name)
    except OSError as exc:
        log.warning("cannot list %s: %s", d, exc.strerror)
        return []


def _iter_dir(root: Path, source: str, max_bytes: int | None) -> Iterator[Record]:
    for f in _walk(root):
        rel = f.relative_to(root).as_posix()
        if is_jsonl(rel):
            yield from _iter_jsonl(f, source, max_bytes, prefix=rel)
        elif is_parquet(rel):
            from seedclean.io.parquet import iter_parquet

            yield from iter_parquet(f, source, max_bytes, prefix=rel)
        else:
            yield _read_file(f, rel, source, max_bytes)


def _open_text_stream(p: Path) -> IO[bytes]:
    name = p.name.lower()
    if name.endswith(".gz"):
        return gzip.open(p, "rb")  # type: ignore[return-value]
    if name.endswith(".zst"):
        import zstandard

        reader = zstandard.ZstdDecompressor().stream_reader(p.open("rb"), closefd=True)
        return io.BufferedReader(reader)
    return p.open("rb")


def _iter_jsonl(p: Path, source: str, max_bytes: int | None, prefix: str | None = None) -> Iterator[Record]:
    name = prefix or p.name
    seen: set[str] = set()
    lineno = 0
    try:
        with _open_text_stream(p) as raw:
            for lineno, line in enumerate(_lines(raw, max_bytes), start=1):
                if not line.strip():
                    continue
                rec = dataclasses.replace(_parse_line(line, name, lineno, source, max_bytes),
                                          rel=name, jsonl=True)
                if rec.error is None and rec.id in seen:
                    rec = dataclasses.replace(rec, text=None, error=f"duplicate id {rec.id!r}")
                seen.add(rec.id)
                yield rec
    except (OSError, EOFError, zlib.error, ValueError) as exc:
        yield Record(id=f"{name}:{lineno + 1}", where=f"{p} after line {lineno}", source=source,
                     rel=name, jsonl=True, error=f"cannot read the rest of the file: {exc}")


def _lines(raw: IO[bytes], max_bytes: int | None) -> Iterator[bytes]:
    """Yield the lines of ``raw``; a line above ``max_bytes`` is skipped in pieces, never held.

    An over-long line is yielded as its first ``max_bytes + 1`` bytes, which the
    caller rejects by size (it still counts as one document).
    """
    if max_bytes is None:
        yield from raw
        return
    while True:
        line = raw.readline(max_bytes + 1)
        if not line:
            return
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the long line
                rest = raw.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


def _parse_line(line: bytes, name: str, lineno: int, source: str, max_bytes: int | None) -> Record:
    where = f"{name} line {lineno}"
    fallback_id = f"{name}:{lineno}"
    if max_bytes is not None and len(line) > max_bytes:
        return Record(id=fallback_id, where=where, source=source,
                      error=f"line {lineno} is more than {max_bytes} bytes, the size limit")
    try:
        obj = json.loads(line)
    except (ValueError, UnicodeDecodeError):
        return Record(id=fallback_id, where=where, source=source, error=f"line {lineno} is not valid JSON")
    if not isinstance(obj, dict):
        return Record(id=fallback_id, where=where, source=source,
                      error=f"line {lineno} is not a JSON object")
    raw_id = obj.get("id")
    rid = fallback_id if raw_id is None or isinstance(raw_id, (dict, list)) else str(raw_id)
    text = obj.get("text")
    extra = {k: v for k, v in obj.items() if k not in ("id", "text")}
    if "text" not in obj:
        return Record(id=rid, where=where, source=source, error=f"line {lineno} has no 'text' field")
    if not isinstance(text, str):
        return Record(id=rid, where=where, source=source,
                      error=f"line {lineno}: 'text' is {type(text).__name__}, not a string")
    return Record(id=rid, text=text, where=where, source=source, meta=extra)
