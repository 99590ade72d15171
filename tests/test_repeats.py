"""Tests of seedclean.repeats: repeated blocks inside one document."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seedclean.config import RepeatsConfig
from seedclean.document import apply_edits
from seedclean.errors import ConfigError
from seedclean.repeats import remove_repeats, remove_repeats_and_explain

TITLE = "City council approves new bridge over the river"
DATE = "12 March 2023"
BYLINE = "By Anna Weber"
PARAS = [
    "The city council voted on Tuesday to build a new bridge across the river, ending a debate "
    "that has lasted for almost ten years. The project will cost about forty million euros.",
    "Supporters say the bridge will cut travel times for commuters and bring new business to the "
    "old harbour district. Opponents worry about noise and the loss of a popular riverside park.",
    "Construction is expected to begin next spring and to take three years. During that time the "
    "ferry service will run every fifteen minutes instead of every half hour.",
    "The mayor said the decision was the most important one of her term. She thanked the residents "
    "who attended the public hearings and promised regular updates on the work.",
    "A local historian pointed out that the first bridge at the same place was built in 1820 and "
    "washed away by a flood only twelve years later, so engineers will study the old records.",
    "Shops along the waterfront welcomed the vote. Several owners said they had waited for years "
    "for better access and hoped the work would not block their entrances for too long.",
]


def article(paras: list[str] = PARAS, *, title: str = TITLE, date: str = DATE, byline: str = BYLINE) -> str:
    """Return a page: title, date, byline and paragraphs, blank lines between blocks."""
    return "\n\n".join([title, date, byline, *paras])


def check_edits(text: str) -> str:
    """Run the stage, check the edit contract and return the output."""
    res = remove_repeats_and_explain(text)
    assert apply_edits(text, res.edits) == res.text
    for e in res.edits:
        assert e.stage == "repeats" and e.replacement == "" and e.before == text[e.start : e.end]
        assert e.source is not None and e.source[1] <= e.start
    return res.text


def test_whole_print_copy_is_removed() -> None:
    first = article()
    text = first + "\n\nAll rights reserved by the publisher.\n\n" + article()
    out = check_edits(text)
    assert out.rstrip() == (first + "\n\nAll rights reserved by the publisher.").rstrip()


def test_copy_with_changed_date_and_byline_is_removed_whole() -> None:
    first = article()
    copy = article(date="12.03.2023", byline="Anna Weber, staff writer")
    out = check_edits(first + "\n\n" + copy)
    assert out.rstrip() == first
    reasons = {e.before.strip(): e.reason for e in remove_repeats_and_explain(first + "\n\n" + copy).edits}
    assert reasons["12.03.2023"] == "changed line inside repeated copy"
    assert reasons[PARAS[0]] == "repeat of earlier block"


def test_copy_with_merged_and_split_paragraphs_is_removed() -> None:
    first = article()
    s1, s2 = PARAS[2].split(". ", 1)
    reflowed = [PARAS[0] + " " + PARAS[1], s1 + ".", s2, *PARAS[3:]]
    out = check_edits(first + "\n\n" + article(reflowed))
    assert out.rstrip() == first


def test_copy_takes_the_short_lines_at_its_ends() -> None:
    first = "\n".join(["Contents", article(), "Salt", "Pepper", "Olive oil"])
    text = first + "\n\nShare this page\n\n" + first
    out = check_edits(text)
    assert out.rstrip() == first + "\n\nShare this page"


def test_copy_source_points_to_the_same_text() -> None:
    text = article() + "\n\n" + article()
    res = remove_repeats_and_explain(text)
    for e in res.edits:
        assert e.source is not None
        assert text[e.source[0] : e.source[1]] == e.before.strip()


def test_title_printed_three_times_is_kept_once() -> None:
    text = "\n\n".join([TITLE, TITLE + " 12.03.2023", TITLE, *PARAS])
    out = check_edits(text)
    assert out.count(TITLE) == 1
    assert out.startswith(TITLE + "\n\n" + PARAS[0])


def test_lead_sentence_extending_the_title_is_kept() -> None:
    lead = TITLE + " on Tuesday evening."
    text = "\n\n".join([TITLE, lead, *PARAS])
    assert remove_repeats(text) == text


def test_paragraph_quoted_twice_is_removed() -> None:
    paras = [*PARAS[:4], PARAS[1], *PARAS[4:]]
    res = remove_repeats_and_explain("\n\n".join(paras))
    assert res.text == "\n\n".join(PARAS)
    (edit,) = res.edits
    assert edit.reason == "repeat of earlier block"


def test_long_sentence_repeated_inside_a_new_paragraph_is_removed() -> None:
    repeated = PARAS[0].split(". ")[0] + "."
    text = "\n\n".join([*PARAS[:3], "As we reported above. " + repeated + " More news soon.", *PARAS[3:]])
    res = remove_repeats_and_explain(text)
    assert [e.reason for e in res.edits] == ["repeated sentence"]
    assert "As we reported above. More news soon." in res.text


def test_paragraph_quoted_inside_a_new_paragraph_is_cut_out() -> None:
    quote = "As the report put it: " + PARAS[1] + " Nobody has answered that yet."
    text = "\n\n".join([*PARAS[:3], quote, *PARAS[3:]])
    res = remove_repeats_and_explain(text)
    assert "As the report put it: Nobody has answered that yet." in res.text
    (edit,) = res.edits
    assert edit.before.strip() == PARAS[1] and edit.reason == "repeated sentence"
    assert edit.source is not None and text[edit.source[0] : edit.source[1]] == PARAS[1]


def test_tiny_piece_inside_a_quote_goes_with_it() -> None:
    para = ("The committee will publish its findings in the spring. It will then hold hearings "
            "[an] inquiry … across the whole region for three months before any decision.")
    text = "\n\n".join([para, PARAS[0], "Critics noted this: " + para + " Few agreed."])
    assert remove_repeats(text).endswith("Critics noted this: Few agreed.")


def test_quote_cut_only_at_punctuation() -> None:
    text = "\n\n".join([PARAS[0], TITLE + " on Tuesday evening after a long debate.", PARAS[1],
                        "Several readers wrote that " + TITLE.lower() + " on Tuesday evening"
                        " after a long debate and a vote."])
    assert remove_repeats(text) == text


def test_refrain_is_kept() -> None:
    stanza = "Row, row, row your boat\nGently down the stream\nMerrily merrily merrily\nLife is but a dream"
    verses = ["The river carries us away\nPast the mill and past the bay",
              "The evening comes with golden light\nAnd stars appear to end the night"]
    text = "\n\n".join([TITLE, stanza, verses[0], stanza, verses[1], stanza])
    assert check_edits(text) == text


def test_list_items_sharing_words_are_kept() -> None:
    items = "\n".join(f"• Add {n} cups of {x} to the bowl and stir well" for n, x in
                      [(2, "flour"), (1, "sugar"), (3, "milk"), (2, "water")])
    text = "\n\n".join([PARAS[0], items, PARAS[1]])
    assert check_edits(text) == text


def test_short_lines_and_phrases_are_kept() -> None:
    text = "\n\n".join([PARAS[0], "Yes.", "—", PARAS[1] + " Thank you all.", "Yes.", "—",
                        PARAS[2] + " Thank you all.", "* * *", "Thank you all."])
    assert check_edits(text) == text


def test_numbered_list_lines_are_kept() -> None:
    text = "\n".join(f"Chapter {i}: The river and the bridge" for i in range(1, 6))
    assert remove_repeats(text) == text


def test_han_and_kana_count_one_token_per_character() -> None:
    title = "東京で新しい橋の建設が決まった"
    body = ["市議会は火曜日に新しい橋の建設を決定しました。工事は来年の春に始まる予定です。",
            "市長はこの決定が任期中で最も重要なものだと述べました。住民に感謝しました。"]
    text = "\n\n".join([title, title, *body, title, body[0] + body[1]])
    assert remove_repeats(text).rstrip() == "\n\n".join([title, *body])


def test_text_without_repeats_is_unchanged() -> None:
    text = article()
    res = remove_repeats_and_explain(text)
    assert res.text == text and res.edits == ()


@pytest.mark.parametrize("text", ["", "\n\n", "—", "a", "Yes.\nYes.\nYes."])
def test_degenerate_inputs(text: str) -> None:
    assert remove_repeats(text) == text


def test_pathological_inputs_finish() -> None:
    assert remove_repeats("x" * 200_000) == "x" * 200_000
    assert remove_repeats("Yes, sir, at once.\n" * 20_000) == "Yes, sir, at once.\n"
    same = "A fairly long line that repeats itself again and again here.\n"
    assert remove_repeats(same * 5_000) == same
    numbered = "".join(f"Line number {i} of a long list\n" for i in range(5_000))
    assert remove_repeats(numbered) == numbered


def test_one_line_is_never_a_copy_of_itself() -> None:
    line = " ".join(["alpha beta gamma delta epsilon"] * 400)
    assert remove_repeats(line) == line


def test_config_is_validated_and_used() -> None:
    with pytest.raises(ConfigError, match=r"RepeatsConfig\.lsh_rows"):
        RepeatsConfig(num_perm=4, lsh_rows=8)
    with pytest.raises(ConfigError, match="max_new_word_share"):
        RepeatsConfig(max_new_word_share=2.0)
    text = "\n\n".join(["Breaking news today", *PARAS[:2], "Breaking news today"])
    assert remove_repeats(text).count("Breaking news today") == 1
    assert remove_repeats(text, config=RepeatsConfig(title_min_tokens=4)) == text


def test_deterministic() -> None:
    text = article() + "\n\n" + article(date="2023-03-12")
    a = remove_repeats_and_explain(text)
    b = remove_repeats_and_explain(text)
    assert a == b


# --- seeds -----------------------------------------------------------------------------------


def test_seed_003_print_copy_is_removed(seed_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_text("003")
    lines = text.split("\n")
    title = lines[6]
    body = [ln for ln in lines[16:123] if len(ln.split()) > 12]
    out = check_edits(text)
    assert out.count(title) == 1
    assert all(out.count(ln) == 1 for ln in body)
    # The first copy is kept whole, up to its footer.
    assert out.startswith("\n".join(lines[:124]))


def test_seed_004_title_with_date_removed_lead_kept(seed_text) -> None:  # type: ignore[no-untyped-def]
    text = seed_text("004")
    lines = text.split("\n")
    title, title_dated, lead = lines[14], lines[16], lines[18]
    assert title_dated.startswith(title) and lead.startswith(title)
    out_lines = check_edits(text).split("\n")
    assert title in out_lines and lead in out_lines and title_dated not in out_lines
    assert sum(ln.startswith(title) for ln in out_lines) == 2


# --- properties ------------------------------------------------------------------------------

_POOL = [*PARAS, TITLE, DATE, BYLINE, "Yes.", "—", "", "", "Row, row, row your boat",
         "Gently down the stream", PARAS[0] + " " + PARAS[1], TITLE + " 2023"]

repeat_pages = st.lists(
    st.one_of(st.sampled_from(_POOL),
              st.lists(st.sampled_from(("river bridge council the of and a 2023 yes " * 2).split()),
                       min_size=1, max_size=30).map(" ".join)),
    max_size=30,
).map("\n".join)


@settings(max_examples=150, deadline=None)
@given(repeat_pages)
def test_edits_replay_to_output(text: str) -> None:
    check_edits(text)


@settings(max_examples=150, deadline=None)
@given(repeat_pages)
def test_idempotent(text: str) -> None:
    once = remove_repeats(text)
    assert remove_repeats(once) == once


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_replays(text: str) -> None:
    res = remove_repeats_and_explain(text)
    assert apply_edits(text, res.edits) == res.text
