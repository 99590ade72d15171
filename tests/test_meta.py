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


HEAD = "Harbour Reopens After Storm Repairs\n\n"


@pytest.mark.parametrize("byline,author", [
    ("Maria Lopez Maria Lopez", "Maria Lopez"),          # name printed twice (two elements glued)
    ("Jan van der Berg | Rotterdam", "Jan van der Berg"),  # Name | City
    ("Sophie Martin, Senior Correspondent", "Sophie Martin"),  # Name, Title
    ("Анна Сергеевна Котова", "Анна Сергеевна Котова"),   # lone name, Cyrillic
    ("Jürgen Weiß", "Jürgen Weiß"),
    ("J. R. Okafor", "J. R. Okafor"),
])
def test_byline_shapes_next_to_the_date_go_to_meta(byline: str, author: str) -> None:
    text = f"{HEAD}12 March 2021\n{byline}\n\n{BODY}"
    r = extract_meta(text)
    assert r.meta["author"] == author
    assert r.text == HEAD + BODY
    assert [e.reason for e in r.edits] == ["date line", "byline"]
    assert apply_edits(text, r.edits) == r.text


def test_byline_chain_with_bio_line() -> None:
    text = (f"{HEAD}Photo: Harbour Authority\n4 May 2022\nLeila Haddad Leila Haddad\n\n"
            "Leila Haddad | Tunis\n\nSenior fellow at the Institute for Maritime Studies\n\n"
            f"{BODY}")
    r = extract_meta(text)
    assert r.text == HEAD + BODY
    assert r.meta["author"] == "Leila Haddad"
    assert r.meta["author_bio"] == "Senior fellow at the Institute for Maritime Studies"
    assert [e.reason for e in r.edits].count("byline") == 3


def test_name_before_a_date_line_is_a_byline() -> None:
    r = extract_meta(f"{HEAD}Tomasz Nowak\n3 lutego 2020\n\n{BODY}")
    assert r.meta["author"] == "Tomasz Nowak"
    assert r.text == HEAD + BODY


@pytest.mark.parametrize("line", [
    "Position on the Conflict in Ukraine",   # a Title Case heading has function words
    "Current Threats to Regional Security",
    "The Road Ahead",
    "NATO Summit",                           # acronyms are not names
    "Key findings",                          # lower-case word
])
def test_headings_after_the_date_stay(line: str) -> None:
    text = f"{HEAD}12 March 2021\n{line}\n\n{BODY}"
    r = extract_meta(text)
    assert line in r.text
    assert "author" not in r.meta


def test_name_like_line_without_metadata_next_to_it_stays() -> None:
    text = f"{BODY}\nMaria Lopez\n\n{BODY}"
    r = extract_meta(text)
    assert r.text == text
    assert "author" not in r.meta


def test_bio_needs_a_byline_and_a_short_line_without_sentence_end() -> None:
    lead = "The harbour reopened on Monday after three months of repairs to the main pier.\n"
    r = extract_meta(f"{HEAD}By Maria Lopez\n{lead}")
    assert r.text == HEAD + lead  # a first paragraph ending a sentence is not a bio
    r = extract_meta(f"{HEAD}12 March 2021\nSenior fellow at the Institute\n{BODY}")
    assert "Senior fellow at the Institute" in r.text  # no byline before it


def test_byline_config_limits() -> None:
    text = f"{HEAD}12 March 2021\nAnna Maria Lopez Garcia Ruiz\n\n{BODY}"
    assert "author" not in extract_meta(text).meta  # five words: not a name by default
    assert extract_meta(text, config=MetaConfig(byline_max_name_words=5)).meta["author"] == \
        "Anna Maria Lopez Garcia Ruiz"
    with pytest.raises(ConfigError, match="bio_max_words"):
        MetaConfig(bio_max_words=2)


def test_author_next_to_the_date_wins_over_an_earlier_menu_byline() -> None:
    text = f"By Price Range\nBy Occasion\n\n{HEAD}12 March 2021\nBy Sophie Martin\n\n{BODY}"
    r = extract_meta(text)
    assert r.meta["author"] == "Sophie Martin"
    assert r.meta["date"] == "2021-03-12"
