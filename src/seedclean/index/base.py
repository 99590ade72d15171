"""Define the persistent signature index interface and the parameters it is checked against.

An index stores, per document id: the exact-duplicate key, the LSH band keys,
the MinHash signature, the sorted shingle hash set (raw little-endian
``uint64`` bytes, never pickle), the cluster id and the canonical priority
(JSON).  It is opened with a :class:`~seedclean.config.NearDupConfig`; the
parameters that change hashes (format version, shingling, n-gram size,
``num_perm``, seed, bands and rows, and a fingerprint of the hash functions
computed on a fixed text) are stored at creation and compared on every open,
so a mismatch raises :class:`~seedclean.errors.IndexMismatchError` instead of
silently giving wrong results.  The threshold and similarity measure may change
between runs (candidates are verified exactly on every run).
"""

from __future__ import annotations

import abc
import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from seedclean.config import NearDupConfig
from seedclean.errors import IndexMismatchError

__all__ = ["FORMAT_VERSION", "IndexEntry", "SignatureIndex", "check_params", "index_params"]

U64 = npt.NDArray[np.uint64]
FORMAT_VERSION = 1
_FINGERPRINT_TEXT = "Seedclean checks its hash functions with this sentence, ÄÖÜ ß Ωμέγα 123."


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class IndexEntry:
    """Hold what the index keeps about one document."""

    id: str
    exact: tuple[int, int]
    bands: U64
    signature: U64
    shingles: U64
    cluster: str
    priority: tuple[Any, ...] = ()


def index_params(config: NearDupConfig) -> dict[str, Any]:
    """Return the parameters an index is bound to (JSON-serialisable).

    >>> p = index_params(NearDupConfig())
    >>> p["format"], p["shingle"], p["ngram"], p["num_perm"], p["bands"], p["rows"]
    (1, 'word', 5, 128, 25, 5)
    """
    from seedclean.neardup.lsh import lsh_params
    from seedclean.neardup.minhash import signatures

    bands, rows = lsh_params(config)
    probe = signatures([_FINGERPRINT_TEXT], config=config)[0]
    return {
        "format": FORMAT_VERSION,
        "shingle": config.shingle,
        "ngram": config.ngram,
        "num_perm": config.num_perm,
        "seed": config.seed,
        "bands": bands,
        "rows": rows,
        "fingerprint": int(probe[:8].sum()),
        "threshold": config.threshold,  # informative only: candidates are verified at the run's threshold
    }


def check_params(stored: Mapping[str, Any], config: NearDupConfig, where: str) -> None:
    """Raise IndexMismatchError naming every parameter that differs from the run's."""
    wanted = index_params(config)
    diff = [f"{k}: index has {stored.get(k)!r}, this run uses {v!r}"
            for k, v in wanted.items() if stored.get(k) != v and k != "threshold"]
    if diff and {"bands", "rows"} & {d.split(":")[0] for d in diff} and config.bands is None:
        diff.append(f"bands and rows follow from the threshold: the index was built with threshold "
                    f"{stored.get('threshold')}")
    if diff:
        msg = (f"{where}: index was built with other parameters ({'; '.join(diff)}); "
               "use the same options or a new index")
        raise IndexMismatchError(msg)


def encode_priority(priority: tuple[Any, ...]) -> str:
    """Serialise a priority tuple as JSON."""
    return json.dumps(list(priority))


def decode_priority(text: str) -> tuple[Any, ...]:
    """Read a priority tuple back from JSON."""
    return tuple(json.loads(text))


class SignatureIndex(abc.ABC):
    """Store signatures and shingle sets of indexed documents between runs."""

    def __init__(self, config: NearDupConfig) -> None:
        """Remember the configuration the index was opened with."""
        self.config = config

    @abc.abstractmethod
    def known(self, ids: Iterable[str]) -> set[str]:
        """Return the ids among ``ids`` that the index already holds."""

    @abc.abstractmethod
    def lookup_bands(self, keys: U64) -> list[set[str]]:
        """Return, for each row of band keys, the indexed ids sharing a band key."""

    @abc.abstractmethod
    def lookup_exact(self, keys: Sequence[tuple[int, int]]) -> list[list[str]]:
        """Return, for each exact key, the indexed ids with that key."""

    @abc.abstractmethod
    def shingle_sets(self, ids: Iterable[str]) -> dict[str, U64]:
        """Return the shingle hash sets of indexed ids."""

    @abc.abstractmethod
    def clusters_of(self, ids: Iterable[str]) -> dict[str, str]:
        """Return the cluster id of each indexed id."""

    @abc.abstractmethod
    def members(self, clusters: Iterable[str]) -> dict[str, list[str]]:
        """Return the indexed ids of each cluster."""

    @abc.abstractmethod
    def priorities(self, ids: Iterable[str]) -> dict[str, tuple[Any, ...]]:
        """Return the canonical priority recorded for each indexed id."""

    @abc.abstractmethod
    def exact_of(self, ids: Iterable[str]) -> dict[str, tuple[int, int]]:
        """Return the exact-duplicate key of each indexed id."""

    @abc.abstractmethod
    def signature(self, doc_id: str) -> U64:
        """Return the stored MinHash signature of one indexed id."""

    @abc.abstractmethod
    def add(self, entries: Sequence[IndexEntry], relabel: Mapping[str, str]) -> None:
        """Store new entries and move indexed ids to new clusters, in one transaction."""

    @abc.abstractmethod
    def __len__(self) -> int:
        """Return the number of indexed documents."""

    def close(self) -> None:  # noqa: B027 - optional hook
        """Release the connection."""

    def __enter__(self) -> SignatureIndex:
        """Return self."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the index."""
        self.close()
