"""Tests of corpus runs: accounting, determinism across jobs, outputs, safety of names."""

from __future__ import annotations

import gzip
import io
import json
import random
from pathlib import Path

import pytest
from strategies import article, make_corpus, write_jsonl

from seedclean.config import CleanConfig
from seedclean.corpus import RunOptions, check_output_dir, run_clean
from seedclean.corpus.templates import TemplateCounter
from seedclean.errors import ConfigError, InputError, OutputError

SMALL = RunOptions(jobs=1, chunk_docs=4)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _output_records(out: Path) -> list[dict[str, object]]:
    rows = []
    for p in sorted(out.rglob("*.jsonl")):
        if p.name != "dropped.jsonl":
            rows += [json.loads(line) for line in p.read_text(encoding="utf-8").splitlines()]
    return rows


def _dropped(out: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in (out / "dropped.jsonl").read_text(encoding="utf-8").splitlines()]


def test_every_input_is_kept_or_dropped(tmp_path: Path) -> None:
    src = tmp_path / "in"
    n = make_corpus(src)
    rng = random.Random(5)
    write_jsonl(src / "bad.jsonl", ["{oops", {"id": "m"}, {"id": "n", "text": 7}, {"id": "j0", "text": "x"},
                                    {"id": "dup", "text": article(rng)}, {"id": "dup", "text": article(rng)}])
    (src / "empty.txt").write_bytes(b"")
    n += 6 + 1
    out = tmp_path / "out"
    res = run_clean([str(src)], out, options=SMALL)
    s = res.summary
    kept_files = list(out.glob("*.txt"))
    assert s.docs_in == n == s.kept + s.dropped
    assert s.kept == len(kept_files) + len(_output_records(out))
    assert s.dropped == len(_dropped(out))
    reasons = {d["id"]: d["reason"] for d in _dropped(out)}
    assert "not valid JSON" in reasons["bad.jsonl:1"]
    assert "no 'text'" in reasons["m"] and "not a string" in reasons["n"]
    assert "duplicate id 'dup'" in " ".join(reasons.values())
    assert reasons["empty.txt"] == "no content left after cleaning"
    assert s.failed == 4  # bad line, missing text, non-string text, repeated id


def test_output_is_identical_for_any_jobs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_corpus(src, n_files=8, n_jsonl=24)
    (src / "zcopy.txt").write_bytes((src / "page03.txt").read_bytes())
    outs = []
    for jobs in (1, 2):
        out = tmp_path / f"out{jobs}"
        run_clean([str(src)], out, options=RunOptions(jobs=jobs, chunk_docs=3, shard_size=7))
        outs.append(_tree(out))
    assert outs[0] == outs[1]
    assert any("duplicate of page03.txt" in line for line in outs[0]["dropped.jsonl"].decode().splitlines())


def test_jsonl_outputs_keep_ids_fields_and_order(tmp_path: Path) -> None:
    rng = random.Random(1)
    f = tmp_path / "c.jsonl.gz"
    rows = [{"id": f"d{i}", "text": article(rng), "url": f"http://x/{i}"} for i in range(5)]
    f.write_bytes(gzip.compress("".join(json.dumps(r) + "\n" for r in rows).encode()))
    out = tmp_path / "out"
    run_clean([str(f)], out, options=SMALL)
    got = [json.loads(line) for line in (out / "c.jsonl").read_text().splitlines()]
    assert [g["id"] for g in got] == [r["id"] for r in rows]
    assert [g["url"] for g in got] == [r["url"] for r in rows]
    assert all(set(g) == {"id", "text", "meta", "url"} for g in got)


def test_shards_split_records(tmp_path: Path) -> None:
    rng = random.Random(2)
    f = tmp_path / "c.jsonl"
    write_jsonl(f, [{"id": str(i), "text": article(rng)} for i in range(7)])
    out = tmp_path / "out"
    run_clean([str(f)], out, options=RunOptions(jobs=1, shard_size=3))
    names = sorted(p.name for p in out.glob("c-*.jsonl"))
    assert names == ["c-00000.jsonl", "c-00001.jsonl", "c-00002.jsonl"]
    assert [len(_output_records(out))] == [7]


def test_ids_never_write_outside_the_output(tmp_path: Path) -> None:
    rng = random.Random(3)
    f = tmp_path / "in" / "c.jsonl"
    f.parent.mkdir()
    write_jsonl(f, [{"id": "../../escape", "text": article(rng)}, {"id": "/tmp/abs", "text": article(rng)},
                    {"id": "~/home", "text": article(rng)}])
    out = tmp_path / "out"
    before = set(tmp_path.rglob("*"))
    res = run_clean([str(f)], out, options=SMALL)
    new = set(tmp_path.rglob("*")) - before
    assert all(out in p.parents or p == out for p in new)
    assert res.summary.kept == 3
    assert [r["id"] for r in _output_records(out)] == ["../../escape", "/tmp/abs", "~/home"]


