"""End-to-end tests of ``seedclean dedup`` through ``seedclean.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from seedclean.cli import main

TEXT = "the council met on monday to discuss the new bridge over the river and the railway station"
DOCS = [
    {"id": "a", "text": TEXT},
    {"id": "b", "text": TEXT.upper() + "!"},
    {"id": "c", "text": TEXT + " again"},
    {"id": "d", "text": "a different report about the weather in the village this summer"},
]


def _write(path: Path, rows: list[dict[str, str]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_dedup_writes_pairs_clusters_and_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path / "in.jsonl", DOCS)
    out = tmp_path / "out"
    code = main(["dedup", str(src), "--threshold", "0.8", "-o", str(out / "kept.jsonl"),
                 "--pairs", str(out / "pairs.tsv"), "--clusters", str(out / "clusters.tsv")])
    assert code == 0
    pairs = [line.split("\t") for line in (out / "pairs.tsv").read_text().splitlines()]
    assert [p[:2] for p in pairs] == [["a", "b"], ["a", "c"], ["b", "c"]]
    assert pairs[0][2] == "1.000000" and float(pairs[1][2]) >= 0.8
    clusters = dict(line.split("\t") for line in (out / "clusters.tsv").read_text().splitlines())
    assert clusters == {"a": "c", "b": "c", "c": "c", "d": "d"}  # longest text is kept
    kept = [json.loads(line)["id"] for line in (out / "kept.jsonl").read_text().splitlines()]
    assert kept == ["c", "d"]
    assert "4 documents, 2 kept" in capsys.readouterr().err
    assert not list(out.glob(".*tmp"))


def test_dedup_index_incremental_and_mismatch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    index = str(tmp_path / "idx.sqlite")
    first = _write(tmp_path / "one.jsonl", DOCS[:1])
    second = _write(tmp_path / "two.jsonl", DOCS[1:])
    assert main(["dedup", str(first), "--index", index, "-q"]) == 0
    pairs = tmp_path / "pairs.tsv"
    assert main(["dedup", str(second), "--index", index, "--pairs", str(pairs), "-q"]) == 0
    assert [line.split("\t")[:2] for line in pairs.read_text().splitlines()] == [["a", "b"], ["a", "c"],
                                                                                  ["b", "c"]]
    capsys.readouterr()
    assert main(["dedup", str(second), "--index", index, "--num-perm", "64"]) == 2
    err = capsys.readouterr().err
    assert "num_perm" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_dedup_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = _write(tmp_path / "in.jsonl", DOCS)
    assert main(["dedup", str(src), "--threshold", "1.5"]) == 2
    assert main(["dedup", str(src), str(tmp_path / "missing.jsonl"), "-q"]) == 1
    err = capsys.readouterr().err
    assert "missing.jsonl" in err and "Traceback" not in err
