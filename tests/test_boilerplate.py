"""Tests for seedclean.boilerplate: each kind of boilerplate, thresholds, edits."""
# ruff: noqa: RUF001  (quotes, full-width punctuation and Cyrillic in patterns/examples are meant)

from __future__ import annotations

import dataclasses

import pytest

from seedclean.boilerplate import REASONS, strip_boilerplate, strip_boilerplate_and_explain
from seedclean.boilerplate.features import split_blocks
from seedclean.boilerplate.revise import decide
from seedclean.config import BoilerplateConfig
from seedclean.document import apply_edits
from seedclean.errors import ConfigError

BODY = [
    "The city council voted on Tuesday to rebuild the old stone bridge over the river, "
    "ending a debate that had lasted for almost three years.",
    "Engineers told the council that the bridge, which was built in 1887, could no longer carry "
    "buses and that its foundations had been weakened by repeated floods.",
    "The work will begin in the spring and is expected to take eighteen months. During that time "
    "a temporary footbridge will be opened a few hundred metres downstream.",
    "Local shop owners said they were relieved that a decision had finally been made, although "
    "several of them worried about losing customers while the road is closed.",
    "The mayor said the city would publish a detailed timetable next month and hold two public "
    "meetings so that residents can ask questions about the project.",
]
HEADLINE = "Council approves plan to rebuild the old stone bridge"


def page(top: list[str], bottom: list[str], body: list[str] | None = None, headline: bool = True) -> str:
    """Build a dump: short top lines, headline, paragraphs (blank after each), bottom lines."""
    parts = [*top, ""]
    if headline:
        parts += [HEADLINE, ""]
    for p in body or BODY:
        parts += [p, ""]
    parts += bottom
    return "\n".join(parts) + "\n"


def kept(text: str, **kw: object) -> str:
    return strip_boilerplate(text, config=BoilerplateConfig(**kw) if kw else None)  # type: ignore[arg-type]


def reasons(text: str) -> dict[str, str]:
    return {e.before.strip(): e.reason for e in strip_boilerplate_and_explain(text).edits}


NAV = ["Home", "News", "World", "Business", "Sport", "Culture", "Weather", "Search", "Sign in"]


def test_keeps_every_body_paragraph_and_headline() -> None:
    out = kept(page(NAV, []))
    assert all(p in out for p in BODY)
    assert HEADLINE in out


def test_navigation_menu_removed() -> None:
    r = reasons(page(NAV, []))
    for item in NAV:
        assert item in r
    assert r["Home"] == "navigation"


def test_footer_copyright_and_contact_removed() -> None:
    bottom = ["About us", "Contact", "Privacy policy", "Tel. +44 20 7946 0958",
              "E-mail: newsroom@example.org", "© 2024 Example Media Ltd. All rights reserved."]
    r = reasons(page(NAV, bottom))
    assert r["© 2024 Example Media Ltd. All rights reserved."] == "copyright"
    assert r["Tel. +44 20 7946 0958"] == "contact"
    assert r["E-mail: newsroom@example.org"] == "contact"
    assert "About us" in r


def test_share_widget_and_view_counter_removed() -> None:
    bottom = ["Views: 1520", "Share on Facebook", "Tweet", "Print", "Copy link"]
    r = reasons(page(NAV, bottom))
    assert r["Views: 1520"] == "view counter"
    assert r["Share on Facebook"] == "share widget"
    assert r["Copy link"] == "share widget"


def test_cookie_notice_removed() -> None:
    r = reasons(page(["We use cookies to improve your experience. Accept", *NAV], []))
    assert r["We use cookies to improve your experience. Accept"] == "cookie notice"


def test_go_back_links_removed() -> None:
    r = reasons(page(NAV, ["Go back", "Back to the section"]))
    assert r["Go back"] == "go back link"
    assert r["Back to the section"] == "go back link"


