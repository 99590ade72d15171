"""Read and write Parquet documents with pyarrow (optional extra ``seedclean[parquet]``).

Input rows need a string ``text`` column; ``id`` is optional (the row's
position is used).  Other columns are carried to the output unchanged in name,
their values in JSON form.  Rows are read batch by batch, so memory stays flat.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from seedclean.errors import ConfigError
from seedclean.io.readers import Record

__all__ = ["ParquetShardWriter", "iter_parquet", "require_pyarrow"]

BATCH_ROWS = 1024  # rows per read batch: bounded memory, few Python calls


def require_pyarrow() -> ModuleType:
    """Import pyarrow.parquet or explain how to install it.

    Raises:
        ConfigError: naming the ``seedclean[parquet]`` extra when pyarrow is missing.
    """
    try:
        import pyarrow.parquet as pq
    except ImportError as exc:
        msg = "reading or writing Parquet needs pyarrow: pip install 'seedclean[parquet]'"
        raise ConfigError(msg) from exc
    return pq  # type: ignore[no-any-return]


def _jsonable(v: Any) -> Any:
    if v is None or isinstance(v, (str, int, float, bool)):
        return v
    if isinstance(v, Mapping):
        return {str(k): _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return str(v)


def iter_parquet(p: Path, source: str, max_bytes: int | None, prefix: str | None = None) -> Iterator[Record]:
    """Yield one :class:`Record` per Parquet row, batch by batch.

    Args:
        p: the Parquet file.
        source: the command-line argument it came from.
        max_bytes: rows whose text is longer (UTF-8 bytes) get ``error`` set.
        prefix: the file's name relative to its argument (directory inputs).
    """
    pq = require_pyarrow()
    import pyarrow as pa

    name = prefix or p.name
    row = 0
    try:
        pf = pq.ParquetFile(p)
        cols = pf.schema_arrow.names
        if "text" not in cols:
            yield Record(id=name, where=str(p), rel=name, source=source, parquet=True,
                         error="Parquet file has no 'text' column")
            return
        for batch in pf.iter_batches(batch_size=BATCH_ROWS):
            for item in batch.to_pylist():
                row += 1
                yield _row_record(item, name, row, source, max_bytes)
    except (OSError, pa.ArrowException, ValueError) as exc:
        yield Record(id=f"{name}:{row + 1}", where=f"{p} after row {row}", rel=name, source=source,
                     parquet=True, error=f"cannot read the rest of the Parquet file: {exc}")


def _row_record(item: dict[str, Any], name: str, row: int, source: str, max_bytes: int | None) -> Record:
    where = f"{name} row {row}"
    raw_id = item.get("id")
    rid = f"{name}:{row}" if raw_id is None else str(raw_id)
    text = item.get("text")
    extra = {k: _jsonable(v) for k, v in item.items() if k not in ("id", "text")}
    if isinstance(extra.get("meta"), str):  # our own output format stores meta as JSON text
        with contextlib.suppress(ValueError):
            extra["meta"] = json.loads(extra["meta"])
    base = Record(id=rid, where=where, rel=name, source=source, parquet=True)
    if not isinstance(text, str):
        return dataclasses.replace(base, error=f"row {row}: 'text' is {type(text).__name__}, not a string")
    if max_bytes is not None and len(text) > max_bytes:
        return dataclasses.replace(base, error=f"row {row} is {len(text)} characters, above the limit of "
                                               f"{max_bytes}")
    return dataclasses.replace(base, text=text, meta=extra)


class ParquetShardWriter:
    """Write rows ``{id, text, meta, extra columns}`` to one Parquet file, batch by batch.

    Every column is a string column: ``meta`` and non-string extra values are
    stored as JSON text, so rows may differ in their keys and types.  The columns
    are those of the first batch.  The file is written to ``tmp``; the caller
    renames it.
    """

    def __init__(self, tmp: Path) -> None:
        """Open the writer lazily at the first batch (the schema comes from the rows)."""
        self.tmp = tmp
        self.rows: list[dict[str, Any]] = []
        self.writer: Any = None

    def write(self, row: Mapping[str, Any]) -> None:
        """Add one output row."""
        r = {k: v if isinstance(v, str) or v is None else json.dumps(v, ensure_ascii=False, sort_keys=True)
             for k, v in row.items()}
        r["meta"] = json.dumps(row.get("meta", {}), ensure_ascii=False, sort_keys=True)
        self.rows.append(r)
        if len(self.rows) >= BATCH_ROWS:
            self._flush()

    def _flush(self) -> None:
        import pyarrow as pa

        pq = require_pyarrow()
        if not self.rows:
            return
        if self.writer is None:
            extra = sorted({k for r in self.rows for k in r} - {"id", "text", "meta"})
            names = ["id", "text", "meta", *extra]
            self.writer = pq.ParquetWriter(self.tmp, pa.schema([(n, pa.string()) for n in names]))
        schema = self.writer.schema
        table = pa.Table.from_pylist([{k: r.get(k) for k in schema.names} for r in self.rows], schema=schema)
        self.writer.write_table(table)
        self.rows = []

    def close(self) -> None:
        """Flush the last rows and close the file (an empty file gets the basic schema)."""
        import pyarrow as pa

        pq = require_pyarrow()
        self._flush()
        if self.writer is None:
            schema = pa.schema([("id", pa.string()), ("text", pa.string()), ("meta", pa.string())])
            self.writer = pq.ParquetWriter(self.tmp, schema)
        self.writer.close()
