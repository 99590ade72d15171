"""End-to-end outcomes on the five bundled seeds (issue 5)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from seedclean import clean, clean_corpus, clean_text
from seedclean.document import replay

Loader = Callable[[str], str]


@pytest.mark.parametrize("prefix", ["000", "001"])
def test_date_field_goes_to_meta_and_homoglyph_is_fixed(seed_text: Loader, prefix: str) -> None:
    raw = seed_text(prefix)
    assert raw.startswith(" date ")
    doc = clean(raw, id=prefix)
    assert doc.meta["date"] == "2025-11-27"
    assert not doc.text.startswith(" date") and not doc.text.startswith("date")
    assert doc.text.split()[0] == raw.split()[2]  # the article's first word leads
    # no word mixes Cyrillic and Latin letters any more
    assert not re.search(r"[A-Za-z][\u0400-\u04ff]|[\u0400-\u04ff][A-Za-z]", doc.text)
    assert "\u041c" not in doc.text  # the Cyrillic capital Em of the seed's mixed-script name


def test_002_boilerplate_removed(seed_text: Loader) -> None:
    raw = seed_text("002")
    out = clean_text(raw)
    first_para = max(raw.split("\n"), key=len)
    assert first_para.strip() in out
    out_lines = {x.strip() for x in out.split("\n")}
    removed = [x.strip() for x in raw.split("\n")]
    widgets = [x for x in removed if x.lower() in {"print", "copy link", "twitter", "youtube", "search"}
               or re.fullmatch(r"views?:? ?\d+", x.lower()) or "\u00a9" in x]
    assert len(widgets) >= 6
    assert not out_lines & set(widgets)


def test_003_article_once_date_repaired(seed_text: Loader) -> None:
    raw = seed_text("003")
    doc = clean(raw, id="003")
    body = max(raw.split("\n"), key=len).strip()
    assert raw.count(body[:200]) >= 2
    assert doc.text.count(body[:200]) == 1
    assert "\u00e4\u00e5\u00ea\u00e0\u00e1\u00f0\u00ff" not in doc.text  # the mojibake month
    assert doc.meta["date"] == "2022-12-01"
    assert not re.search(r"\u00a9|\(c\) \d{4}", doc.text, re.IGNORECASE)


def test_004_teasers_and_back_links_gone_title_once(seed_text: Loader) -> None:
    raw = seed_text("004")
    out = clean_text(raw)
    lines = [x.strip() for x in raw.split("\n") if x.strip()]
    # the title is printed twice, the second time with a date glued on
    title = next(x for x, y in zip(lines, lines[1:], strict=False) if y.startswith(x) and len(x) > 40)
    assert sum(x.strip().startswith(title) for x in out.split("\n")) == 2  # title + lead paragraph
    assert out.count(title + "\n") == 1
    teasers = lines[: lines.index(title)]
    assert len(teasers) >= 3
    assert not any(t in out for t in teasers)
    assert "go back" not in out.lower()
    assert "back to the section" not in out.lower()


def test_reports_of_one_event_are_not_duplicates(seed_text: Loader) -> None:
    docs = [{"id": p, "text": seed_text(p)} for p in ("000", "001", "002")]
    out = list(clean_corpus(docs))
    assert [d.dropped for d in out] == [None, None, None]


def test_copies_are_dropped_for_the_canonical(seed_text: Loader) -> None:
    a = seed_text("000")
    near = a.replace("intense", "intensive", 1) + "\nOne extra closing sentence for the copy.\n"
    docs = [{"id": "a", "text": a}, {"id": "b", "text": seed_text("001")},
            {"id": "c", "text": a}, {"id": "d", "text": near}]
    out = list(clean_corpus(docs))
    assert [d.id for d in out] == ["a", "b", "c", "d"]
    kept = [d for d in out if d.dropped is None]
    assert {d.id for d in kept} & {"a", "c", "d"} and len({d.id for d in kept} & {"a", "c", "d"}) == 1
    assert out[1].dropped is None
    for d in out:
        if d.dropped:
            assert "duplicate of" in d.dropped


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_is_idempotent_and_replays(seed_text: Loader, prefix: str) -> None:
    raw = seed_text(prefix)
    doc = clean(raw)
    assert replay(raw, doc.edits) == doc.text
    assert clean_text(doc.text) == doc.text
