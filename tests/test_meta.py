"""Tests for seedclean.meta.extract_meta: dates in several languages, bylines, credits."""
# ruff: noqa: RUF001  (quotes, full-width punctuation and Cyrillic in patterns/examples are meant)

from __future__ import annotations

import pytest

from seedclean.config import MetaConfig
from seedclean.document import apply_edits
from seedclean.errors import ConfigError
from seedclean.meta import extract_meta, parse_date

BODY = "The festival opened on a rainy evening, and the crowd stayed until the last song.\n"


def test_leading_date_field_removed_from_glued_paragraph() -> None:
    r = extract_meta(" date 2024-03-09 The festival opened on a rainy evening.\n\nMore text.\n")
    assert r.text == "The festival opened on a rainy evening.\n\nMore text.\n"
    assert r.meta["date"] == "2024-03-09"
    assert [e.reason for e in r.edits] == ["date field"]


@pytest.mark.parametrize("line,iso", [
    ("12 March 2021", "2021-03-12"),
    ("March 12, 2021", "2021-03-12"),
    ("1 декабря 2022", "2022-12-01"),
    ("12. März 2021", "2021-03-12"),
    ("5 janvier 2020", "2020-01-05"),
    ("7 de mayo de 2019", "2019-05-07"),
    ("2023-06-20", "2023-06-20"),
    ("20.06.2023", "2023-06-20"),
    ("30 November 2025 10:10", "2025-11-30"),
    ("Published: 4 July 2018", "2018-07-04"),
])
def test_standalone_date_lines_in_several_languages(line: str, iso: str) -> None:
    r = extract_meta(f"{line}\n\n{BODY}")
    assert r.meta["date"] == iso
    assert r.text == BODY
    assert r.edits[0].reason == "date line"


@pytest.mark.parametrize("line", ["Views: 89", "16+", "Chapter 12", "© 2024 Example Ltd",
                                  "Top 10 of 2023 in film"])
def test_lines_that_are_not_dates_stay(line: str) -> None:
    r = extract_meta(f"{line}\n{BODY}")
    assert line in r.text
    assert "date" not in r.meta or line == "Top 10 of 2023 in film"


def test_date_inside_a_sentence_stays_but_fills_meta() -> None:
    text = "On 3 May 2021 the bridge was opened to traffic after two years of work.\n"
    r = extract_meta(text)
    assert r.text == text
    assert r.meta["date"] == "2021-05-03"
    assert r.edits == ()


def test_first_standalone_date_wins() -> None:
    r = extract_meta(f"2 February 2020\n{BODY}3 March 2021\n")
    assert r.meta["date"] == "2020-02-02"


@pytest.mark.parametrize("line,who", [("By Jane Roe", "Jane Roe"), ("Автор: Иван Петров", "Иван Петров"),
                                      ("Von Max Mustermann", "Max Mustermann")])
def test_bylines(line: str, who: str) -> None:
    r = extract_meta(f"{line}\n{BODY}")
    assert r.meta["author"] == who
    assert r.text == BODY
    assert r.edits[0].reason == "byline"


def test_by_in_a_sentence_is_not_a_byline() -> None:
    text = "by the river the old mill still turns\n" + BODY
    assert "author" not in extract_meta(text).meta


@pytest.mark.parametrize("line,who", [("Photo: John Smith", "John Smith"), ("Фото: ТАСС", "ТАСС"),
                                      ("Foto: dpa", "dpa")])
def test_photo_credits(line: str, who: str) -> None:
    r = extract_meta(f"{BODY}{line}\n")
    assert r.meta["credit"] == who
    assert r.text == BODY
    assert r.edits[0].reason == "photo credit"


def test_long_lines_are_never_metadata() -> None:
    line = "By the end of the year 2021 the council had spent all the money on the new bridge"
    r = extract_meta(f"{line}\n")
    assert r.text == f"{line}\n" and "author" not in r.meta


def test_switches_turn_kinds_off() -> None:
    text = f"By Jane Roe\nPhoto: John Smith\n12 March 2021\n{BODY}"
    r = extract_meta(text, config=MetaConfig(dates=False, bylines=False, credits=False))
    assert r.text == text and dict(r.meta) == {}


def test_edits_replay_and_spans() -> None:
    text = f" date 2020-01-01 Lead.\n\nBy Jane Roe\n\nPhoto: Ann Lee\n{BODY}12 March 2021"
    r = extract_meta(text)
    assert apply_edits(text, r.edits) == r.text
    for e in r.edits:
        assert e.stage == "meta" and text[e.start : e.end] == e.before


def test_parse_date_needs_day_month_and_year() -> None:
    assert parse_date("March 2021") is None
    assert parse_date("12 March") is None
    assert parse_date("2021-03-12") == "2021-03-12"


def test_config_validation() -> None:
    with pytest.raises(ConfigError, match="max_line_words"):
        MetaConfig(max_line_words=0)


def test_date_ending_a_title_line_preferred_over_dates_in_sentences() -> None:
    text = ("On 3 May 2021 the old ferry made its last trip.\n\n"
            "Council approves the new bridge 20.06.2023\n\nThe council met on Tuesday.\n")
    r = extract_meta(text)
    assert r.meta["date"] == "2023-06-20"
    assert r.text == text
