"""Tests of seedclean.neardup: shingling, signatures, LSH and find_duplicates properties."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seedclean.config import NearDupConfig
from seedclean.errors import InputError
from seedclean.neardup import find_duplicates, lsh_params, reference_shingles, signatures, to_lean_minhash
from seedclean.neardup.shingles import shingle_hashes
from seedclean.neardup.tokens import reference_token_hash, reference_tokens, token_hashes
from tests.strategies import WORDS, article

#: Characters that stress normalisation: combining marks, ligatures, fullwidth, Hangul jamo, sigma.
TRICKY = ("aZé\u0301\u0308ßİﬁ½²Ⅳ\u1100\u1161\u11a8가ΣσςＡ\u0915\u093f"  # noqa: RUF001
          "\u0627\u064e\u0654\u0345α_- .,\n\t\x00\u00a0™…")  # noqa: RUF001
tricky_text = st.text(alphabet=st.sampled_from(TRICKY), max_size=40)
any_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=60)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(tricky_text, any_text), max_size=6))
def test_fast_token_hashes_equal_the_reference_definition(texts: list[str]) -> None:
    h, doc = token_hashes(texts)
    want = [(i, reference_token_hash(w)) for i, t in enumerate(texts) for w in reference_tokens(t)]
    assert list(zip(doc.tolist(), h.tolist(), strict=True)) == want


@settings(max_examples=60, deadline=None)
@given(st.lists(st.one_of(tricky_text, st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)),
                min_size=1, max_size=5))
def test_shingle_sets_equal_the_reference(texts: list[str]) -> None:
    cfg = NearDupConfig()
    sets = shingle_hashes(texts, cfg).sets()
    assert [set(s.tolist()) for s in sets] == [reference_shingles(t, cfg) for t in texts]


def test_long_texts_are_cut_without_losing_tokens() -> None:
    text = " ".join(itertools.islice(itertools.cycle(WORDS), 120_000))  # > one vectorised chunk
    h, _ = token_hashes([text, "x" * 300_000])
    assert len(h) == 120_001
    assert int(h[5]) == reference_token_hash(WORDS[5])


def test_tiny_documents_are_one_shingle_of_all_tokens() -> None:
    cfg = NearDupConfig()
    assert len(reference_shingles("a b c", cfg)) == 1
    assert reference_shingles("A, b c!", cfg) == reference_shingles("a b c", cfg)
    assert reference_shingles("a b c", cfg) != reference_shingles("a b c d", cfg)
    assert reference_shingles("!!!", cfg) == set()
    r = find_duplicates([("x", "a b c"), ("y", "A b  c."), ("z", "a b d"), ("e1", "..."), ("e2", "...")])
    assert r.pairs == (("x", "y", 1.0),)
    assert r.reason("y") == "exact duplicate of x"
    assert r.clusters["e1"] == "e1" and r.clusters["e2"] == "e2"  # no tokens: never a duplicate


def test_signatures_shape_and_lean_minhash_interop() -> None:
    from datasketch import MinHashLSH

    texts = [article(random.Random(i)) for i in range(3)]
    texts.append(texts[0].replace("the", "a", 1))
    sig = signatures(texts)
    assert sig.shape == (4, 128) and sig.dtype == np.uint64 and int(sig.max()) < 2**32
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    for i, m in enumerate(to_lean_minhash(texts)):
        lsh.insert(str(i), m)
    assert set(lsh.query(to_lean_minhash([texts[0]])[0])) >= {"0", "3"}


@pytest.mark.parametrize("threshold", [0.5, 0.7, 0.8, 0.9, 0.95])
def test_lsh_params_reach_the_recall_target(threshold: float) -> None:
    cfg = NearDupConfig(threshold=threshold)
    b, r = lsh_params(cfg)
    assert b * r <= cfg.num_perm
    assert 1 - (1 - threshold**r) ** b >= cfg.lsh_recall


def _edited(rng: random.Random, words: list[str], rate: float) -> str:
    return " ".join(w if rng.random() > rate else rng.choice(WORDS) + "x" for w in words)


def _corpus(seed: int, n_base: int = 12) -> list[tuple[str, str]]:
    """Return documents with near-duplicates at several edit rates, and exact copies."""
    rng = random.Random(seed)
    out = []
    for i in range(n_base):
        words = article(rng, 2).split()
        out.append((f"b{i}", " ".join(words)))
        for k, rate in enumerate((0.01, 0.02, 0.04, 0.2)):
            out.append((f"b{i}e{k}", _edited(rng, words, rate)))
        if i % 3 == 0:
            out.append((f"b{i}copy", " ".join(words).upper()))
    return out


def _truth(records: list[tuple[str, str]], cfg: NearDupConfig) -> dict[tuple[str, str], float]:
    sets = {i: reference_shingles(t, cfg) for i, t in records}
    out = {}
    for a, b in itertools.combinations(sorted(sets), 2):
        if sets[a] and sets[b]:
            j = len(sets[a] & sets[b]) / len(sets[a] | sets[b])
            if j >= cfg.threshold:
                out[(a, b)] = j
    return out


def test_pairs_are_exactly_the_pairs_above_threshold() -> None:
    cfg = NearDupConfig()
    records = _corpus(1)
    result = find_duplicates(records, config=cfg)
    truth = _truth(records, cfg)
    assert {(a, b): s for a, b, s in result.pairs} == pytest.approx(truth)
    assert all(a < b for a, b, _ in result.pairs)
    assert list(result.pairs) == sorted(result.pairs)


def test_no_document_is_its_own_duplicate_and_drops_point_to_kept() -> None:
    result = find_duplicates(_corpus(2))
    assert all(a != b for a, b, _ in result.pairs)
    for doc, (canon, sim) in result.duplicate_of.items():
        assert doc != canon and canon not in result.duplicate_of
        assert result.clusters[doc] == canon == result.canonical[canon]
        assert 0 < sim <= 1


@settings(max_examples=8, deadline=None)
@given(st.randoms(use_true_random=False))
def test_result_does_not_depend_on_input_order(rnd: random.Random) -> None:
    records = _corpus(3, n_base=6)
    prio = {i: (len(t),) for i, t in records}
    base = find_duplicates(records, priority=prio)
    shuffled = list(records)
    rnd.shuffle(shuffled)
    other = find_duplicates(shuffled, priority=prio)
    assert other.pairs == base.pairs
    assert dict(other.clusters) == dict(base.clusters)
    assert dict(other.canonical) == dict(base.canonical)
    assert dict(other.duplicate_of) == dict(base.duplicate_of)


def test_canonical_rule_priority_then_smallest_id() -> None:
    text = "one two three four five six seven eight nine ten"
    records = [("b", text), ("a", text + "!"), ("c", text.upper())]
    assert find_duplicates(records).canonical == {"a": "a"}
    r = find_duplicates(records, priority={"c": (2,), "b": (1,)})
    assert r.duplicate_of == {"a": ("c", 1.0), "b": ("c", 1.0)}


def test_repeated_id_is_an_input_error() -> None:
    with pytest.raises(InputError, match="duplicate document id"):
        find_duplicates([("a", "x y"), ("a", "z")])


def test_containment_finds_a_document_inside_a_longer_one() -> None:
    rng = random.Random(5)
    words = article(rng, 2).split()
    part = " ".join(words[: int(len(words) * 0.9)])
    records = [("whole", " ".join(words)), ("part", part)]
    assert find_duplicates(records, config=NearDupConfig(threshold=0.95)).pairs == ()
    r = find_duplicates(records, config=NearDupConfig(threshold=0.95, similarity="containment"))
    assert [p[:2] for p in r.pairs] == [("part", "whole")] and r.pairs[0][2] == 1.0


def test_char_shingles() -> None:
    cfg = NearDupConfig(shingle="char", ngram=5, threshold=0.5)  # 11 of 21 5-grams shared
    r = find_duplicates([("a", "internationalisation"), ("b", "Internationalization"), ("c", "unrelated")],
                        config=cfg)
    assert [p[:2] for p in r.pairs] == [("a", "b")]


def test_densification_matches_the_plain_definition() -> None:
    from seedclean.neardup import minhash as mh

    rng = np.random.default_rng(0)
    k = 64
    sig = rng.integers(0, 2**32 - 1, (200, k), dtype=np.uint64)
    sig[rng.random((200, k)) < np.linspace(0, 1, 200)[:, None]] = 1 << 32
    sig[3] = 1 << 32
    want = sig.copy()
    probes = mh._probe_table(k, 1, 64 * k)
    for r, row in enumerate(sig):
        if (row == 1 << 32).all():
            want[r] = mh.EMPTY_VALUE
            continue
        for j in np.flatnonzero(row == 1 << 32):
            seq = row[probes[j]]
            want[r, j] = seq[np.flatnonzero(seq != 1 << 32)[0]]
    mh._densify(sig, k, 1)
    assert np.array_equal(sig, want)


def test_signature_agreement_estimates_jaccard() -> None:
    rng = random.Random(11)
    cfg = NearDupConfig()
    errors = []
    for _ in range(30):
        words = article(rng, 3).split()
        a, b = " ".join(words), _edited(rng, words, rng.uniform(0.01, 0.1))
        sa, sb = reference_shingles(a, cfg), reference_shingles(b, cfg)
        sig = signatures([a, b], config=cfg)
        errors.append(float((sig[0] == sig[1]).mean()) - len(sa & sb) / len(sa | sb))
    assert abs(float(np.mean(errors))) < 0.03  # unbiased
    assert float(np.sqrt(np.mean(np.square(errors)))) < 0.08  # about sqrt(J(1-J)/128)