def test_same_file_name_twice_is_not_overwritten(tmp_path: Path) -> None:
    rng = random.Random(4)
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.txt").write_text(article(rng))
    out = tmp_path / "out"
    res = run_clean([str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")], out, options=SMALL)
    assert sorted(res.outputs) == ["x.1.txt", "x.txt"]
    assert (out / "x.txt").read_text() != (out / "x.1.txt").read_text()


@pytest.mark.parametrize("layout", ["same", "inside", "contains"])
def test_output_dir_may_not_overlap_input(tmp_path: Path, layout: str) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text("hello")
    out = {"same": src, "inside": src / "out", "contains": tmp_path}[layout]
    arg = str(src / "a.txt") if layout == "contains" else str(src)
    with pytest.raises(OutputError):
        check_output_dir(out, [arg])


def test_strict_stops_at_first_error(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    write_jsonl(f, [{"id": "a", "text": article(random.Random(0))}, "{bad", {"id": "c", "text": "x"}])
    with pytest.raises(InputError, match=r"c\.jsonl line 2"):
        run_clean([str(f)], tmp_path / "out", options=RunOptions(jobs=1, strict=True))


def test_stdout_mode_prints_kept_texts(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_text(article(random.Random(9)))
    buf = io.StringIO()
    res = run_clean([str(f)], None, options=SMALL, stdout=buf)
    assert res.summary.kept == 1
    assert buf.getvalue().startswith("==> a.txt <==\n")


def test_size_limit_drops_record(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "big.txt").write_text(article(random.Random(1)) * 50)
    (tmp_path / "in" / "small.txt").write_text(article(random.Random(2)))
    res = run_clean([str(tmp_path / "in")], tmp_path / "out", CleanConfig(max_bytes=5000), SMALL)
    assert (res.summary.kept, res.summary.failed) == (1, 1)
    assert "above the limit of 5000" in _dropped(tmp_path / "out")[0]["reason"]


def test_resume_with_other_options_is_refused(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_corpus(src, n_files=2, n_jsonl=2)
    out = tmp_path / "out"
    state = out / ".seedclean-run"
    state.mkdir(parents=True)
    (state / "manifest.json").write_text('{"format": 1, "fingerprint": "other"}')
    with pytest.raises(ConfigError, match="other inputs or options"):
        run_clean([str(src)], out, options=RunOptions(jobs=1, resume=True))


def _two_site_pages(rng: random.Random, n: int = 24) -> list[tuple[str, str]]:
    menus = {"a.org": ["Home", "World news", "Sport and weather today", "Contact us"],
             "b.net": ["Start", "Recipes", "Contact us", "2024"]}  # "2024": no letters, never template
    pages = []
    for i in range(n):
        site = "a.org" if i % 2 else "b.net"
        menu = menus[site]
        lines = [*rng.sample(menu, rng.randint(1, 4)), article(rng, 1), *rng.sample(menu, 1)]
        if i % 3 == 0:
            lines.insert(2, "A long quoted sentence that appears in the middle of several of these pages.")
        pages.append((site, "\n".join(lines)))
    return pages


def test_streaming_templates_match_find_template_lines(tmp_path: Path) -> None:
    from seedclean.boilerplate import find_template_lines

    pages = _two_site_pages(random.Random(7))
    tc = TemplateCounter(tmp_path / "t")
    for site, text in pages:
        tc.add(text, site)
    found = tc.resolve(pages)
    expected = {site: find_template_lines([t for s, t in pages if s == site]) for site in ("a.org", "b.net")}
    assert found == expected
    assert "contact us" in found["a.org"] and "contact us" in found["b.net"]
    assert "2024" not in found["b.net"] and "recipes" not in found["a.org"]


def test_runner_removes_the_same_template_lines_as_clean_corpus(tmp_path: Path) -> None:
    # Per site (from each record's url), on the text of HTML pages: the CLI's
    # streaming runner and clean_corpus keep exactly the same text.
    import seedclean

    pages = _two_site_pages(random.Random(11), 18)
    records = []
    for i, (site, text) in enumerate(pages):
        if site == "b.net" and i % 4 == 0:  # some pages as HTML
            text = "<html><body>" + "".join(f"<p>{line}</p>" for line in text.split("\n")) + "</body></html>"
        records.append({"id": f"p{i}", "url": f"https://www.{site}/story/{i}", "text": text})
    f = tmp_path / "c.jsonl"
    write_jsonl(f, records)
    run_clean([str(f)], tmp_path / "out", options=SMALL)
    cli = {str(r["id"]): r["text"] for r in _output_records(tmp_path / "out")}
    api = {d.id: d.text for d in seedclean.clean_corpus(records) if d.dropped is None}
    assert cli == api
    assert all("Contact us" not in t for t in api.values())


def test_input_meta_is_kept_and_merged(tmp_path: Path) -> None:
    f = tmp_path / "c.jsonl"
    write_jsonl(f, [{"id": "a", "text": "date 2025-11-27\n" + article(random.Random(8)),
                     "meta": {"source": "crawl-7", "date": "old"}}])
    run_clean([str(f)], tmp_path / "out", options=SMALL)
    (row,) = _output_records(tmp_path / "out")
    assert row["meta"]["source"] == "crawl-7"
