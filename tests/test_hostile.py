# ruff: noqa: RUF001 - Cyrillic test text
"""Hostile inputs through the CLI: each is cleaned or named on stderr; exit 0 or 1, never a traceback."""

from __future__ import annotations

import codecs
import gzip
import json
import os
import random
from pathlib import Path

import pytest
from strategies import article, write_jsonl

from seedclean.cli import main

TEXT = ("Ünïcödé text about the harbour: the boats came back before the storm, said the mayor. "
        "The council will meet again in the spring to talk about the new bridge and the school.\n")
CYR = ("Привет, мир! Это обычный текст новости о погоде в городе и о людях, которые живут у реки. "
       "Вечером мэр сказал, что мост построят до зимы, и жители были рады этой новости.\n")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["clean", *argv])
    cap = capsys.readouterr()
    assert "Traceback" not in cap.err + cap.out
    assert code in (0, 1)
    return code, cap.out, cap.err


def _single(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes,
            *flags: str) -> tuple[int, str, list[dict[str, str]], str]:
    src = tmp_path / "in"
    src.mkdir(exist_ok=True)
    (src / name).write_bytes(data)
    out = tmp_path / "out"
    code, _, err = _run(capsys, str(src / name), "-o", str(out), "-q", "--jobs", "1", *flags)
    dropped = [json.loads(x) for x in (out / "dropped.jsonl").read_text().splitlines()]
    kept = (out / name).read_text(encoding="utf-8") if (out / name).exists() else ""
    assert len(dropped) + (1 if (out / name).exists() else 0) >= 1  # in = kept + dropped
    return code, kept, dropped, err


def test_binary_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40
    code, kept, dropped, err = _single(tmp_path, capsys, "image.png", data)
    assert "\x00" not in kept
    assert (code == 0 and (kept or dropped)) or ("image.png" in err)


def test_nul_bytes_are_removed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, kept, _, _ = _single(tmp_path, capsys, "nul.txt", TEXT.encode().replace(b" ", b" \x00", 3))
    assert code == 0
    assert "\x00" not in kept and "harbour" in kept


def test_invalid_utf8_is_decoded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, kept, _, _ = _single(tmp_path, capsys, "bad.txt", TEXT.encode() + b"\xff\xfe\xc3(" + TEXT.encode())
    assert code == 0
    assert "harbour" in kept


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
def test_utf16_and_utf32(tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str) -> None:
    text = TEXT + "\n" + CYR
    code, kept, _, _ = _single(tmp_path, capsys, "wide.txt", text.encode(codec))
    assert code == 0
    assert "harbour" in kept and "Привет" in kept


@pytest.mark.parametrize("bom", [codecs.BOM_UTF16_LE, codecs.BOM_UTF32_LE, codecs.BOM_UTF8])
def test_bom_is_not_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str], bom: bytes) -> None:
    codecs_of = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF32_LE: "utf-32-le", codecs.BOM_UTF8: "utf-8"}
    codec = codecs_of[bom]
    code, kept, _, _ = _single(tmp_path, capsys, "bom.txt", bom + TEXT.encode(codec))
    assert code == 0
    assert not kept.startswith("\ufeff") and "harbour" in kept


def test_empty_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, kept, dropped, _ = _single(tmp_path, capsys, "empty.txt", b"")
    assert code == 0 and not kept
    assert dropped == [{"id": "empty.txt", "reason": "no content left after cleaning",
                        "where": str(tmp_path / "in" / "empty.txt")}]


