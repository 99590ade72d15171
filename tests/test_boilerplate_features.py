"""Tests for the block splitter, features, model loading and stage properties."""

from __future__ import annotations

from hypothesis import given, settings
from strategies import hostile_text, page_text

from seedclean.boilerplate import strip_boilerplate, strip_boilerplate_and_explain
from seedclean.boilerplate.classify import CONTEXT_NAMES, content_scores, load_model
from seedclean.boilerplate.features import FEATURE_NAMES, block_features, page_stopwords, split_blocks, tokens
from seedclean.document import apply_edits
from seedclean.html import html_to_text
from seedclean.meta import extract_meta


def test_split_blocks_offsets_cover_lines_and_blank_flags() -> None:
    text = "  Menu  \n\nFirst line\nSecond line\n\n\nLast"
    blocks = split_blocks(text)
    assert [b.text for b in blocks] == ["Menu", "First line", "Second line", "Last"]
    assert [text[b.start : b.end] for b in blocks] == ["  Menu  \n", "First line\n", "Second line\n", "Last"]
    assert [(b.blank_before, b.blank_after) for b in blocks] == [(True, True), (True, False), (False, True),
                                                                  (True, True)]


def test_tokens_count_cjk_characters_one_each() -> None:
    assert tokens("Die Straße 12") == ["die", "strasse", "12"]
    assert tokens("東京は晴れ") == ["東", "京", "は", "晴", "れ"]


def test_page_stopwords_pick_the_page_language() -> None:
    ru = tokens("Это был очень тёплый день, и все люди вышли на улицу, чтобы погулять в парке.")
    de = tokens("Das ist ein Haus, und der Garten ist auch sehr schön, aber nicht groß.")
    assert "и" in page_stopwords(ru) and "und" in page_stopwords(de)
    assert page_stopwords([]) == frozenset()


def test_feature_matrix_shape_and_model_matches_features() -> None:
    blocks = split_blocks("Home\nThe council met on Tuesday and agreed on the budget for next year.\n")
    x, toks = block_features(blocks)
    assert x.shape == (2, len(FEATURE_NAMES)) and len(toks) == 2
    model = load_model()
    assert len(model["stages"][0]) == len(FEATURE_NAMES)
    assert len(model["stages"][-1]) == 2 * len(FEATURE_NAMES) - 1 + len(CONTEXT_NAMES)


def test_scores_are_probabilities() -> None:
    scores = content_scores(split_blocks("a\nb c d\n\nA sentence of prose that ends here.\n"))
    assert all(0.0 <= s <= 1.0 for s in scores)


@settings(max_examples=60, deadline=None)
@given(page_text)
def test_edits_replay_on_page_like_text(text: str) -> None:
    r = strip_boilerplate_and_explain(text)
    assert apply_edits(text, r.edits) == r.text
    assert strip_boilerplate(text) == r.text


@settings(max_examples=60, deadline=None)
@given(hostile_text)
def test_hostile_text_never_breaks_the_stages(text: str) -> None:
    r = strip_boilerplate_and_explain(text)
    assert apply_edits(text, r.edits) == r.text
    m = extract_meta(text)
    assert apply_edits(text, m.edits) == m.text
    assert isinstance(html_to_text(text), str)


@settings(max_examples=60, deadline=None)
@given(page_text)
def test_stage_is_idempotent(text: str) -> None:
    once = strip_boilerplate(text)
    assert strip_boilerplate(once) == once
