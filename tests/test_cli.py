"""Tests of the command line, in-process through main(), plus one subprocess smoke test."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from seedclean.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert "seedclean" in capsys.readouterr().out
    assert main(["--help"]) == 0
    assert "clean" in capsys.readouterr().out


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["clean"]) == 2
    assert main(["frobnicate"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_clean_seeds_writes_outputs_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["clean", str(ROOT / "seeds"), "-o", str(out), "--jobs", "1"]) == 0
    summary = capsys.readouterr().out
    assert "5 documents in" in summary
    names = sorted(p.name for p in out.iterdir())
    assert "dropped.jsonl" in names
    assert sum(n.endswith(".txt") for n in names) == 5
    text = next(out.glob("003_*.txt")).read_text(encoding="utf-8")
    assert "\u0434\u0435\u043a\u0430\u0431\u0440\u044f" not in text or "äåêàáðÿ" not in text


def test_jsonl_in_jsonl_out_and_accounting(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    para = "A paragraph of ordinary prose that is long enough to be kept by the cleaner, surely."
    rows = [{"id": "a", "text": para}, {"id": "b", "text": para}, "not json",
            {"id": "c", "text": "Different text entirely, about another subject, written at length."}]
    src.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows))
    out = tmp_path / "out"
    assert main(["clean", str(src), "-o", str(out), "--jobs", "1"]) == 1  # one bad line
    kept = [json.loads(x) for x in (out / "in.jsonl").read_text().splitlines()]
    dropped = [json.loads(x) for x in (out / "dropped.jsonl").read_text().splitlines()]
    assert [k["id"] for k in kept] == ["a", "c"]
    assert {"id", "text", "meta"} <= set(kept[0])
    assert len(kept) + len(dropped) == 4
    assert any("duplicate of a" in d["reason"] for d in dropped)


def test_output_inside_input_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("hello")
    assert main(["clean", str(tmp_path), "-o", str(tmp_path / "out")]) == 2
    assert "inside input directory" in capsys.readouterr().err


def test_explain_marks_removed_lines(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(next((ROOT / "seeds").glob("002_*.txt")))]) == 0
    out = capsys.readouterr().out
    assert "- [" in out  # removed lines are marked with their reason
    assert out.count("\n") > 20


def test_stdin_to_stdout_subprocess() -> None:
    page = (ROOT / "seeds" / next(p.name for p in (ROOT / "seeds").glob("001_*.txt"))).read_bytes()
    p = subprocess.run([sys.executable, "-m", "seedclean", "clean", "-"], input=page,
                       capture_output=True, check=False)
    assert p.returncode == 0, p.stderr.decode()
    assert p.stdout.decode("utf-8").startswith(page.decode("utf-8").split()[2])
    assert b"Traceback" not in p.stderr
