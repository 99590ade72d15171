"""Tests of the document model and edit replay."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from seedclean.document import Document, Edit, apply_edits, replay


def test_document_is_immutable() -> None:
    doc = Document(id="a", text="x", meta={"date": "2024-01-01"})
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.text = "y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        doc.meta["date"] = "2025-01-01"  # type: ignore[index]


def test_meta_is_sorted_and_copied() -> None:
    src = {"z": 1, "a": 2}
    doc = Document(id="a", text="", meta=src)
    src["b"] = 3
    assert list(doc.meta) == ["a", "z"]


def test_edit_rejects_bad_span() -> None:
    with pytest.raises(ValueError, match="start <= end"):
        Edit(stage="s", start=5, end=2, replacement="", reason="r")


def test_apply_edits_rejects_overlap() -> None:
    a = Edit(stage="s", start=0, end=3, replacement="", reason="r")
    b = Edit(stage="s", start=2, end=4, replacement="", reason="r")
    with pytest.raises(ValueError, match="overlaps"):
        apply_edits("abcdef", [a, b])


def test_replay_applies_stages_in_order() -> None:
    edits = [
        Edit(stage="decode", start=0, end=1, replacement="\ufffd", reason="undecodable"),
        Edit(stage="one", start=0, end=2, replacement="", reason="r"),
        Edit(stage="two", start=0, end=1, replacement="X", reason="r"),
    ]
    assert replay("abcd", edits) == "Xd"


def test_to_dict_round_trips_source() -> None:
    e = Edit(stage="repeats", start=10, end=20, replacement="", reason="repeat", source=(0, 10))
    d = Document(id="a", text="t", edits=(e,)).to_dict(with_edits=True)
    assert d["edits"][0]["source"] == [0, 10]
    assert "dropped" not in d


@given(st.text(max_size=50), st.data())
def test_apply_edits_matches_manual_splice(text: str, data: st.DataObject) -> None:
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    repl = data.draw(st.text(max_size=5))
    e = Edit(stage="s", start=i, end=j, replacement=repl, reason="r")
    assert apply_edits(text, [e]) == text[:i] + repl + text[j:]


def test_document_pickles_for_worker_processes() -> None:
    import pickle

    e = Edit(stage="repeats", start=1, end=2, replacement="", reason="r", source=(0, 1))
    doc = Document(id="a", text="t", meta={"date": "2024-01-01"}, edits=(e,), dropped="x")
    back = pickle.loads(pickle.dumps(doc))
    assert back == doc
    assert dict(back.meta) == {"date": "2024-01-01"}
