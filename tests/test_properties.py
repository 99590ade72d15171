"""Property tests of the pipeline and of corpus runs (hypothesis)."""

from __future__ import annotations

import itertools
import json
import random
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import article, hostile_text, page_text, write_jsonl

from seedclean.config import NearDupConfig
from seedclean.corpus import RunOptions, RunSummary, run_clean
from seedclean.corpus.dedup import stream_duplicates
from seedclean.document import replay
from seedclean.pipeline import clean, clean_text

PIPE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
RUNS = settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])

#: Stages whose edits may put new characters in the text: recorded repairs, and HTML to text.
REPAIR_STAGES = {"encoding", "html", "decode"}


prose_pages = st.builds(lambda seed, n: article(random.Random(seed), n), st.integers(0, 10**6),
                        st.integers(1, 4))


@PIPE
@given(prose_pages)
def test_clean_text_is_idempotent(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@PIPE
@given(st.one_of(page_text, hostile_text))
def test_clean_text_is_idempotent_on_line_pages(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once


@PIPE
@given(st.one_of(page_text, hostile_text))
def test_edits_replay_to_the_output(text: str) -> None:
    doc = clean(text)
    assert replay(text, doc.edits) == doc.text


@PIPE
@given(st.one_of(page_text, hostile_text))
def test_output_has_no_text_that_was_not_in_the_input(text: str) -> None:
    doc = clean(text)
    for e in doc.edits:
        if e.stage in REPAIR_STAGES:
            continue
        new = set(e.replacement) - set(e.before) - set(" \n")
        assert not new, (e.stage, e.reason, e.before, e.replacement)
    # Every character of the output comes from the input or from a recorded repair.
    repaired = {c for e in doc.edits if e.stage in REPAIR_STAGES for c in e.replacement}
    assert set(doc.text) <= set(text) | repaired | set(" \n")


def _corpus(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """Return (id, text) records with exact copies and near copies of earlier ones."""
    recs: list[tuple[str, str]] = []
    for i in range(n):
        roll = rng.random()
        if recs and roll < 0.25:
            recs.append((f"d{i}", rng.choice(recs)[1]))
        elif recs and roll < 0.5:
            words = rng.choice(recs)[1].split(" ")
            words[rng.randrange(len(words))] = "changed"
            recs.append((f"d{i}", " ".join(words)))
        else:
            recs.append((f"d{i}", article(rng, 2)))
    return recs


@RUNS
@given(st.integers(0, 10_000), st.integers(2, 25))
def test_dedup_does_not_depend_on_input_order(seed: int, n: int) -> None:
    from seedclean.neardup import find_duplicates

    rng = random.Random(seed)
    recs = _corpus(rng, n)
    prio = {i: (len(t),) for i, t in recs}
    a = find_duplicates(recs, config=NearDupConfig(), priority=prio)
    shuffled = recs[:]
    rng.shuffle(shuffled)
    b = find_duplicates(shuffled, config=NearDupConfig(), priority=prio)
    assert dict(a.duplicate_of) == dict(b.duplicate_of)


@RUNS
@given(st.integers(0, 10_000), st.integers(2, 25))
def test_streaming_dedup_equals_find_duplicates(seed: int, n: int) -> None:
    from seedclean.neardup import find_duplicates

    recs = _corpus(random.Random(seed), n)
    prio = {i: (len(t), 0) for i, t in recs}
    want = find_duplicates(recs, config=NearDupConfig(), priority=prio)
    got = stream_duplicates(lambda: iter(recs), config=NearDupConfig(), priority=prio)
    assert dict(got.duplicate_of) == dict(want.duplicate_of)
    assert got.pairs == want.pairs


REASONS = ["", "", "boilerplate-only", "unreadable: bad", "near-duplicate of x (jaccard 0.9)"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10_000), st.sampled_from(REASONS), st.floats(0.5, 1.0)),
                max_size=40),
       st.lists(st.integers(1, 40), max_size=6))
def test_summaries_merged_from_shards_equal_one_summary(docs: list[tuple[int, str, float]],
                                                        cuts: list[int]) -> None:
    def summarise(part: list[tuple[int, str, float]]) -> RunSummary:
        s = RunSummary()
        for n, (raw, reason, sim) in enumerate(part):
            s.count_input(raw, reason, f"id{n}", raw // 2, "w")
            if reason.startswith("near"):
                s.count_duplicate(sim)
        return s

    whole = summarise(docs)
    bounds = sorted({0, len(docs), *(c for c in cuts if c < len(docs))})
    shards = [summarise(docs[a:b]) for a, b in itertools.pairwise(bounds)]
    merged = RunSummary.merged(shards)
    strip = lambda d: {k: v for k, v in d.items() if k != "rows"}  # noqa: E731 - row ids restart per shard
    assert strip(merged.to_dict()) == strip(whole.to_dict())
    assert merged.docs_in == merged.kept + merged.dropped == len(docs)
    assert RunSummary.from_dict(json.loads(json.dumps(merged.to_dict()))) == merged


@RUNS
@given(st.integers(0, 10_000), st.lists(st.sampled_from(["{bad", '{"id": "x"}', '{"text": 5}', "[]"]),
                                         max_size=4))
def test_report_counts_add_up_and_jobs_do_not_matter(seed: int, junk: list[str]) -> None:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        rows: list[object] = [{"id": i, "text": t} for i, t in _corpus(rng, rng.randint(1, 12))] + list(junk)
        rng.shuffle(rows)
        write_jsonl(root / "c.jsonl", rows)
        trees = []
        for jobs in (1, 2):
            out = root / f"o{jobs}"
            res = run_clean([str(root / "c.jsonl")], out, options=RunOptions(jobs=jobs, chunk_docs=3))
            s = res.summary
            assert s.docs_in == len(rows) == s.kept + s.dropped
            assert s.failed == len(junk)
            trees.append({p.name: p.read_bytes() for p in out.iterdir()})
        assert trees[0] == trees[1]
