"""Tests for corpus mode: seedclean.boilerplate.find_template_lines."""

from __future__ import annotations

import pytest

from seedclean.boilerplate import find_template_lines, strip_boilerplate_and_explain
from seedclean.config import BoilerplateConfig
from seedclean.errors import ConfigError

MENU = ["Home", "Local news", "Opinion", "Contact the newsroom"]
FOOT = ["Published by the Riverside Gazette cooperative since 1952, owned by its readers"]
QUOTE = "“We will not close a single library while I am in charge of this city,” the mayor said."


def article(i: int, quote: bool = False) -> str:
    body = [
        f"Story number {i} starts with a paragraph about the harbour, the fishing boats and the weather.",
        f"The second paragraph of story {i} explains what the harbour master said to the reporters.",
    ]
    if quote:
        body.insert(1, QUOTE)
    body += [f"A closing paragraph for story {i} describes what will happen at the next meeting."]
    return "\n".join([*MENU, "", *[p + "\n" for p in body], *FOOT]) + "\n"


def test_menu_lines_on_three_pages_are_template() -> None:
    found = find_template_lines(article(i) for i in range(3))
    assert {"home", "local news", "opinion", "contact the newsroom"} <= found


def test_lines_on_fewer_pages_than_min_count_are_not_template() -> None:
    assert find_template_lines([article(1), article(2)]) == frozenset()
    assert "home" in find_template_lines([article(1), article(2)], min_count=2)


def test_quote_in_two_articles_kept() -> None:
    pages = [article(1, quote=True), article(2, quote=True), article(3), article(4)]
    found = find_template_lines(pages, min_count=2)
    assert QUOTE.casefold() not in found
    assert "home" in found


def test_long_quote_in_the_middle_of_many_articles_kept() -> None:
    pages = [article(i, quote=True) for i in range(5)]
    assert QUOTE.casefold() not in find_template_lines(pages)


def test_long_line_at_the_page_edge_is_template() -> None:
    found = find_template_lines(article(i) for i in range(4))
    assert FOOT[0].casefold() in found


def test_template_max_words_config() -> None:
    cfg = BoilerplateConfig(template_max_words=1, template_edge_share=0.0)
    found = find_template_lines((article(i) for i in range(3)), config=cfg)
    assert "home" in found and "local news" not in found


def test_line_counts_once_per_page() -> None:
    page = "Subscribe\nSubscribe\nSubscribe\nA body line that is long enough to be an article paragraph.\n"
    assert find_template_lines([page]) == frozenset()


def test_template_lines_are_removed_by_the_stage() -> None:
    pages = [article(i) for i in range(3)]
    found = find_template_lines(pages)
    r = strip_boilerplate_and_explain(pages[0], template_lines=found)
    assert "Home" not in r.text.split("\n")
    assert any(e.reason == "site template" for e in r.edits)
    assert "Story number 0" in r.text


def test_min_count_below_two_rejected() -> None:
    with pytest.raises(ConfigError, match="min_count"):
        find_template_lines([], min_count=1)


def test_lines_without_letters_are_never_template() -> None:
    pages = [f"Home\n1\n2\n---\nStory {i} about the harbour and the boats in the long winter.\n"
             for i in range(4)]
    assert find_template_lines(pages) == frozenset({"home"})