def test_teaser_list_above_a_headline_printed_twice_removed() -> None:
    teasers = [
        "On 3 May, the regional government opened a new hospital wing with forty beds for children.",
        "On 2 May, the transport minister announced that night trains will run again from June.",
        "On 1 May, thousands of people attended the annual flower parade in the old town square.",
    ]
    top = []
    for t in teasers:
        top += [t, "", ""]
    text = "\n".join([*top, HEADLINE, "", HEADLINE + " 04.05.2024", ""]) + "\n" + page([], [], headline=False)
    r = reasons(text)
    for t in teasers:
        assert r[t] == "teaser list"
    assert r[HEADLINE + " 04.05.2024"] == "duplicate line"
    out = strip_boilerplate(text)
    assert out.count(HEADLINE) == 1
    assert all(p in out for p in BODY)


def test_exact_duplicate_of_kept_line_dropped_once() -> None:
    body = [*BODY[:3], BODY[1], *BODY[3:]]
    r = strip_boilerplate_and_explain(page(NAV, [], body=body))
    dups = [e for e in r.edits if e.reason == "duplicate line"]
    assert len(dups) == 1 and dups[0].before.strip() == BODY[1]
    assert r.text.count(BODY[1]) == 1


def test_duplicates_kept_when_switched_off() -> None:
    body = [*BODY[:3], BODY[1], *BODY[3:]]
    assert kept(page(NAV, [], body=body), drop_duplicates=False).count(BODY[1]) == 2


def test_short_subheading_between_paragraphs_kept() -> None:
    body = [*BODY[:2], "What happens next", *BODY[2:]]
    assert "What happens next" in kept(page(NAV, [], body=body))


def test_sandwich_rule_needs_confident_neighbours() -> None:
    body = [*BODY[:2], "What happens next", *BODY[2:]]
    text = page(NAV, [], body=body)
    # (continuation off: it would keep the subheading after a kept paragraph)
    assert "What happens next" not in kept(text, sandwich_min_score=1.0, continue_min_score=1.0)


def test_threshold_controls_how_much_is_kept() -> None:
    text = page(NAV, ["About us", "Contact"])
    lax, strict = kept(text, threshold=0.01), kept(text, threshold=0.99)
    assert len(lax) > len(kept(text)) >= len(strict)


def test_headline_window_zero_disables_headline_rescue() -> None:
    text = page(NAV, [])
    assert HEADLINE in kept(text)
    assert HEADLINE not in kept(text, headline_window=0)


def test_headline_word_limits() -> None:
    text = page(NAV, [])
    assert HEADLINE not in kept(text, headline_max_words=3, headline_min_words=1)
    assert HEADLINE not in kept(text, headline_min_words=12, headline_max_words=20)


def test_hint_max_words_limits_the_pattern_veto() -> None:
    line = "Readers can share their photos of the works with the council."
    body = [*BODY[:2], line, *BODY[2:]]
    text = page(NAV, [], body=body)
    # a low threshold keeps every block the model has doubts about; only the veto removes it
    assert line not in kept(text, threshold=0.001, hint_max_words=12)
    assert line in kept(text, threshold=0.001, hint_max_words=0)


def test_template_lines_removed_with_reason() -> None:
    text = page(NAV, ["Subscribe to our weekly digest"])
    r = strip_boilerplate_and_explain(text, template_lines=frozenset({"subscribe to our weekly digest",
                                                                        BODY[4].casefold()}))
    by_line = {e.before.strip(): e.reason for e in r.edits}
    assert by_line[BODY[4]] == "site template"
    assert BODY[0] in r.text


def test_russian_page() -> None:
    body = [
        "В среду городской совет утвердил план реконструкции старого каменного моста, который был "
        "построен более ста лет назад и давно нуждается в ремонте.",
        "По словам инженеров, мост больше не выдерживает нагрузки от автобусов, а его опоры "
        "серьёзно пострадали во время весенних наводнений.",
        "Работы начнутся весной и продлятся около полутора лет. На это время в нескольких сотнях "
        "метров ниже по течению откроют временный пешеходный мост.",
    ]
    top = ["Главная", "Новости", "Политика", "Экономика", "Спорт", "Поиск", "Войти"]
    text = page(top, ["© 2024 Городская газета. Все права защищены."], body=body, headline=False)
    out = kept(text)
    assert all(p in out for p in body)
    assert "Главная" not in out and "Все права защищены" not in out


