"""Write a run's outputs under one directory: text files, sharded JSONL/Parquet, dropped.jsonl.

Text inputs become text files under the same relative names; the records of a
JSONL input go to JSONL files named after it (uncompressed, optionally split
into shards of ``shard_size`` records: ``name-00000.jsonl``, ...); Parquet
inputs go to Parquet files the same way.  Every file is written to a temporary
file and renamed into place when complete.  Output names are checked to stay
inside the output directory, and a name used twice gets a numbered suffix
(``a.1.txt``) so no document overwrites another.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> sink = OutputSink(root)
>>> sink.write("file", "a.txt", {"id": "a.txt", "text": "hi\\n", "meta": {}})
'a.txt'
>>> sink.write("file", "a.txt", {"id": "other", "text": "ho\\n", "meta": {}})
'a.1.txt'
>>> sink.drop({"id": "b", "reason": "boilerplate-only", "where": "b.txt"})
>>> sink.close()
>>> sorted(p.name for p in root.iterdir())
['a.1.txt', 'a.txt', 'dropped.jsonl']
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import IO, Any

from seedclean.io.writers import atomic_write, new_file_mode, safe_output_path

__all__ = ["DROPPED_NAME", "OutputSink", "dumps_line", "output_base_name"]

DROPPED_NAME = "dropped.jsonl"


def dumps_line(obj: Mapping[str, Any]) -> bytes:
    """Serialise one JSONL row deterministically (sorted keys, UTF-8).

    >>> dumps_line({"b": 1, "a": "é"})
    b'{"a": "\\xc3\\xa9", "b": 1}\\n'
    """
    return (json.dumps(obj, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8", "surrogatepass")


def output_base_name(fmt: str, rel: str | None) -> str:
    """Return the output name of an input: compression suffixes dropped for JSONL.

    >>> output_base_name("jsonl", "x/a.jsonl.gz"), output_base_name("file", None)
    ('x/a.jsonl', 'stdin.txt')
    """
    if fmt == "file":
        return "stdin.txt" if rel in (None, "-") else rel
    name = rel or ("stdin.jsonl" if fmt == "jsonl" else "stdin.parquet")
    for suffix in (".gz", ".zst"):
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
    return name


class _TmpFile:
    """A file written beside its target and renamed over it on commit."""

    def __init__(self, target: Path) -> None:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self.target, self.tmp = target, Path(tmp)
        self.f: IO[bytes] = os.fdopen(fd, "wb")

    def commit(self) -> None:
        self.f.flush()
        os.fchmod(self.f.fileno(), new_file_mode())
        os.fsync(self.f.fileno())
        self.f.close()
        self.tmp.replace(self.target)

    def abort(self) -> None:
        self.f.close()
        with contextlib.suppress(OSError):
            self.tmp.unlink()


class OutputSink:
    """Write kept documents and drop records under ``root``, in the order given.

    Records of one JSONL/Parquet input must arrive together (inputs are read one
    after the other, so they do).
    """

    def __init__(self, root: Path, *, shard_size: int | None = None) -> None:
        """Prepare the sink; ``shard_size`` records per JSONL/Parquet shard (``None``: one file)."""
        self.root = root
        self.shard_size = shard_size
        self.taken: set[str] = {DROPPED_NAME}
        self.group: tuple[str, str] | None = None
        self.group_base = ""
        self.shard_no = 0
        self.in_shard = 0
        self.current: Any = None  # _TmpFile or (ParquetShardWriter, _TmpFile)
        self.dropped = _TmpFile(root / DROPPED_NAME)
        self.names: list[str] = []

    def _claim(self, name: str) -> str:
        """Return ``name`` or a numbered variant not used yet; record it as used."""
        candidate, n = name, 0
        pure = PurePosixPath(name)
        while candidate in self.taken:
            n += 1
            candidate = str(pure.with_name(f"{pure.stem}.{n}{pure.suffix}"))
        self.taken.add(candidate)
        return candidate

    def write(self, fmt: str, rel: str | None, row: Mapping[str, Any]) -> str:
        """Write one kept document and return the output name it went to.

        Raises:
            OutputError: if the name would leave the output directory.
        """
        if fmt == "file":
            self._close_group()
            name = output_base_name(fmt, rel)
            safe_output_path(self.root, name)  # check before claiming
            name = self._claim(name)
            with atomic_write(safe_output_path(self.root, name)) as f:
                f.write(str(row["text"]).encode("utf-8", "surrogatepass"))
            self.names.append(name)
            return name
        key = (fmt, output_base_name(fmt, rel))
        if key != self.group or (self.shard_size and self.in_shard >= self.shard_size):
            self._open_shard(key)
        self.in_shard += 1
        if fmt == "parquet":
            self.current[0].write(row)
        else:
            self.current.f.write(dumps_line(row))
        return self.names[-1]

    def _open_shard(self, key: tuple[str, str]) -> None:
        if key != self.group:
            self._close_group()
            safe_output_path(self.root, key[1])
            self.group, self.group_base, self.shard_no = key, key[1], 0
        else:
            self._close_current()
            self.shard_no += 1
        name = self.group_base
        if self.shard_size:
            pure = PurePosixPath(name)
            name = str(pure.with_name(f"{pure.stem}-{self.shard_no:05d}{pure.suffix}"))
        name = self._claim(name)
        self.names.append(name)
        tmp = _TmpFile(safe_output_path(self.root, name))
        if key[0] == "parquet":
            from seedclean.io.parquet import ParquetShardWriter

            tmp.f.close()  # pyarrow writes the path itself
            self.current = (ParquetShardWriter(tmp.tmp), tmp)
        else:
            self.current = tmp
        self.in_shard = 0

    def _close_current(self) -> None:
        if self.current is None:
            return
        if isinstance(self.current, tuple):
            writer, tmp = self.current
            writer.close()
            tmp.tmp.chmod(new_file_mode())
            tmp.tmp.replace(tmp.target)
        else:
            self.current.commit()
        self.current = None

    def _close_group(self) -> None:
        self._close_current()
        self.group = None

    def drop(self, row: Mapping[str, Any]) -> None:
        """Add one row (``id``, ``reason``, ``where``) to ``dropped.jsonl``."""
        self.dropped.f.write(dumps_line(row))

    def close(self) -> None:
        """Finish every open file (renaming it into place)."""
        self._close_group()
        self.dropped.commit()

    def abort(self) -> None:
        """Remove the temporary files of an unfinished run."""
        if isinstance(self.current, tuple):
            self.current[1].abort()
        elif self.current is not None:
            self.current.abort()
        self.dropped.abort()
