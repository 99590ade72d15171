"""Tests of Parquet and zstd input, streaming of over-long lines, output naming and sharding."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest
from strategies import article, write_jsonl

from seedclean.corpus import RunOptions, run_clean
from seedclean.errors import OutputError
from seedclean.io import OutputSink, iter_records


def test_parquet_in_parquet_out(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    rng = random.Random(1)
    texts = [article(rng) for _ in range(5)]
    table = pa.table({"id": [f"p{i}" for i in range(5)], "text": texts, "lang": ["en"] * 5,
                      "score": [0.5 * i for i in range(5)]})
    src = tmp_path / "in"
    src.mkdir()
    pq.write_table(table, src / "part.parquet")
    out = tmp_path / "out"
    res = run_clean([str(src)], out, options=RunOptions(jobs=1, shard_size=2))
    assert res.summary.kept == 5
    names = sorted(p.name for p in out.glob("*.parquet"))
    assert names == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    rows = [r for n in names for r in pq.read_table(out / n).to_pylist()]
    assert [r["id"] for r in rows] == [f"p{i}" for i in range(5)]
    assert [r["lang"] for r in rows] == ["en"] * 5
    assert json.loads(rows[0]["meta"]) == {} or isinstance(json.loads(rows[0]["meta"]), dict)
    assert rows[2]["score"] == "1.0"


def test_parquet_without_text_column_is_reported(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "bad.parquet")
    (rec,) = iter_records([str(tmp_path / "bad.parquet")])
    assert rec.error == "Parquet file has no 'text' column"


def test_zstd_jsonl(tmp_path: Path) -> None:
    zstandard = pytest.importorskip("zstandard")
    rows = "".join(json.dumps({"id": str(i), "text": f"text {i}"}) + "\n" for i in range(3))
    (tmp_path / "c.jsonl.zst").write_bytes(zstandard.ZstdCompressor().compress(rows.encode()))
    assert [r.text for r in iter_records([str(tmp_path / "c.jsonl.zst")])] == ["text 0", "text 1", "text 2"]


def test_overlong_jsonl_line_is_skipped_not_held(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    with f.open("wb") as out:
        out.write(b'{"id": "big", "text": "' + b"x" * 5_000_000 + b'"}\n')
        out.write(b'{"id": "small", "text": "fine"}\n')
    recs = list(iter_records([str(f)], max_bytes=1000))
    assert [r.id for r in recs] == ["c.jsonl:1", "small"]
    assert recs[0].error == "line 1 is more than 1000 bytes, the size limit"


def test_directory_of_many_tiny_files_streams(tmp_path: Path) -> None:
    n = int(os.environ.get("SEEDCLEAN_TINY_FILES", "20000"))  # 100000 on demand (about 20 s here)
    for d in range(100):
        sub = tmp_path / f"{d:03d}"
        sub.mkdir()
        for i in range(n // 100):
            (sub / f"{i:04d}.txt").write_bytes(b"x")
    count = 0
    first = None
    for rec in iter_records([str(tmp_path)]):
        first = first or rec.id
        count += 1
    assert count == n and first == "000/0000.txt"


def test_sink_refuses_names_outside_root(tmp_path: Path) -> None:
    sink = OutputSink(tmp_path / "out")
    for bad in ("../x.txt", "/etc/x.txt"):
        with pytest.raises(OutputError):
            sink.write("file", bad, {"id": "x", "text": "t", "meta": {}})
    sink.close()
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["dropped.jsonl"]


def test_jsonl_named_dropped_does_not_clobber_dropped_list(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    write_jsonl(src / "dropped.jsonl", [{"id": "a", "text": article(random.Random(5))}, "{bad"])
    out = tmp_path / "out"
    run_clean([str(src)], out, options=RunOptions(jobs=1))
    assert json.loads((out / "dropped.1.jsonl").read_text())["id"] == "a"
    assert json.loads((out / "dropped.jsonl").read_text())["id"] == "dropped.jsonl:2"