@pytest.mark.parametrize("extra", [[], ["Menu"], ["Share", "Print"]])
def test_edits_replay_and_reasons_in_vocabulary(extra: list[str]) -> None:
    text = page(NAV + extra, ["Contact", "© 2024 Example"]) + "trailing line without newline"
    r = strip_boilerplate_and_explain(text)
    assert apply_edits(text, r.edits) == r.text
    for e in r.edits:
        assert e.stage == "boilerplate" and e.reason in REASONS and e.replacement == ""
        assert text[e.start : e.end] == e.before


def test_empty_and_blank_input() -> None:
    assert strip_boilerplate("") == ""
    assert strip_boilerplate("\n\n  \n") == "\n\n  \n"


def test_deterministic() -> None:
    text = page(NAV, ["Contact"])
    assert strip_boilerplate_and_explain(text) == strip_boilerplate_and_explain(text)


@pytest.mark.parametrize("field,value", [("threshold", 1.5), ("template_min_count", 1),
                                          ("headline_min_words", 0), ("sandwich_min_score", 0.0),
                                          ("template_edge_share", 0.9), ("hint_max_words", -1)])
def test_config_validation(field: str, value: object) -> None:
    with pytest.raises(ConfigError, match=field):
        BoilerplateConfig(**{field: value})  # type: ignore[arg-type]


def test_config_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        BoilerplateConfig().threshold = 0.3  # type: ignore[misc]


def test_comment_section_below_the_article_removed() -> None:
    comments = ["12 Comments", "Anna", "Great article, I drove over that bridge every day for many years "
                "and always wondered when they would finally fix it properly.", "Reply"]
    # the test article is short (about 900 characters): lower the bar accordingly
    r = strip_boilerplate_and_explain(page(NAV, comments), config=BoilerplateConfig(tail_min_chars=500))
    by_line = {e.before.strip(): e.reason for e in r.edits}
    assert by_line["12 Comments"] == "comments"
    assert by_line[comments[2]] == "comments"
    assert all(p in r.text for p in BODY)


def test_comment_heading_above_little_content_is_only_a_menu_link() -> None:
    text = page(["Home", "Comments", "News"], [])
    assert all(p in kept(text) for p in BODY)
    assert BODY[0] not in kept(text, tail_min_chars=0)


def _decide(lines: list[str], scores: list[float], **kw: object) -> list[str | None]:
    """Run the revision rules on given scores (a copyright line at the end, scored 0, keeps the
    page from looking like clean text)."""
    text = "\n\n".join([*lines, "© 2024 Example Media"]) + "\n"
    cfg = BoilerplateConfig(**kw)  # type: ignore[arg-type]
    return decide(split_blocks(text), [*scores, 0.0], cfg, frozenset())[:-1]


def test_continue_rule_keeps_a_doubtful_block_after_a_kept_one() -> None:
    lines = [BODY[0], BODY[1], BODY[2], "About us"]
    scores = [0.9, 0.9, 0.35, 0.05]
    assert _decide(lines, scores, continue_min_score=0.3)[2] is None
    assert _decide(lines, scores, continue_min_score=0.4)[2] == "teaser list"


def test_continue_rule_chains_through_prose_only() -> None:
    lines = [BODY[0], BODY[1], BODY[2], BODY[3]]
    prose = _decide(lines, [0.9, 0.4, 0.4, 0.4], continue_min_score=0.3, sandwich_min_score=1.0)
    assert prose == [None, None, None, None]
    lines = [BODY[0], "Next story", BODY[2], BODY[3]]
    short = _decide(lines, [0.9, 0.4, 0.4, 0.4], continue_min_score=0.3, sandwich_min_score=1.0)
    assert short[1] is None and short[2] is not None and short[3] is not None


