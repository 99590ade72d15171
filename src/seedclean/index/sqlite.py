"""Store the signature index in one SQLite file (the embedded default).

Tables: ``meta(key, value)`` with the JSON parameters; ``docs`` with one row
per document (exact key, cluster, priority JSON, signature and shingle set as
raw little-endian bytes); ``bands(key, id)``, one row per band key, clustered
on the key (``WITHOUT ROWID``).  Writes happen in one transaction per run.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig
from seedclean.errors import IndexMismatchError, OutputError
from seedclean.index.base import (
    IndexEntry,
    SignatureIndex,
    check_params,
    decode_priority,
    encode_priority,
    index_params,
)

__all__ = ["SqliteIndex"]

U64 = npt.NDArray[np.uint64]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS docs (
    id TEXT PRIMARY KEY, exact_a INTEGER NOT NULL, exact_b INTEGER NOT NULL,
    cluster TEXT NOT NULL, priority TEXT NOT NULL, signature BLOB NOT NULL, shingles BLOB NOT NULL);
CREATE INDEX IF NOT EXISTS docs_cluster ON docs (cluster);
CREATE INDEX IF NOT EXISTS docs_exact ON docs (exact_a, exact_b);
CREATE TABLE IF NOT EXISTS bands (key INTEGER NOT NULL, id TEXT NOT NULL, PRIMARY KEY (key, id))
    WITHOUT ROWID;
"""
_BATCH = 500  # ids per IN (...) query, below SQLite's variable limit


def _signed(x: int) -> int:
    """Map a uint64 to SQLite's signed 64-bit INTEGER range."""
    return x - (1 << 64) if x >= 1 << 63 else x


def _chunks(items: Sequence[Any], size: int = _BATCH) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i: i + size]


class SqliteIndex(SignatureIndex):
    """Keep the index in a SQLite database file."""

    def __init__(self, path: str, *, config: NearDupConfig) -> None:
        """Open or create the file and check its parameters."""
        super().__init__(config)
        self.path = path
        try:
            self._db = sqlite3.connect(path)
            self._db.executescript(_SCHEMA)
            rows = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        except sqlite3.DatabaseError as exc:
            msg = f"{path}: cannot open as a seedclean index ({exc})"
            raise OutputError(msg) from exc
        if "params" not in rows:
            if self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0]:
                msg = f"{path}: index has documents but no parameters"
                raise IndexMismatchError(msg)
            with self._db:
                self._db.execute("INSERT INTO meta VALUES ('params', ?)",
                                 (json.dumps(index_params(config), sort_keys=True),))
        else:
            try:
                stored = json.loads(rows["params"])
            except json.JSONDecodeError as exc:
                msg = f"{path}: unreadable index parameters"
                raise IndexMismatchError(msg) from exc
            check_params(stored, config, path)

    def _select(self, sql: str, ids: Iterable[Any]) -> list[tuple[Any, ...]]:
        out: list[tuple[Any, ...]] = []
        for chunk in _chunks(sorted(set(ids))):
            marks = ",".join("?" * len(chunk))
            out.extend(self._db.execute(sql.format(marks), list(chunk)).fetchall())
        return out

    def known(self, ids: Iterable[str]) -> set[str]:
        """Return the ids already indexed."""
        return {r[0] for r in self._select("SELECT id FROM docs WHERE id IN ({})", ids)}

    def lookup_bands(self, keys: U64) -> list[set[str]]:
        """Return the indexed ids sharing a band key with each row."""
        flat = np.ascontiguousarray(keys).view(np.int64).ravel().tolist()  # SQLite INTEGER is signed
        hits: dict[int, set[str]] = {}
        for key, doc in self._select("SELECT key, id FROM bands WHERE key IN ({})", flat):
            hits.setdefault(key, set()).add(doc)
        out: list[set[str]] = [set() for _ in range(keys.shape[0])]
        if hits:  # only the rows with a hit are visited
            arr = np.asarray(flat, dtype=np.int64)
            for p in np.flatnonzero(np.isin(arr, np.fromiter(hits, dtype=np.int64))).tolist():
                out[p // keys.shape[1]] |= hits[flat[p]]
        return out

    def lookup_exact(self, keys: Sequence[tuple[int, int]]) -> list[list[str]]:
        """Return the indexed ids with each exact key."""
        found: dict[tuple[int, int], list[str]] = {}
        rows = self._select("SELECT id, exact_a, exact_b FROM docs WHERE exact_a IN ({})",
                            [_signed(a) for a, _ in keys])
        for doc, a, b in rows:
            found.setdefault((a, b), []).append(doc)
        return [sorted(found.get((_signed(a), _signed(b)), [])) for a, b in keys]

    def shingle_sets(self, ids: Iterable[str]) -> dict[str, U64]:
        """Return stored shingle sets."""
        rows = self._select("SELECT id, shingles FROM docs WHERE id IN ({})", ids)
        return {i: np.frombuffer(blob, dtype="<u8").astype(np.uint64) for i, blob in rows}

    def clusters_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Return the cluster of each indexed id."""
        return dict(self._select("SELECT id, cluster FROM docs WHERE id IN ({})", ids))

    def members(self, clusters: Iterable[str]) -> dict[str, list[str]]:
        """Return the ids in each cluster."""
        out: dict[str, list[str]] = {}
        for cluster, doc in self._select("SELECT cluster, id FROM docs WHERE cluster IN ({})", clusters):
            out.setdefault(cluster, []).append(doc)
        return {k: sorted(v) for k, v in out.items()}

    def priorities(self, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """Return the stored priority of each id."""
        rows = self._select("SELECT id, priority FROM docs WHERE id IN ({})", ids)
        return {i: decode_priority(p) for i, p in rows}

    def exact_of(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Return the exact key of each id."""
        rows = self._select("SELECT id, exact_a, exact_b FROM docs WHERE id IN ({})", ids)
        return {i: (a % (1 << 64), b % (1 << 64)) for i, a, b in rows}

    def signature(self, doc_id: str) -> U64:
        """Return one stored signature."""
        row = self._db.execute("SELECT signature FROM docs WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return np.frombuffer(row[0], dtype="<u4").astype(np.uint64)

    def add(self, entries: Sequence[IndexEntry], relabel: Mapping[str, str]) -> None:
        """Insert entries and relabel merged clusters in one transaction."""
        with self._db:
            self._db.executemany(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(e.id, _signed(e.exact[0]), _signed(e.exact[1]), e.cluster, encode_priority(e.priority),
                  e.signature.astype("<u4").tobytes(), e.shingles.astype("<u8").tobytes())
                 for e in entries])
            self._db.executemany(
                "INSERT INTO bands VALUES (?, ?)",
                [(k, e.id) for e in entries if len(e.shingles)
                 for k in np.ascontiguousarray(e.bands).view(np.int64).tolist()])
            self._db.executemany("UPDATE docs SET cluster = ? WHERE id = ?",
                                 [(c, i) for i, c in sorted(relabel.items())])

    def __len__(self) -> int:
        """Return the number of documents."""
        return int(self._db.execute("SELECT COUNT(*) FROM docs").fetchone()[0])

    def close(self) -> None:
        """Close the database."""
        self._db.close()

