"""Tests of the streaming readers and the atomic, path-safe writers."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from seedclean.errors import OutputError
from seedclean.io import atomic_write, iter_records, safe_output_path


def _jsonl(path: Path, rows: list[object]) -> None:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))


def test_directory_is_walked_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "x.txt").write_text("bx")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "c.txt").write_text("c")
    ids = [r.id for r in iter_records([str(tmp_path)])]
    assert ids == ["a.txt", "b/x.txt", "c.txt"]


def test_every_nonblank_jsonl_line_is_one_record(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl"
    _jsonl(f, [{"id": "a", "text": "x"}, "{oops", {"id": "b"}, {"id": "c", "text": 5},
               {"id": "a", "text": "again"}, "", {"text": "no id"}])
    recs = list(iter_records([str(f)]))
    assert [r.error is None for r in recs] == [True, False, False, False, False, True]
    assert "not valid JSON" in (recs[1].error or "")
    assert "no 'text'" in (recs[2].error or "")
    assert "int, not a string" in (recs[3].error or "")
    assert "duplicate id" in (recs[4].error or "")
    assert recs[5].id == "in.jsonl:7"


def test_truncated_gzip_is_reported_not_raised(tmp_path: Path) -> None:
    f = tmp_path / "in.jsonl.gz"
    payload = gzip.compress(b"".join(json.dumps({"id": str(i), "text": "t" * 50}).encode() + b"\n"
                                     for i in range(200)))
    f.write_bytes(payload[: len(payload) // 2])
    recs = list(iter_records([str(f)]))
    assert recs[-1].error is not None and "cannot read the rest" in recs[-1].error
    assert all(r.error is None for r in recs[:-1])


def test_size_limit(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_text("x" * 100)
    (rec,) = iter_records([str(tmp_path / "big.txt")], max_bytes=10)
    assert rec.error is not None and "above the limit" in rec.error and rec.data is None


def test_missing_file(tmp_path: Path) -> None:
    (rec,) = iter_records([str(tmp_path / "nope.txt")])
    assert rec.error == "no such file or directory"


@pytest.mark.parametrize("name", ["../x", "/etc/passwd", "a/../../x", "", "~/x"])
def test_unsafe_output_names_are_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        safe_output_path(tmp_path, name)


def test_atomic_write_leaves_old_file_on_error(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_write(target) as f:
        f.write(b"new")
        raise RuntimeError
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