def test_sandwich_rule_on_scores() -> None:
    lines = [BODY[0], "What happens next", BODY[1]]
    assert _decide(lines, [0.9, 0.1, 0.9], sandwich_min_score=0.8)[1] is None
    assert _decide(lines, [0.7, 0.1, 0.9], sandwich_min_score=0.8)[1] is not None


def test_threshold_on_scores() -> None:
    lines = [BODY[0], BODY[1]]
    assert _decide(lines, [0.6, 0.6], threshold=0.5) == [None, None]
    assert _decide(lines, [0.6, 0.6], threshold=0.7, headline_window=0, continue_min_score=0.65) == \
        ["teaser list", "teaser list"]


def test_page_with_nothing_above_the_threshold_keeps_its_best_prose() -> None:
    lines = ["Home", BODY[0], BODY[1], BODY[2], "About us"]
    scores = [0.05, 0.45, 0.3, 0.3, 0.05]
    assert _decide(lines, scores, headline_window=0) == ["navigation", None, None, None, "footer"]
    hopeless = _decide(lines, [0.05, 0.15, 0.1, 0.1, 0.05], headline_window=0)
    assert None not in hopeless


def test_short_repeated_lines_are_not_duplicates() -> None:
    body = [BODY[0], "Free parking", BODY[1], "Free parking", *BODY[2:]]
    r = strip_boilerplate_and_explain(page(NAV, [], body=body), config=BoilerplateConfig(threshold=0.01))
    assert not any(e.reason == "duplicate line" for e in r.edits)
    strict = strip_boilerplate_and_explain(page(NAV, [], body=body),
                                           config=BoilerplateConfig(threshold=0.01, duplicate_min_words=1))
    assert [e.before.strip() for e in strict.edits if e.reason == "duplicate line"] == ["Free parking"]


def test_headline_pair_below_most_of_the_text_does_not_cut_the_article() -> None:
    pair = ["Related: the ferry timetable changes again", "Related: the ferry timetable changes again"]
    lines = [*BODY, *pair, "A short closing note that follows the related link."]
    scores = [0.9] * len(BODY) + [0.9, 0.9, 0.9]
    reasons = _decide(lines, scores)
    assert reasons[: len(BODY)] == [None] * len(BODY)
    assert _decide(lines, scores, teaser_max_share=1.0)[0] is not None


def test_related_heading_below_the_article_starts_a_teaser_list() -> None:
    teasers = ["Related articles", "New ferry timetable starts in June",
               "The harbour master explains why the summer timetable changes every year and what it means."]
    r = strip_boilerplate_and_explain(page(NAV, teasers), config=BoilerplateConfig(tail_min_chars=500))
    by_line = {e.before.strip(): e.reason for e in r.edits}
    assert by_line["Related articles"] == "teaser list"
    assert by_line[teasers[2]] == "teaser list"
    assert all(p in r.text for p in BODY)


def test_rounds_reach_a_fixed_point() -> None:
    text = page(NAV, ["About us", "Contact"])
    once = kept(text)
    assert kept(once) == once
    assert len(kept(text, max_rounds=1)) >= len(once)


def test_clean_text_is_kept_whole() -> None:
    text = "\n\n".join(BODY[:3]) + "\n"
    assert kept(text) == text
    r = strip_boilerplate_and_explain(text, config=BoilerplateConfig(clean_prose_share=1.0, max_rounds=1))
    assert apply_edits(text, r.edits) == r.text


def test_clean_page_guard_needs_no_boilerplate_lines() -> None:
    text = "\n\n".join([*BODY[:3], "© 2024 Example Media"]) + "\n"
    assert "©" not in kept(text)


def test_counted_comment_heading_naming_the_post_starts_the_comments() -> None:
    heading = "3 thoughts on “Council approves plan to rebuild the old stone bridge over the river”"
    comments = [heading, "Anna says:", "I drove over that bridge every day for many years and always "
                "wondered when they would finally fix it properly."]
    r = strip_boilerplate_and_explain(page(NAV, comments), config=BoilerplateConfig(tail_min_chars=500))
    by_line = {e.before.strip(): e.reason for e in r.edits}
    assert by_line[heading] == "comments"
    assert by_line[comments[2]] == "comments"
    assert all(p in r.text for p in BODY)


