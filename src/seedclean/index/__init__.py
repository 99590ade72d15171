"""Keep MinHash signatures and shingle sets between runs, for incremental deduplication.

:func:`open_index` opens (or creates) an index: a SQLite file by default, or a
Redis database for ``redis://host:port/db`` URLs.  Either is checked against
the run's parameters on open (:mod:`seedclean.index.base`).
"""

from __future__ import annotations

from seedclean.config import NearDupConfig
from seedclean.index.base import IndexEntry, SignatureIndex

__all__ = ["IndexEntry", "SignatureIndex", "open_index"]


def open_index(path_or_url: str, *, config: NearDupConfig) -> SignatureIndex:
    """Open or create the signature index at a file path or ``redis://`` URL.

    Raises:
        IndexMismatchError: the index was built with other parameters.
        OutputError: the location cannot be opened.
    """
    if path_or_url.startswith(("redis://", "rediss://", "unix://")):
        from seedclean.index.redis import RedisIndex

        return RedisIndex(path_or_url, config=config)
    from seedclean.index.sqlite import SqliteIndex

    return SqliteIndex(path_or_url, config=config)
