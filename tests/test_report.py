"""Tests of the run report: counts add up, JSON is complete, the HTML opens and has its charts."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

from strategies import make_corpus

from seedclean.corpus import RunOptions, run_clean
from seedclean.report import build_report, write_report


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.scripts = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.ids.update(v for k, v in attrs if k == "id" and v)
        self.scripts += tag == "script"

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _run(tmp_path: Path) -> tuple[dict[str, object], Path]:
    src = tmp_path / "in"
    make_corpus(src, n_files=4, n_jsonl=8)
    (src / "zz-copy.txt").write_bytes((src / "page02.txt").read_bytes())
    (src / "junk.jsonl").write_text("{bad\n")
    page = (src / "page03.txt").read_text()
    (src / "page03.txt").write_text("Home | News | Sport | Contact\n\n" + page + "\nShare on Facebook\n"
                                    "© 2024 Example News. All rights reserved.\n")
    res = run_clean([str(src)], tmp_path / "out", options=RunOptions(jobs=1))
    rep = tmp_path / "rep"
    return write_report(rep, res), rep


def test_report_json_counts(tmp_path: Path) -> None:
    report, rep = _run(tmp_path)
    on_disk = json.loads((rep / "report.json").read_text())
    assert on_disk == json.loads(json.dumps(report))
    for key in ("in", "kept", "dropped"):
        assert isinstance(on_disk[key], int)
    assert on_disk["in"] == on_disk["kept"] + on_disk["dropped"] == 14
    assert on_disk["dropped_by_reason"] == {"exact duplicate": 1, "unreadable": 1}
    assert on_disk["clusters"] == {"count": 1, "documents": 2, "sizes": {"2": 1}}
    assert on_disk["similarity_histogram"] == {"1.00": 1}
    assert {"templates", "clean", "dedup", "write", "total"} <= set(on_disk["timings"])
    assert on_disk["throughput"]["mb_per_s"] is not None
    assert on_disk["stages"]["boilerplate"]["documents"] == 1
    assert any(k.startswith("boilerplate: ") for k in on_disk["bytes_removed"])
    dropped = (tmp_path / "out" / "dropped.jsonl").read_text().splitlines()
    assert len(dropped) == on_disk["dropped"]


def test_report_html_opens_with_charts(tmp_path: Path) -> None:
    _, rep = _run(tmp_path)
    page = _Page()
    page.feed((rep / "report.html").read_text(encoding="utf-8"))
    assert {"counts", "stages", "raw", "cluster-sizes", "similarity", "dropped-by-reason"} <= page.ids
    assert page.scripts >= 5  # plotly.js once, then one script per chart
    text = "".join(page.text)
    assert "seedclean run report" in text and "Plotly.newPlot" in text


def test_timings_only_in_report(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_corpus(src, n_files=2, n_jsonl=3)
    outs = []
    for k in range(2):
        out = tmp_path / f"o{k}"
        res = run_clean([str(src)], out, options=RunOptions(jobs=1))
        outs.append({p.name: p.read_bytes() for p in out.iterdir()})
        assert build_report(res)["in"] == 5
    assert outs[0] == outs[1]
