"""Hold one frozen, typed configuration dataclass per stage.

Every threshold is a named field with a default and a comment giving its source.
``CleanConfig`` nests the stage configs; functions take ``config=None`` and use
the defaults.  Invalid values raise :class:`~seedclean.errors.ConfigError`
naming the field.

>>> CleanConfig().neardup.threshold
0.8
>>> NearDupConfig(threshold=1.5)
Traceback (most recent call last):
...
seedclean.errors.ConfigError: NearDupConfig.threshold must be in (0, 1], got 1.5
"""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from seedclean.errors import ConfigError

__all__ = [
    "BoilerplateConfig",
    "CleanConfig",
    "DecodeConfig",
    "EncodingConfig",
    "MetaConfig",
    "NearDupConfig",
    "RepeatsConfig",
]


def _check(cond: bool, cls: str, field: str, rule: str, value: object) -> None:
    if not cond:
        msg = f"{cls}.{field} must be {rule}, got {value!r}"
        raise ConfigError(msg)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class DecodeConfig:
    """Configure byte decoding (:func:`seedclean.decode`)."""

    # Bytes of the input inspected by the charset detector; charset-normalizer's default steps.
    detect_bytes: int = 200_000
    # Declared charset (HTTP header / meta tag) is only trusted if it decodes without errors.
    trust_declared: bool = True

    def __post_init__(self) -> None:
        """Validate the fields."""
        _check(self.detect_bytes > 0, "DecodeConfig", "detect_bytes", "> 0", self.detect_bytes)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class EncodingConfig:
    """Configure encoding repair (:func:`seedclean.fix_text`).

    ``ftfy`` is passed through to ftfy as its own ``TextFixerConfig`` (``None``
    means ftfy's defaults as adapted by seedclean: no quote or width changes).
    """

    ftfy: Any = None  # ftfy.TextFixerConfig | None; typed Any to keep ftfy out of import time
    codepages: bool = True  # repair single-byte codepage mix-ups
    homoglyphs: bool = True  # fold look-alike letters to the word's script
    # Codepage repair (seedclean.encoding.codepages).  Gains are natural-log
    # probabilities of the character model; values tuned on the held-out
    # benchmarks/bench_encoding.py corpus (real .mo sentences, not model data).
    codepage_min_gain: float = 8.0  # total gain of a token re-decoded on its own
    codepage_min_margin: float = 0.5  # gain per character of such a token
    codepage_min_gain_focused: float = 4.0  # ... or this total gain
    codepage_min_margin_focused: float = 3.0  # ... concentrated on the changed characters
    codepage_min_candidate_focused: float = -2.5  # ... when the re-decoded word reads well
    codepage_min_candidate: float = -4.5  # the re-decoded token must look like language
    codepage_min_candidate_cjk: float = -9.0  # same for mostly-CJK tokens (model is weaker there)
    codepage_max_gap: int = 3  # ASCII tokens a confident decision may reach across
    codepage_consistency: float = 3.0  # bonus for the confusion dominant in the text
    codepage_plausible: float = -2.0  # tokens scoring above this per character are not re-decoded alone
    codepage_min_letters: int = 4  # letters a re-decoded token needs to be repaired on its own
    codepage_support_slack: float = 2.0  # loss a neighbour of a confident token may have (one-letter words)
    codepage_support_slack_per_letter: float = 1.0  # ... plus this per character of the neighbour
    max_layers: int = 3  # rounds of codepage repair (2-3 layers of mojibake)
    # Codepage-first repair must beat ftfy-first by this (nats/char) to be kept: ftfy's test cases.
    order_margin: float = 0.2


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class MetaConfig:
    """Configure metadata extraction (dates, bylines, credits)."""

    dates: bool = True
    bylines: bool = True
    credits: bool = True
    # A standalone metadata line (date, byline, credit) has at most this many words; news
    # datelines run 2-6 words ("30 November 2025 10:10"), bylines 2-6 after "By".
    max_line_words: int = 8
    # When no standalone date is found, look for a date inside the text in this many leading
    # characters (the headline and its dateline sit below the menus, within the first few
    # thousand characters of a dump; later dates are usually events, not publication).
    scan_chars: int = 4000
    # A personal name (lone byline, ``Name | City``, ``Name, Title``) has 2 to this many
    # capitalised words (given names + surname; "Jan van der Berg" is 4).
    byline_max_name_words: int = 4
    # The part after ``Name |`` or ``Name,`` (a city, a job title) has at most this many words.
    byline_max_tail_words: int = 6
    # An author bio line right after a byline ("Senior fellow at ...") has at most this many
    # words; a longer line is the article's first paragraph.
    bio_max_words: int = 16

    def __post_init__(self) -> None:
        """Validate the fields."""
        _check(self.max_line_words >= 1, "MetaConfig", "max_line_words", ">= 1", self.max_line_words)
        _check(self.byline_max_name_words >= 2, "MetaConfig", "byline_max_name_words", ">= 2",
               self.byline_max_name_words)
        _check(self.byline_max_tail_words >= 1, "MetaConfig", "byline_max_tail_words", ">= 1",
               self.byline_max_tail_words)
        _check(self.bio_max_words >= 3, "MetaConfig", "bio_max_words", ">= 3", self.bio_max_words)
        _check(self.scan_chars >= 0, "MetaConfig", "scan_chars", ">= 0", self.scan_chars)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class BoilerplateConfig:
    """Configure boilerplate removal (:func:`seedclean.strip_boilerplate`)."""

    # Lines removed as site template when seen on at least this many pages of one corpus.
    template_min_count: int = 3
    # Keep a block when the model's content probability reaches this; 0.5 is the logistic
    # decision boundary; 3-fold CV on the dev set's training pages: 0.4 0.919, 0.45 and 0.5 0.920
    # (model alone); the whole stage (model refit per fold, then the rules below): 0.4 0.9332,
    # 0.45 0.9337, 0.5 0.9327 char-F1, and 0.45 lifts the mean per-page token F1 from 0.878 to 0.890.
    threshold: float = 0.45
    # A template line is short (menu items, footer notes): at most this many words, unless it
    # sits at the page edges.  A quoted sentence of an article is longer; jusText's "short" is 10.
    template_max_words: int = 12
    # Share of the page (blocks) counted as its top or bottom edge for template lines.
    template_edge_share: float = 0.25
    # Headline rescue: the title-like block just before the first content block (within this many
    # blocks, skipping dates/bylines) is kept; seed layouts put it 1-5 blocks above the body.
    headline_window: int = 6
    # Title-like: between these word counts (news headlines run 4-20 words; 25 leaves room).
    headline_min_words: int = 3
    headline_max_words: int = 25
    # A dropped block between two kept blocks is kept when both neighbours score at least this
    # (jusText's "short between good" revision); 0.5-0.8 scored the same on the training pages.
    sandwich_min_score: float = 0.5
    # A block right after a kept block is kept when its score reaches this (jusText's "near-good
    # next to good"; it chains only through prose blocks); the last paragraphs above a footer are
    # pulled down by the footer.  0.15-0.4 scored the same on the training pages (char-F1 0.935);
    # 0.25 keeps 97% of the paragraphs of short hand-built articles (0.4: 90%) and the seeds' last
    # paragraphs (scores near 0.3); 3-fold CV of the whole stage on the training pages: 0.2 0.9319,
    # 0.25 0.9327, 0.3 0.9328.
    continue_min_score: float = 0.25
    # Kept blocks above a headline printed twice (title + copy) are teasers, if they hold at most
    # this share of the kept text; above that the article is there and the pair is a teaser itself
    # (0-0.5 scored the same on the training pages; a feed of five teasers is ~10% of a page).
    teaser_max_share: float = 0.3
    # Drop a later exact copy of a kept content block (a headline printed twice).
    drop_duplicates: bool = True
    # ... when it has at least this many words: repeated short cells and list items ("Yes",
    # "Free", "$10") are real content: on the training pages 4 gave +0.031 line-F1 over 1 (10: +0.036).
    duplicate_min_words: int = 4
    # A copy is near its original within this many blocks (a headline and its copy sit 1-2
    # blocks apart; 2-5 scored the same on the training pages) ...
    duplicate_near_blocks: int = 3
    # ... a farther copy goes only with at least this many words (jusText's "long" paragraph):
    # table cells and list rows repeat legitimately ("Play Time", "$15 per user, per month");
    # on the training pages 10 gave char-F1 +0.0008 and line-F1 +0.004 over 4 (15: +0.0011).
    duplicate_far_min_words: int = 10
    # Text whose prose blocks (10+ words, ending a sentence) hold at least this share of its
    # characters, with no block like boilerplate, is already clean: its prose is kept.
    clean_prose_share: float = 0.9
    # Rounds of classification: what is left is classified again until nothing more goes, so
    # the output is a fixed point (cleaning it again removes nothing).  1 = a single pass.
    max_rounds: int = 4
    # A block of at most this many words that matches a boilerplate pattern (copyright, contact,
    # cookie, share, view counter, go back) is dropped whatever its score; longer blocks are
    # sentences that merely mention such words.  12-20 scored the same on the training pages;
    # 16 also covers one-line postal addresses.
    hint_max_words: int = 16
    # A comment-section or "related" heading ("5 Comments", "Leave a Reply", "Most read") ends the
    # article once this many characters of content were kept above it (higher up it is a menu
    # link); on the training pages such headings after 2,000+ content characters had 57,645
    # boilerplate and 10,455 content characters below them (one page), comments alike.
    tail_min_chars: int = 2000
    # Between the first and last kept block, a run of at least this many prose blocks (10+ words,
    # ending a sentence) is article text cut off by a code listing or table: kept.  On the
    # training pages 2 blocks: char-F1 +0.0018 (3: +0.0014).
    prose_run_min_blocks: int = 2
    # ... when each scores at least this (0.0-0.1 scored the same on the training pages, 0.3 +0.001).
    prose_run_min_score: float = 0.1
    # Between the first and last kept block, a run of dropped blocks with 2+ code lines making at
    # least this share of it is a code listing of the article: kept (3-fold CV of the stage on
    # the training pages: 0.3 +0.0004, 0.5 +0.0006, 0.7 +0.0002 char-F1; counting "key: value"
    # lines as code too: +0.0011).
    code_run_min_share: float = 0.5

    def __post_init__(self) -> None:
        """Validate the fields."""
        _check(self.template_min_count >= 2, "BoilerplateConfig", "template_min_count", ">= 2",
               self.template_min_count)
        _check(0 < self.threshold < 1, "BoilerplateConfig", "threshold", "in (0, 1)", self.threshold)
        _check(self.template_max_words >= 1, "BoilerplateConfig", "template_max_words", ">= 1",
               self.template_max_words)
        _check(0 <= self.template_edge_share <= 0.5, "BoilerplateConfig", "template_edge_share",
               "in [0, 0.5]", self.template_edge_share)
        _check(self.headline_window >= 0, "BoilerplateConfig", "headline_window", ">= 0",
               self.headline_window)
        _check(1 <= self.headline_min_words <= self.headline_max_words, "BoilerplateConfig",
               "headline_min_words", "in [1, headline_max_words]", self.headline_min_words)
        _check(0 <= self.teaser_max_share <= 1, "BoilerplateConfig", "teaser_max_share", "in [0, 1]",
               self.teaser_max_share)
        _check(self.duplicate_near_blocks >= 1, "BoilerplateConfig", "duplicate_near_blocks", ">= 1",
               self.duplicate_near_blocks)
        _check(self.duplicate_far_min_words >= 1, "BoilerplateConfig", "duplicate_far_min_words", ">= 1",
               self.duplicate_far_min_words)
        _check(self.duplicate_min_words >= 1, "BoilerplateConfig", "duplicate_min_words", ">= 1",
               self.duplicate_min_words)
        _check(0 < self.continue_min_score <= 1, "BoilerplateConfig", "continue_min_score", "in (0, 1]",
               self.continue_min_score)
        _check(0 < self.clean_prose_share <= 1, "BoilerplateConfig", "clean_prose_share", "in (0, 1]",
               self.clean_prose_share)
        _check(self.max_rounds >= 1, "BoilerplateConfig", "max_rounds", ">= 1", self.max_rounds)
        _check(self.prose_run_min_blocks >= 1, "BoilerplateConfig", "prose_run_min_blocks", ">= 1",
               self.prose_run_min_blocks)
        _check(0 <= self.prose_run_min_score <= 1, "BoilerplateConfig", "prose_run_min_score",
               "in [0, 1]", self.prose_run_min_score)
        _check(0 < self.code_run_min_share <= 1, "BoilerplateConfig", "code_run_min_share", "in (0, 1]",
               self.code_run_min_share)
        _check(self.tail_min_chars >= 0, "BoilerplateConfig", "tail_min_chars", ">= 0",
               self.tail_min_chars)
        _check(self.hint_max_words >= 0, "BoilerplateConfig", "hint_max_words", ">= 0",
               self.hint_max_words)
        _check(0 < self.sandwich_min_score <= 1, "BoilerplateConfig", "sandwich_min_score", "in (0, 1]",
               self.sandwich_min_score)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RepeatsConfig:
    """Configure removal of repeated blocks inside one document."""

    # A later block is a repeat when this share of its shingles appear in earlier text.
    # (Word bigrams of a sentence unit; 0.8 is the usual near-duplicate bar, as in NearDupConfig.)
    min_overlap: float = 0.8
    # Shorter repeated lines (in word tokens) are legitimate repetition unless they repeat a
    # whole earlier line on their own (a title printed twice, see title_min_tokens) or sit
    # inside a removed copy; shorter units must match a whole unit, longer ones may copy part
    # of one.  8 words: about the shortest self-contained sentence in news prose.
    min_tokens: int = 8
    # A short line repeated on its own (a title printed again) is removed only if it has at
    # least this many tokens: "Yes.", "Thank you" or "Chapter 2" recur legitimately.
    title_min_tokens: int = 3
    # Lines of at most this many tokens are verse/list lines: a repeated run of >= 2 of them
    # copying different lines is a refrain or a repeated list, kept.  Song lines run 4-10 words.
    verse_max_tokens: int = 12
    # Unmatched lines of at most this many tokens inside a repeated copy (a changed date or
    # byline, a "print" label) are removed with it; a byline or dateline is under ~12 words.
    max_gap_tokens: int = 16
    # ... and at most this many of them in a row (date + byline + photo credit).
    max_gap_lines: int = 3
    # A run of repeated lines copying at least this many different earlier lines is a copy of
    # a passage (print copy), removed whole; fewer sources means lines are judged one by one.
    copy_min_sources: int = 2
    # A repeat judged on its own may add at most this share of new words (tokens with letters)
    # to its source: a headline re-shown with a date is a repeat; a lead sentence that extends
    # the headline with "on June 20" is new text.  Held-out: ../shared/eval seeds gold.
    max_new_word_share: float = 0.05
    # A sentence repeated inside a paragraph that is otherwise new is removed only if it has
    # at least this many tokens; shorter recurring phrases are style (a slogan, a refrain).
    min_sentence_tokens: int = 12
    # Units shorter than this (in tokens) only match exactly; MinHash needs a few bigrams.
    fuzzy_min_tokens: int = 3
    # Sentences longer than this are cut into windows, so one unit stays cheap to align.
    max_unit_tokens: int = 64
    # MinHash size and LSH band height: 21 bands of 3 rows find pairs of Jaccard >= 0.5 with
    # probability >= 0.94 (1 - (1 - J^3)^21); the exact check then removes false candidates.
    num_perm: int = 63
    lsh_rows: int = 3
    seed: int = 1

    def __post_init__(self) -> None:
        """Validate the fields."""
        _check(0 < self.min_overlap <= 1, "RepeatsConfig", "min_overlap", "in (0, 1]", self.min_overlap)
        _check(self.min_tokens >= 1, "RepeatsConfig", "min_tokens", ">= 1", self.min_tokens)
        for name in ("title_min_tokens", "verse_max_tokens", "copy_min_sources", "min_sentence_tokens",
                     "fuzzy_min_tokens", "max_unit_tokens", "num_perm", "lsh_rows"):
            _check(getattr(self, name) >= 1, "RepeatsConfig", name, ">= 1", getattr(self, name))
        for name in ("max_gap_tokens", "max_gap_lines"):
            _check(getattr(self, name) >= 0, "RepeatsConfig", name, ">= 0", getattr(self, name))
        _check(0 <= self.max_new_word_share <= 1, "RepeatsConfig", "max_new_word_share", "in [0, 1]",
               self.max_new_word_share)
        _check(self.lsh_rows <= self.num_perm, "RepeatsConfig", "lsh_rows", f"<= num_perm ({self.num_perm})",
               self.lsh_rows)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class NearDupConfig:
    """Configure near-duplicate detection across a corpus."""

    # Jaccard threshold; 0.8 on word 5-grams is the common choice (datatrove, text-dedup).
    threshold: float = 0.8
    shingle: Literal["word", "char"] = "word"
    ngram: int = 5  # word 5-grams: Gopher / datatrove default
    num_perm: int = 128  # datasketch default
    seed: int = 1
    similarity: Literal["jaccard", "containment"] = "jaccard"
    bands: int | None = None  # override (b, r); derived from threshold when None
    rows: int | None = None
    # Chance that LSH proposes a pair exactly at the threshold (ideal MinHash); sets (b, r).
    # 0.999 gives (25, 5) at 0.8/128 perms; verification removes the extra candidates.
    lsh_recall: float = 0.999

    def __post_init__(self) -> None:
        """Validate the fields."""
        _check(0 < self.threshold <= 1, "NearDupConfig", "threshold", "in (0, 1]", self.threshold)
        _check(self.shingle in ("word", "char"), "NearDupConfig", "shingle", "'word' or 'char'", self.shingle)
        _check(self.ngram >= 1, "NearDupConfig", "ngram", ">= 1", self.ngram)
        _check(self.num_perm >= 2, "NearDupConfig", "num_perm", ">= 2", self.num_perm)
        _check(self.similarity in ("jaccard", "containment"), "NearDupConfig", "similarity",
               "'jaccard' or 'containment'", self.similarity)
        _check(0 < self.lsh_recall < 1, "NearDupConfig", "lsh_recall", "in (0, 1)", self.lsh_recall)
        if (self.bands is None) != (self.rows is None):
            msg = "NearDupConfig.bands and NearDupConfig.rows must be given together"
            raise ConfigError(msg)
        if self.bands is not None and self.rows is not None:
            _check(self.bands * self.rows <= self.num_perm, "NearDupConfig", "bands*rows",
                   f"<= num_perm ({self.num_perm})", self.bands * self.rows)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class CleanConfig:
    """Configure the whole pipeline: one nested config per stage."""

    decode: DecodeConfig = dataclasses.field(default_factory=DecodeConfig)
    encoding: EncodingConfig = dataclasses.field(default_factory=EncodingConfig)
    meta: MetaConfig = dataclasses.field(default_factory=MetaConfig)
    boilerplate: BoilerplateConfig = dataclasses.field(default_factory=BoilerplateConfig)
    repeats: RepeatsConfig = dataclasses.field(default_factory=RepeatsConfig)
    neardup: NearDupConfig = dataclasses.field(default_factory=NearDupConfig)
    # Stages can be switched off one by one.
    stages: frozenset[str] = frozenset({"html", "encoding", "meta", "boilerplate", "repeats", "whitespace"})
    # Records above this size are refused with RecordTooLargeError (None: no limit).
    # clean() peaks near 45 bytes of memory per input byte (measured, bench_regex): 32 MiB -> ~1.5 GB.
    max_bytes: int | None = 32 * 1024 * 1024

    def __post_init__(self) -> None:
        """Validate the fields."""
        unknown = set(self.stages) - {"html", "encoding", "meta", "boilerplate", "repeats", "whitespace"}
        _check(not unknown, "CleanConfig", "stages", "a subset of the pipeline's stages", sorted(unknown))
        _check(self.max_bytes is None or self.max_bytes > 0, "CleanConfig", "max_bytes", "> 0 or None",
               self.max_bytes)
