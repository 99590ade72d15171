"""Tests of the whitespace stage."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from seedclean.document import apply_edits
from seedclean.whitespace import normalise_whitespace, normalise_whitespace_and_explain


def test_collapses_blank_runs_and_strips_edges() -> None:
    assert normalise_whitespace("\n\n  \nTitle  \n\n\n\nBody.\t\n\n") == "Title\n\nBody.\n"


def test_crlf_and_control_characters() -> None:
    assert normalise_whitespace("a\r\nb\x00c\rd") == "a\nbc\nd\n"


def test_whitespace_only_becomes_empty() -> None:
    assert normalise_whitespace(" \n\t\n") == ""


def test_edits_are_minimal() -> None:
    r = normalise_whitespace_and_explain("Hello   \nworld\n")
    assert [(e.start, e.end, e.replacement) for e in r.edits] == [(5, 8, "")]


@given(st.text(alphabet=st.sampled_from("ab \t\n\r\x00\u3000"), max_size=60))
def test_idempotent_and_replayable(text: str) -> None:
    r = normalise_whitespace_and_explain(text)
    assert apply_edits(text, r.edits) == r.text
    assert normalise_whitespace(r.text) == r.text
