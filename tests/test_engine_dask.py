"""Test the Dask engine: same output as the local engine, optional extra, per-partition pieces.

The cluster tests share one ``LocalCluster`` of 2 worker processes (module
fixture); the others need no cluster.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from seedclean.config import CleanConfig, NearDupConfig
from seedclean.engines import _parts, import_dask, import_extra
from seedclean.errors import ConfigError

ROOT = Path(__file__).resolve().parent.parent


def _seed_items() -> list[dict[str, str]]:
    """Return the seeds plus an exact copy, a near copy, a partial copy and a short text."""
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    seeds = [{"id": p.name, "text": p.read_text(encoding="utf-8")} for p in paths]
    base = seeds[3]["text"]
    lines = base.split("\n")
    near = "\n".join([*lines[:-3], "A closing line added by another site that copied the story."])
    return [*seeds,
            {"id": "copy-of-002", "text": seeds[2]["text"]},
            {"id": "near-003", "text": near},
            {"id": "half-004", "text": seeds[4]["text"][: len(seeds[4]["text"]) // 2]},
            {"text": "A short note without an id, about nothing in particular, kept as it is."}]


def _synthetic_records() -> list[tuple[str, str]]:
    """Return (id, text) records with exact, near and far duplicates at several similarities."""
    import random

    rng = random.Random(7)
    words = [f"w{i}" for i in range(400)]
    recs = []
    for k in range(30):
        base = [rng.choice(words) for _ in range(120)]
        recs.append((f"d{k:02d}", " ".join(base)))
        if k % 3 == 0:
            recs.append((f"d{k:02d}-exact", " ".join(base).upper()))
        if k % 3 == 1:
            edited = base[:]
            for j in rng.sample(range(120), 1 + k % 4):
                edited[j] = "changed"
            recs.append((f"d{k:02d}-near", " ".join(edited)))
        if k % 5 == 0:
            recs.append((f"d{k:02d}-half", " ".join(base[:70])))
    recs.append(("empty", "  ...  "))
    rng.shuffle(recs)
    return recs


# --- no cluster needed -------------------------------------------------------------------------


def test_missing_extra_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "distributed", None)  # makes `import distributed` fail
    with pytest.raises(ConfigError, match=r"pip install 'seedclean\[dask\]'"):
        import_dask()


def test_missing_extra_stops_the_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    from seedclean.engines import dask as engine

    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(ConfigError, match=r"seedclean\[dask\]"):
        engine.find_duplicates([("a", "text")])
    with pytest.raises(ConfigError, match=r"seedclean\[dask\]"), engine.connect():
        pass


def test_import_extra_returns_the_module() -> None:
    assert import_extra("json", extra="dask") is json


def test_import_seedclean_loads_no_engine() -> None:
    code = ("import sys, seedclean, seedclean.pipeline, seedclean.corpus; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed') "
            "or m.startswith('seedclean.engines')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_offsets_number_items_across_partitions() -> None:
    assert _parts.offsets([2, 0, 3]) == [0, 2, 2]
    inputs = _parts.normalise_items([{"text": "a"}, {"id": "x", "text": "b"}], [0, 5], 1)
    assert inputs == [("5", "a", None, ""), ("x", "b", None, "")]
    sited = _parts.normalise_items([{"id": "u", "text": "c", "url": "https://www.example.org/a"}], [0])
    assert sited == [("u", "c", None, "example.org")]


def test_partition_template_counts_add_up_to_the_local_site_templates() -> None:
    from seedclean.pipeline import site_template_lines

    menu = "Home\nWorld\nSport\n2024\nA long footer line that names the company and its many offices\n"
    pages = [f"{menu}Story {i} tells about the harbour.\n{'Shared line. ' * (i % 2)}\n{menu}"
             for i in range(7)]
    html = [f"<html><body><p>Home</p><p>World</p><p>Page {i} is about trains.</p></body></html>"
            for i in range(4)]
    items = [{"id": f"p{i}", "text": t, "url": f"https://a.example/{i}"} for i, t in enumerate(pages)]
    items += [{"id": f"h{i}", "text": t.encode("utf-8"), "url": f"http://www.b.example/{i}"}
              for i, t in enumerate(html)]
    items += [{"id": f"n{i}", "text": t} for i, t in enumerate(pages[:4])]
    cfg = CleanConfig()
    inputs = _parts.normalise_items(items, [0])
    want = site_template_lines([x[:3] for x in inputs], [x[3] for x in inputs], cfg)
    assert set(want) == {"a.example", "b.example", ""} and all(want.values())
    assert "2024" not in want["a.example"]  # no letters: never template
    parts = [_parts.count_template_lines(inputs[:5], cfg), _parts.count_template_lines(inputs[5:], cfg)]
    assert _parts.merge_template_counts(parts, cfg) == want


def test_sketch_does_not_depend_on_partitioning() -> None:
    from seedclean.engines import _dedup_parts as dp

    recs = _synthetic_records()
    cfg = NearDupConfig()
    whole = dp.sketch(recs, cfg)
    a, b = dp.sketch(recs[:17], cfg), dp.sketch(recs[17:], cfg)
    import numpy as np

    assert (np.concatenate([a.bands, b.bands]) == whole.bands).all()
    assert (np.concatenate([a.exact, b.exact]) == whole.exact).all()


def test_packed_documents_survive_pickle() -> None:
    import pickle

    from seedclean import clean

    doc = clean("Menu\nHome\n\nThe mayor opened the new bridge on Monday after four years of work.\n", id="x")
    assert _parts.unpack(pickle.loads(pickle.dumps(_parts.pack(doc)))) == doc


# --- on a LocalCluster of 2 worker processes ---------------------------------------------------


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    pytest.importorskip("dask.bag")
    distributed = pytest.importorskip("distributed")
    with (distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                   dashboard_address=":0") as cluster,
          distributed.Client(cluster) as c):
        yield c


def test_clean_bag_equals_local_engine(client) -> None:  # type: ignore[no-untyped-def]
    import dask.bag as db

    from seedclean import clean_corpus
    from seedclean.engines.dask import clean_bag
    from seedclean.pipeline import dedup_documents

    items = _seed_items()
    bag = db.from_sequence(items, npartitions=3)
    local = list(clean_corpus(items, dedup=False))
    assert clean_bag(bag).compute() == [d.to_dict() for d in local]
    want = [d.to_dict() for d in dedup_documents(local, CleanConfig())]  # what clean_corpus does
    assert any(d.get("dropped", "").startswith(("near-duplicate", "exact duplicate")) for d in want)
    assert clean_bag(bag, dedup=True).compute() == want


def test_clean_bag_with_sites_and_without_templates_equals_local_engine(client) -> None:  # type: ignore[no-untyped-def]
    import dask.bag as db

    from seedclean import clean_corpus
    from seedclean.engines.dask import clean_bag

    head = "The harbour office is open from nine to five on weekdays.\n"
    items = [{**item, "url": f"https://www.site{k % 2}.example/{k}"}
             for k, item in enumerate(_seed_items())]
    items += [{"id": f"m{k}", "url": f"https://site{k % 3}.example/m{k}",
               "text": f"{head}Story {k} is about the harbour, the boats and the northern sea.\n"
                       f"The tide came in at noon and boat {k} left.\n"} for k in range(8)]
    bag = db.from_sequence(items, npartitions=4)
    for templates in (True, False):
        want = [d.to_dict() for d in clean_corpus(items, templates=templates)]
        assert clean_bag(bag, dedup=True, templates=templates).compute() == want
    assert want != [d.to_dict() for d in clean_corpus(items)]  # site templates changed pages


def test_clean_bag_takes_a_dataframe(client) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("pandas")
    import dask.bag as db

    from seedclean import clean_corpus
    from seedclean.engines.dask import clean_bag

    all_items = _seed_items()
    items = [*all_items[:2], all_items[-1]]  # two seeds and the item without an id
    frame = db.from_sequence(items, npartitions=2).to_dataframe().persist()
    out = clean_bag(frame).compute()
    want = [d.to_dict() for d in clean_corpus(items, dedup=False)]
    assert list(out["id"]) == [d["id"] for d in want]
    assert list(out["text"]) == [d["text"] for d in want]
    assert [json.loads(m) for m in out["meta"]] == [d["meta"] for d in want]


def test_dedup_equals_find_duplicates(client) -> None:  # type: ignore[no-untyped-def]
    import dask.bag as db

    from seedclean.engines.dask import dedup
    from seedclean.neardup import find_duplicates

    recs = _synthetic_records()
    prio = {i: (len(t),) for i, t in recs}
    for cfg in (NearDupConfig(), NearDupConfig(threshold=0.5, similarity="containment")):
        want = find_duplicates(recs, config=cfg, priority=prio)
        got = dedup(db.from_sequence(recs, npartitions=4), config=cfg, priority=prio)
        assert want.pairs and any(s < 1.0 for _, _, s in want.pairs)
        assert got == want
    assert dedup(db.from_sequence([], npartitions=1)) == find_duplicates([])


def test_dedup_refuses_repeated_ids_like_the_local_engine(client) -> None:  # type: ignore[no-untyped-def]
    import dask.bag as db

    from seedclean.engines.dask import dedup
    from seedclean.errors import InputError

    with pytest.raises(InputError, match="duplicate document id 'a'"):
        dedup(db.from_sequence([("a", "x y z"), ("b", "u v"), ("a", "p q")], npartitions=2))


def test_cli_find_duplicates_on_a_scheduler(client) -> None:  # type: ignore[no-untyped-def]
    from seedclean.engines.dask import find_duplicates as on_dask
    from seedclean.neardup import find_duplicates

    recs = _synthetic_records()
    prio = {i: (len(t),) for i, t in recs}
    addr = client.scheduler.address
    assert on_dask(recs, priority=prio, scheduler=addr) == find_duplicates(recs, priority=prio)


def test_incremental_index_runs_equal_the_local_engine(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # Two batches into a fresh SQLite index each: the Dask run (sketches on the
    # workers) finds the same pairs and clusters as the local run, batch by batch,
    # including pairs with documents indexed by the first batch.
    from seedclean.engines.dask import find_duplicates as on_dask
    from seedclean.index import open_index
    from seedclean.neardup import find_duplicates

    recs = _synthetic_records()
    half = len(recs) // 2
    prio = {i: (len(t),) for i, t in recs}
    results = {}
    for engine in ("local", "dask"):
        index = open_index(str(tmp_path / f"{engine}.sqlite"), config=NearDupConfig())
        try:
            runs = []
            for batch in (recs[:half], recs[half:]):
                if engine == "local":
                    runs.append(find_duplicates(batch, priority=prio, index=index))
                else:
                    addr = client.scheduler.address
                    runs.append(on_dask(batch, priority=prio, index=index, scheduler=addr))
        finally:
            index.close()
        results[engine] = runs
    assert results["dask"] == results["local"]
    old_ids = {i for i, _ in recs[:half]}
    assert any((a in old_ids) != (b in old_ids) for a, b, _ in results["dask"][1].pairs)  # across batches


HEAD = "The harbour office is open from nine to five on weekdays.\n"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_run_clean_writes_the_same_bytes(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from seedclean.corpus import RunOptions, run_clean
    from seedclean.engines.dask import run_clean as run_clean_dask

    src = tmp_path / "in"
    (src / "pages").mkdir(parents=True)
    items = _seed_items()
    with (src / "docs.jsonl").open("w", encoding="utf-8") as f:
        for n, item in enumerate(items):
            f.write(json.dumps({"id": item.get("id", f"n{n}"), "text": item["text"], "src": "t"}) + "\n")
        for k in range(5):  # a site template line, found per site (url host) by the template passes
            text = f"{HEAD}Story {k} is about the harbour, the boats and the northern sea.\nBoat {k} left.\n"
            f.write(json.dumps({"id": f"t{k}", "text": text, "url": f"https://www.news.example/{k}"}) + "\n")
        f.write("{not json\n")
    (src / "pages" / "a.txt").write_bytes(items[1]["text"].encode("utf-8"))
    (src / "pages" / "b.txt").write_bytes(items[4]["text"].encode("cp1251", "replace"))
    opts = RunOptions(jobs=1, chunk_docs=3)
    local = run_clean([str(src)], tmp_path / "local", None, opts)
    remote = run_clean_dask([str(src)], tmp_path / "dask", None, opts, scheduler=client.scheduler.address)
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")
    assert not any(HEAD.strip().encode() in b for b in _tree(tmp_path / "local").values())
    assert remote.summary.to_dict() == local.summary.to_dict()
    assert local.summary.reasons["unreadable"] == 1 and local.summary.dropped > 1


def test_engine_flags_pick_the_runner() -> None:
    import argparse

    from seedclean.corpus import run_clean
    from seedclean.engines import add_engine_arguments, clean_runner, dedup_finder
    from seedclean.neardup import find_duplicates

    p = argparse.ArgumentParser()
    add_engine_arguments(p)
    assert clean_runner(p.parse_args([])) is run_clean
    assert dedup_finder(p.parse_args(["--engine", "local"])) is find_duplicates
    with pytest.raises(ConfigError, match="--scheduler needs --engine dask"):
        clean_runner(p.parse_args(["--scheduler", "tcp://127.0.0.1:8786"]))
    pytest.importorskip("distributed")
    finder = dedup_finder(argparse.Namespace(engine="dask", scheduler=None, index="idx.sqlite"))
    assert finder.keywords == {"scheduler": None}  # type: ignore[attr-defined]  (--index works on Dask too)
    runner = clean_runner(p.parse_args(["--engine", "dask", "--scheduler", "tcp://h:1"]))
    assert runner.keywords == {"scheduler": "tcp://h:1"}  # type: ignore[attr-defined]


def _cli_has_engine(command: str) -> bool:
    from seedclean.cli import build_parser

    sub = build_parser()._subparsers._group_actions[0].choices[command]  # type: ignore[union-attr]
    return any("--engine" in a.option_strings for a in sub._actions)


def test_cli_engine_dask_writes_the_same_files(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from seedclean.cli import main

    if not (_cli_has_engine("clean") and _cli_has_engine("dedup")):
        pytest.skip("the CLI does not have --engine yet")
    src = tmp_path / "docs.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for n, item in enumerate(_seed_items()):
            f.write(json.dumps({"id": item.get("id", f"n{n}"), "text": item["text"]}) + "\n")
    addr = ["--engine", "dask", "--scheduler", client.scheduler.address]
    for name, extra in (("local", []), ("dask", addr)):
        out = tmp_path / name
        assert main(["clean", str(src), "-o", str(out / "clean"), "-q", *extra]) == 0
        assert main(["dedup", str(src), "--pairs", str(out / "pairs.tsv"), "--clusters",
                     str(out / "clusters.tsv"), "-o", str(out / "kept.jsonl"), "-q", *extra]) == 0
        # --index with either engine: the same PAIRS file (the index itself stays outside the tree)
        assert main(["dedup", str(src), "--index", str(tmp_path / f"{name}.sqlite"), "--pairs",
                     str(out / "indexed-pairs.tsv"), "-q", *extra]) == 0
    assert _tree(tmp_path / "dask") == _tree(tmp_path / "local")
    assert (tmp_path / "local" / "pairs.tsv").read_text(encoding="utf-8")


def test_connect_checks_the_workers_version(client, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import seedclean
    from seedclean.engines.dask import check_workers, connect

    with connect(client.scheduler.address) as c:
        assert c.submit(sum, [1, 2]).result() == 3
    monkeypatch.setattr(seedclean, "__version__", "0.0.0-other")
    with pytest.raises(ConfigError, match="another seedclean"):
        check_workers(client)


def test_connect_names_an_unreachable_scheduler() -> None:
    pytest.importorskip("distributed")
    import dask

    from seedclean.engines.dask import connect

    with dask.config.set({"distributed.comm.timeouts.connect": "1s"}), \
            pytest.raises(ConfigError, match="cannot reach the Dask scheduler"), connect("tcp://127.0.0.1:9"):
        pass


def test_clean_bag_reads_paths_on_any_scheduler(tmp_path: Path) -> None:
    db = pytest.importorskip("dask.bag")
    import dask

    from seedclean import clean_corpus
    from seedclean.engines.dask import clean_bag

    page = "Home\nNews\n\nThe council approved the budget on Tuesday after a debate about roads.\n"
    (tmp_path / "a.txt").write_text(page + "The library will open later this year.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text("".join(
        json.dumps({"id": f"j{i}", "text": page + f"Story {i} is about the harbour and its boats.\n"}) + "\n"
        for i in range(3)), encoding="utf-8")
    items = [str(tmp_path / "a.txt"), str(tmp_path / "b.jsonl"), {"text": page}]
    with dask.config.set(scheduler="sync"):
        got = clean_bag(db.from_sequence(items, npartitions=2)).compute()
    assert got == [d.to_dict() for d in clean_corpus(items, dedup=False)]
    assert [d["id"] for d in got] == ["a.txt", "j0", "j1", "j2", "2"]
