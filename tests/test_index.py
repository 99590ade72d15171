"""Tests of seedclean.index: SQLite and Redis round trips, incremental runs, parameter checks."""

from __future__ import annotations

import random
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from seedclean.config import NearDupConfig
from seedclean.errors import IndexMismatchError, InputError
from seedclean.index import open_index
from seedclean.neardup import find_duplicates, signatures
from tests.strategies import WORDS, article


def _corpus(seed: int = 7, n_base: int = 10) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for i in range(n_base):
        words = article(rng, 2).split()
        out.append((f"d{i}", " ".join(words)))
        for k, rate in enumerate((0.01, 0.03, 0.3)):
            out.append((f"d{i}v{k}", " ".join(w if rng.random() > rate else rng.choice(WORDS) + "q"
                                              for w in words)))
        out.append((f"d{i}copy", " ".join(words).title()))
    rng.shuffle(out)
    return out


def _check_incremental(location: str) -> None:
    """Two batches through the index give the pairs one run over everything gives."""
    cfg = NearDupConfig()
    records = _corpus()
    prio = {i: (len(t),) for i, t in records}
    full = find_duplicates(records, config=cfg, priority=prio)
    first, second = records[:25], records[25:]
    with open_index(location, config=cfg) as index:
        find_duplicates(first, config=cfg, priority=prio, index=index)
        assert len(index) == len(first)
    with open_index(location, config=cfg) as index:
        result = find_duplicates(second, config=cfg, priority=prio, index=index)
        assert len(index) == len(records)
        some = first[0][0]
        assert np.array_equal(index.signature(some), signatures([first[0][1]], config=cfg)[0])
    new = {i for i, _ in second}
    want = tuple(p for p in full.pairs if p[0] in new or p[1] in new)
    assert result.pairs == want
    assert any(p[0] not in new or p[1] not in new for p in want)  # pairs with indexed documents
    assert set(result.clusters) == new
    for doc, (canon, _) in result.duplicate_of.items():
        assert doc in new and doc != canon


def _check_mismatch(location: str) -> None:
    with open_index(location, config=NearDupConfig()) as index:
        find_duplicates([("a", "one two three four five six")], index=index)
    for other in (NearDupConfig(num_perm=64), NearDupConfig(shingle="char"), NearDupConfig(ngram=3),
                  NearDupConfig(seed=2), NearDupConfig(bands=16, rows=8)):
        with pytest.raises(IndexMismatchError, match="index was built with other parameters"):
            open_index(location, config=other)
    with pytest.raises(IndexMismatchError, match="follow from the threshold"):
        open_index(location, config=NearDupConfig(threshold=0.5))
    with open_index(location, config=NearDupConfig()) as index, \
            pytest.raises(InputError, match="already in the index"):
        find_duplicates([("a", "again")], index=index)


def test_sqlite_incremental_run_equals_full_run(tmp_path: Path) -> None:
    _check_incremental(str(tmp_path / "index.sqlite"))


def test_sqlite_mismatch_and_known_ids(tmp_path: Path) -> None:
    _check_mismatch(str(tmp_path / "index.sqlite"))


def test_sqlite_rejects_a_file_that_is_not_an_index(tmp_path: Path) -> None:
    from seedclean.errors import OutputError

    bad = tmp_path / "not.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    with pytest.raises(OutputError, match="cannot open"):
        open_index(str(bad), config=NearDupConfig())


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    """Start a throw-away redis-server on a free localhost port."""
    exe = shutil.which("redis-server")
    if exe is None:
        pytest.skip("redis-server is not installed (Debian package redis-server); Redis index untested")
    port = _free_port()
    proc = subprocess.Popen([exe, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                             "--appendonly", "no", "--dir", str(tmp_path)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_redis_incremental_run_equals_full_run(redis_url: str) -> None:
    _check_incremental(redis_url)


def test_redis_mismatch_and_known_ids(redis_url: str) -> None:
    _check_mismatch(redis_url + "?prefix=other:")
