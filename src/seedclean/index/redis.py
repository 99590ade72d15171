"""Store the signature index in Redis (shared by several machines), with redis-py.

Keys (prefix ``seedclean:`` unless the URL has ``?prefix=...``): ``meta``
(JSON parameters), ``ids`` (set of ids), ``doc:<id>`` (hash: exact key,
cluster, priority JSON, signature and shingle set as raw little-endian bytes),
``band:<key>``, ``exact:<a>:<b>`` and ``cluster:<id>`` (sets of ids).
Writes of one run go through one MULTI/EXEC pipeline.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig
from seedclean.errors import OutputError
from seedclean.index.base import (
    IndexEntry,
    SignatureIndex,
    check_params,
    decode_priority,
    encode_priority,
    index_params,
)

__all__ = ["RedisIndex"]

U64 = npt.NDArray[np.uint64]


class RedisIndex(SignatureIndex):
    """Keep the index in a Redis database."""

    def __init__(self, url: str, *, config: NearDupConfig) -> None:
        """Connect, then create or check the stored parameters."""
        super().__init__(config)
        import redis

        query = parse_qs(urlsplit(url).query)
        self._p = query.get("prefix", ["seedclean:"])[0]
        try:
            self._r = redis.Redis.from_url(url.split("?")[0])
            stored = self._r.get(self._p + "meta")
        except redis.RedisError as exc:
            msg = f"{url}: cannot reach Redis ({exc})"
            raise OutputError(msg) from exc
        if stored is None:
            self._r.set(self._p + "meta", json.dumps(index_params(config), sort_keys=True), nx=True)
            stored = self._r.get(self._p + "meta")
        check_params(json.loads(stored or b"{}"), config, url.split("?")[0])

    def _key(self, *parts: object) -> str:
        return self._p + ":".join(map(str, parts))

    def _hget(self, ids: Iterable[str], field: str) -> dict[str, Any]:
        ids = sorted(set(ids))
        pipe = self._r.pipeline(transaction=False)
        for i in ids:
            pipe.hget(self._key("doc", i), field)
        return {i: v for i, v in zip(ids, pipe.execute(), strict=True) if v is not None}

    def known(self, ids: Iterable[str]) -> set[str]:
        """Return the ids already indexed."""
        ids = list(ids)
        if not ids:
            return set()
        flags = self._r.smismember(self._key("ids"), ids)
        return {i for i, f in zip(ids, flags, strict=True) if f}

    def lookup_bands(self, keys: U64) -> list[set[str]]:
        """Return the indexed ids sharing a band key with each row."""
        pipe = self._r.pipeline(transaction=False)
        for k in keys.ravel().tolist():
            pipe.smembers(self._key("band", k))
        res = pipe.execute()
        width = keys.shape[1]
        return [{m.decode() for s in res[i * width:(i + 1) * width] for m in s} for i in range(keys.shape[0])]

    def lookup_exact(self, keys: Sequence[tuple[int, int]]) -> list[list[str]]:
        """Return the indexed ids with each exact key."""
        pipe = self._r.pipeline(transaction=False)
        for a, b in keys:
            pipe.smembers(self._key("exact", a, b))
        return [sorted(m.decode() for m in s) for s in pipe.execute()]

    def shingle_sets(self, ids: Iterable[str]) -> dict[str, U64]:
        """Return stored shingle sets."""
        return {i: np.frombuffer(v, dtype="<u8").astype(np.uint64)
                for i, v in self._hget(ids, "shingles").items()}

    def clusters_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Return the cluster of each indexed id."""
        return {i: v.decode() for i, v in self._hget(ids, "cluster").items()}

    def members(self, clusters: Iterable[str]) -> dict[str, list[str]]:
        """Return the ids in each cluster."""
        clusters = sorted(set(clusters))
        pipe = self._r.pipeline(transaction=False)
        for c in clusters:
            pipe.smembers(self._key("cluster", c))
        return {c: sorted(m.decode() for m in s) for c, s in zip(clusters, pipe.execute(), strict=True) if s}

    def priorities(self, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """Return the stored priority of each id."""
        return {i: decode_priority(v.decode()) for i, v in self._hget(ids, "priority").items()}

    def exact_of(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Return the exact key of each id."""
        out = {}
        for i, v in self._hget(ids, "exact").items():
            a, b = v.decode().split(":")
            out[i] = (int(a), int(b))
        return out

    def signature(self, doc_id: str) -> U64:
        """Return one stored signature."""
        v = self._r.hget(self._key("doc", doc_id), "signature")
        if v is None:
            raise KeyError(doc_id)
        return np.frombuffer(v, dtype="<u4").astype(np.uint64)  # type: ignore[arg-type]

    def add(self, entries: Sequence[IndexEntry], relabel: Mapping[str, str]) -> None:
        """Insert entries and relabel merged clusters in one MULTI/EXEC."""
        old = self.clusters_of(relabel)
        pipe = self._r.pipeline(transaction=True)
        for e in entries:
            pipe.hset(self._key("doc", e.id), mapping={
                "exact": f"{e.exact[0]}:{e.exact[1]}", "cluster": e.cluster,
                "priority": encode_priority(e.priority),
                "signature": e.signature.astype("<u4").tobytes(),
                "shingles": e.shingles.astype("<u8").tobytes()})
            pipe.sadd(self._key("ids"), e.id)
            pipe.sadd(self._key("exact", *e.exact), e.id)
            pipe.sadd(self._key("cluster", e.cluster), e.id)
            if len(e.shingles):
                for k in e.bands.tolist():
                    pipe.sadd(self._key("band", k), e.id)
        for doc, cluster in sorted(relabel.items()):
            if old.get(doc) != cluster:
                pipe.srem(self._key("cluster", old[doc]), doc)
                pipe.sadd(self._key("cluster", cluster), doc)
                pipe.hset(self._key("doc", doc), "cluster", cluster)
        pipe.execute()

    def __len__(self) -> int:
        """Return the number of documents."""
        return int(self._r.scard(self._key("ids")))

    def close(self) -> None:
        """Close the connection."""
        self._r.close()
