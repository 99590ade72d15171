"""Tests of ``seedclean clean`` options: stdin, jobs, shards, report, resume/strict usage, quiet."""

from __future__ import annotations

import io
import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
from strategies import article, make_corpus

from seedclean.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_stdin_to_stdout(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    page = "Home\nNews\n\n" + article(random.Random(1))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page.encode())))
    assert main(["clean", "-"]) == 0
    cap = capsys.readouterr()
    assert cap.out.startswith(page.split("\n\n")[1][:40])
    assert cap.err == ""


def test_stdin_with_output_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(article(random.Random(2)).encode())))
    assert main(["clean", "-", "-o", str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out" / "stdin.txt").read_text().strip()


BAD = [["--jobs", "0"], ["--max-bytes", "-3"], ["--shard-size", "x"], ["--resume"]]


@pytest.mark.parametrize("argv", BAD)
def test_bad_options_are_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      argv: list[str]) -> None:
    (tmp_path / "a.txt").write_text("hello")
    assert main(["clean", str(tmp_path / "a.txt"), *argv]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_report_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    n = make_corpus(src, n_files=4, n_jsonl=6)
    (src / "copy.jsonl").write_text(json.dumps({"id": "cp", "text": (src / "page01.txt").read_text()}) + "\n")
    out, rep = tmp_path / "out", tmp_path / "rep"
    assert main(["clean", str(src), "-o", str(out), "--report", str(rep), "--jobs", "1"]) == 0
    summary = capsys.readouterr().out
    assert f"{n + 1} documents in" in summary and len(summary.splitlines()) < 40
    report = json.loads((rep / "report.json").read_text())
    assert report["in"] == n + 1 == report["kept"] + report["dropped"]
    assert report["clusters"]["count"] == 1


def test_jobs_and_shards_give_identical_bytes(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_corpus(src, n_files=3, n_jsonl=150)  # 3 chunks of 64: two workers really run
    trees = []
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main(["clean", str(src), "-o", str(out), "-q", "--jobs", jobs, "--shard-size", "60"]) == 0
        trees.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert trees[0] == trees[1]
    assert sorted(n for n in trees[0] if n.startswith("docs")) == ["docs-00000.jsonl", "docs-00001.jsonl",
                                                                   "docs-00002.jsonl"]


def test_no_progress_bar_when_piped(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(article(random.Random(3)))
    res = subprocess.run([sys.executable, "-m", "seedclean", "clean", str(src), "-o", str(tmp_path / "o")],
                         capture_output=True, text=True, timeout=120)
    assert res.returncode == 0
    assert res.stderr == ""  # no bar, no carriage returns
    assert "1 documents in" in res.stdout


def test_progress_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from seedclean.cli.clean import _progress_bar

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    err = Tty()
    monkeypatch.setattr(sys, "stderr", err)
    update, close = _progress_bar(quiet=False)
    assert update is not None
    update(5, 10)
    update(10, 10)
    close()
    assert "doc" in err.getvalue() and "\r" in err.getvalue()
    assert _progress_bar(quiet=True)[0] is None