def test_sentence_mentioning_a_widget_word_is_still_continued() -> None:
    share = ("The city's share of the cost is forty percent, and the region and the national rail "
             "operator will pay the rest over the next four years.")
    lines = [BODY[0], BODY[1], share, "About us"]
    assert _decide(lines, [0.9, 0.9, 0.35, 0.05], continue_min_score=0.3)[2] is None


def test_long_patterned_block_between_dropped_blocks_goes() -> None:
    notice = ("All materials on this site are protected; reprint of materials is allowed only with a "
              "hyperlink and the written consent of the editors of the publication.")
    lines = [*BODY, "Tel. +44 20 7946 0000", notice, "Contact the editors"]
    reasons = _decide(lines, [0.9] * len(BODY) + [0.1, 0.7, 0.1])
    assert reasons[len(BODY) + 1] == "copyright"
    assert reasons[: len(BODY)] == [None] * len(BODY)


def test_prose_run_inside_the_article_is_kept() -> None:
    code = ["1", "2", "3", "let total = price * count;"]
    lines = [BODY[0], *code, BODY[1], BODY[2], *code, BODY[3]]
    scores = [0.9, 0.05, 0.05, 0.05, 0.05, 0.15, 0.2, 0.05, 0.05, 0.05, 0.05, 0.9]
    reasons = _decide(lines, scores, sandwich_min_score=1.0, continue_min_score=1.0)
    assert reasons[5] is None and reasons[6] is None  # two prose blocks in a row
    off = _decide(lines, scores, sandwich_min_score=1.0, continue_min_score=1.0, prose_run_min_blocks=3)
    assert off[5] is not None and off[6] is not None


def test_distant_short_copies_and_code_lines_are_not_duplicates() -> None:
    row = "Starts at $15 per user per month"
    code = "let v1 = vec![1, 2, 3];"
    lines = [BODY[0], row, code, BODY[1], BODY[2], BODY[3], row, code, BODY[4]]
    reasons = _decide(lines, [0.9] * len(lines))
    assert reasons == [None] * len(lines)
    near = _decide([HEADLINE, HEADLINE, *BODY], [0.9] * (len(BODY) + 2))
    assert near[1] == "duplicate line"
    strict = _decide(lines, [0.9] * len(lines), duplicate_far_min_words=4)
    assert strict[6] == "duplicate line" and strict[7] is None


def test_code_listing_inside_the_article_is_kept() -> None:
    listing = ["fn main() {", "let total = price * count;", "println!(\"{}\", total);", "}"]
    lines = [BODY[0], *listing, BODY[1], "Share", "Print", BODY[2]]
    scores = [0.9, 0.1, 0.2, 0.2, 0.1, 0.9, 0.05, 0.05, 0.9]
    reasons = _decide(lines, scores, sandwich_min_score=1.0, continue_min_score=1.0)
    assert reasons[1:5] == [None] * 4
    assert reasons[6] is not None and reasons[7] is not None  # a run without code stays dropped


def test_duplicate_line_points_at_the_kept_copy() -> None:
    from seedclean.boilerplate import strip_boilerplate_and_explain

    para = ("The committee published its final report on Monday, after two years of hearings "
            "with witnesses from every region of the country and a long public consultation.")
    other = ("Members said the recommendations would be debated in parliament before the summer "
             "recess, and that the government had promised a formal reply within three months.")
    text = f"{para}\n\n{other}\n\n{para}\n"
    r = strip_boilerplate_and_explain(text)
    dups = [e for e in r.edits if e.reason == "duplicate line"]
    assert len(dups) == 1
    assert dups[0].source is not None
    s, e = dups[0].source
    assert text[s:e].strip() == para
    assert s < dups[0].start
