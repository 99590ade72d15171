"""Tests of the pipeline composition: stage order, edits, corpus passes."""

from __future__ import annotations

import pytest

from seedclean import CleanConfig, clean, clean_corpus
from seedclean.document import replay
from seedclean.errors import ConfigError, RecordTooLargeError

ARTICLE = ("The council voted on Tuesday to rebuild the old stone bridge over the river, after "
           "engineers warned that its arches could no longer carry modern traffic safely. "
           "Work is expected to begin in the spring and to take eighteen months.")


def _page(i: int, topic: str) -> str:
    menu = "Home\nNews\nSport\nWeather\nSubscribe to our newsletter today"
    body = f"{topic} {i}: " + ARTICLE.replace("bridge", f"bridge number {i * 7}")
    return f"{menu}\n\n{body}\n\nUnique closing remark number {i} for the story about {topic}.\n"


def test_bytes_are_decoded_and_recorded() -> None:
    doc = clean(ARTICLE.encode("cp1251") + " Привет, мир — это проверка.".encode("cp1251"))
    assert "Привет" in doc.text
    assert doc.meta.get("encoding")


def test_html_input_is_converted() -> None:
    html = f"<html><body><nav><a href='/'>Home</a></nav><p>{ARTICLE}</p></body></html>"
    doc = clean(html)
    assert ARTICLE[:60] in doc.text
    assert "<p>" not in doc.text
    assert any(e.stage == "html" for e in doc.edits)


def test_stages_can_be_switched_off() -> None:
    raw = "Home\nNews\n\n" + ARTICLE + "\n"
    assert clean(raw, config=CleanConfig(stages=frozenset({"whitespace"}))).text == raw
    with pytest.raises(ConfigError, match="stages"):
        CleanConfig(stages=frozenset({"nope"}))


def test_size_limit_raises_input_error() -> None:
    with pytest.raises(RecordTooLargeError, match="max_bytes"):
        clean("x" * 100, id="big", config=CleanConfig(max_bytes=10))


def test_edits_replay_for_every_stage() -> None:
    raw = "Home\r\nNews\r\n\r\n" + ARTICLE + "\r\n\r\n\r\n" + ARTICLE + "\r\n© 2024 Example Media\r\n"
    doc = clean(raw)
    assert replay(raw, doc.edits) == doc.text
    assert doc.text.count(ARTICLE[:50]) == 1


def test_clean_corpus_keeps_order_and_accounts_every_input() -> None:
    docs = [{"id": f"d{i}", "text": _page(i, t)} for i, t in enumerate(["bridge", "road", "park"])]
    docs.append({"id": "d0-copy", "text": docs[0]["text"]})
    docs.append({"id": "bad", "text": 42})
    out = list(clean_corpus(docs))
    assert [d.id for d in out] == ["d0", "d1", "d2", "d0-copy", "bad"]
    assert out[3].dropped == "exact duplicate of d0"
    assert out[4].dropped is not None and out[4].dropped.startswith("unreadable")
    assert all(d.dropped is None for d in out[:3])


def test_site_templates_are_per_site_and_need_min_count() -> None:
    pages = [{"id": f"p{i}", "url": f"https://www.example.org/{i}", "text": _page(i, "bridge")}
             for i in range(4)]
    out = list(clean_corpus(pages, dedup=False))
    for d in out:
        assert "Subscribe to our newsletter" not in d.text
        assert "Unique closing remark" in d.text
    reasons = {e.reason for d in out for e in d.edits if e.stage == "boilerplate"}
    assert reasons


def test_clean_corpus_rejects_unknown_items() -> None:
    with pytest.raises(ConfigError, match="item 0"):
        list(clean_corpus([3.14]))