def test_wrong_declared_charset(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    body = f"<html><head><meta charset='utf-8'><title>t</title></head><body><p>{CYR}</p></body></html>"
    code, kept, _, _ = _single(tmp_path, capsys, "page.html", body.encode("cp1251"))
    assert code == 0
    assert "Привет" in kept


def test_huge_single_line_is_refused_by_size_limit(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    big = tmp_path / "in" / "line.txt"
    big.parent.mkdir()
    with big.open("wb") as f:  # 200 MB on one line, written in pieces
        piece = b"word " * 200_000
        for _ in range(200):
            f.write(piece)
    jl = tmp_path / "in" / "line.jsonl"
    with jl.open("wb") as f:
        f.write(b'{"id": "huge", "text": "')
        for _ in range(200):
            f.write(piece)
        ok = {"id": "ok", "text": article(random.Random(1))}
        f.write(b'"}\n' + json.dumps(ok).encode() + b"\n")
    out = tmp_path / "out"
    code, _, err = _run(capsys, str(tmp_path / "in"), "-o", str(out), "-q", "--max-bytes", "1000000")
    assert code == 1
    assert "line.txt" in err and "above the limit" in err
    assert "line.jsonl line 1" in err
    assert json.loads((out / "line.jsonl").read_text())["id"] == "ok"


def test_long_single_line_is_cleaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = ("The harbour council met again, and the boats stayed in port; " * 16_000).encode()  # 1 MB
    code, kept, _, _ = _single(tmp_path, capsys, "long.txt", line)
    assert code == 0 and kept.startswith("The harbour council met again")


@pytest.mark.skipif(not os.environ.get("SEEDCLEAN_SLOW"), reason="set SEEDCLEAN_SLOW=1: cleans 200 MB")
def test_200mb_single_line_is_cleaned(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    line = b"The harbour council met again, and the boats stayed in port. " * 3_300_000
    code, kept, _, _ = _single(tmp_path, capsys, "huge.txt", line)
    assert code == 0 and len(kept) > 100_000_000


def test_directory_of_many_tiny_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    n = int(os.environ.get("SEEDCLEAN_TINY_FILES", "3000"))  # 100000 on demand; test_io_formats reads more
    src = tmp_path / "tiny"
    for i in range(n):
        d = src / f"{i // 1000:03d}"
        if i % 1000 == 0:
            d.mkdir(parents=True)
        (d / f"{i:06d}.txt").write_bytes(b"x")
    out = tmp_path / "out"
    code, _, _ = _run(capsys, str(src), "-o", str(out), "-q", "--no-dedup")
    assert code == 0
    kept = sum(1 for _ in out.rglob("*.txt"))
    dropped = len((out / "dropped.jsonl").read_text().splitlines())
    assert kept + dropped == n


def test_malformed_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import random

    rng = random.Random(3)
    f = tmp_path / "c.jsonl"
    write_jsonl(f, [{"id": "a", "text": article(rng)}, "{not json", {"id": "b"}, {"id": "c", "text": ["x"]},
                    {"id": "a", "text": article(rng)}, {"id": "../../x", "text": article(rng)},
                    {"id": "/etc/passwd", "text": article(rng)}, "\ufeff", "42", "\x00\x01"])
    out = tmp_path / "out"
    code, _, err = _run(capsys, str(f), "-o", str(out), "-q")
    assert code == 1
    for where in ("c.jsonl line 2", "c.jsonl line 3", "c.jsonl line 4", "c.jsonl line 5"):
        assert where in err
    kept = [json.loads(x) for x in (out / "c.jsonl").read_text().splitlines()]
    dropped = (out / "dropped.jsonl").read_text().splitlines()
    assert len(kept) + len(dropped) == 10
    assert {k["id"] for k in kept} >= {"a", "../../x", "/etc/passwd"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl", "out"]


def test_truncated_gzip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import random

    rng = random.Random(4)
    blob = gzip.compress("".join(json.dumps({"id": str(i), "text": article(rng)}) + "\n"
                                 for i in range(40)).encode())
    f = tmp_path / "c.jsonl.gz"
    f.write_bytes(blob[: len(blob) * 2 // 3])
    out = tmp_path / "out"
    code, _, err = _run(capsys, str(f), "-o", str(out), "-q")
    assert code == 1
    assert "c.jsonl.gz" in err and "cannot read the rest of the file" in err
    assert (out / "c.jsonl").read_text().count("\n") >= 10


def test_strict_exits_1_at_first_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "c.jsonl"
    write_jsonl(f, ["{bad", {"id": "z", "text": "fine"}])
    code, _, err = _run(capsys, str(f), "-o", str(tmp_path / "out"), "--strict", "-q")
    assert code == 1 and "c.jsonl line 1" in err


def test_missing_input_is_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, str(tmp_path / "nope.txt"), "-o", str(tmp_path / "out"), "-q")
    assert code == 1 and "nope.txt" in err and "no such file" in err


def test_no_pickle_or_eval_of_anything() -> None:
    """Nothing in the package can unpickle or evaluate data (state, index and inputs are JSON/bytes)."""
    import ast

    banned_modules = {"pickle", "cPickle", "dill", "cloudpickle", "marshal", "shelve", "joblib"}
    found = []
    for path in sorted((Path(__file__).resolve().parent.parent / "src" / "seedclean").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name.split(".")[0] for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module.split(".")[0]]
            if banned_modules & set(names):
                found.append(f"{path.name}:{node.lineno} imports {names}")
            call = isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
            if call and node.func.id in ("eval", "exec"):  # type: ignore[attr-defined]
                found.append(f"{path.name}:{node.lineno} calls eval/exec")
            if isinstance(node, ast.keyword) and node.arg == "allow_pickle":
                found.append(f"{path.name}:{node.lineno} allow_pickle")
    assert found == []
