"""Crash safety: a run killed with SIGKILL resumes with --resume and gives byte-identical output."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from strategies import article, write_jsonl


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _cmd(src: Path, out: Path, *extra: str, verbose: bool = False) -> list[str]:
    return [sys.executable, "-m", "seedclean", *(["-v"] if verbose else []), "clean", str(src),
            "-o", str(out), "-q", "--jobs", "2", "--shard-size", "50", *extra]


def test_sigkill_then_resume_gives_identical_output(tmp_path: Path) -> None:
    rng = random.Random(11)
    src = tmp_path / "in"
    src.mkdir()
    texts = [article(rng, 2) for _ in range(180)]
    texts += texts[:20]  # exact duplicates, so the dedup pass has work
    write_jsonl(src / "c.jsonl", [{"id": f"d{i}", "text": t} for i, t in enumerate(texts)])
    for i in range(10):
        (src / f"p{i}.txt").write_text(article(rng))

    fresh = tmp_path / "fresh"
    subprocess.run(_cmd(src, fresh), check=True, timeout=300)

    out = tmp_path / "out"
    env = {**os.environ, "SEEDCLEAN_TEST_CHUNK_DELAY": "0.4"}
    proc = subprocess.Popen(_cmd(src, out), env=env, start_new_session=True)
    chunks = out / ".seedclean-run" / "chunks"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(chunks.glob("*.jsonl"))) < 2:
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-run
    proc.wait(timeout=30)
    done = len(list(chunks.glob("*.jsonl")))
    assert 2 <= done < 4, "the run must be killed mid-way (4 chunks in all)"
    assert not (out / "dropped.jsonl").exists()

    res = subprocess.run(_cmd(src, out, "--resume", verbose=True), capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    assert f"resuming after {done} finished chunk" in res.stderr
    assert _tree(out) == _tree(fresh)
    assert not (out / ".seedclean-run").exists()


def test_resume_without_state_starts_over(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(article(random.Random(2)))
    out = tmp_path / "out"
    res = subprocess.run(_cmd(src, out, "--resume"), capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    assert (out / "a.txt").exists()


def test_resume_removes_temporary_files_of_a_killed_write(tmp_path: Path) -> None:
    from seedclean.corpus import RunOptions, run_clean

    src = tmp_path / "in"
    src.mkdir()
    write_jsonl(src / "c.jsonl", [{"id": str(i), "text": article(random.Random(i))} for i in range(5)])
    fresh, out = tmp_path / "fresh", tmp_path / "out"
    run_clean([str(src)], fresh, options=RunOptions(jobs=1))
    out.mkdir()
    (out / ".c.jsonl.k3j_x9a2.tmp").write_text("half a file")  # what SIGKILL leaves mid-write
    run_clean([str(src)], out, options=RunOptions(jobs=1, resume=True))
    assert _tree(out) == _tree(fresh)
