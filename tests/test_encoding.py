"""Tests of seedclean.encoding: cases, each repair kind, edits, properties."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seedclean.config import EncodingConfig
from seedclean.document import apply_edits
from seedclean.encoding import fix_and_explain, fix_text
from seedclean.encoding.codecs import redecode
from seedclean.encoding.suspect import is_suspect

CASES = Path(__file__).parent / "cases"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _load(name: str) -> list[dict[str, str]]:
    return [json.loads(line) for line in (CASES / name).read_text("utf-8").splitlines() if line.strip()]


def _params(name: str) -> list[object]:
    out = []
    for c in _load(name):
        marks = [pytest.mark.xfail(strict=True)] if c["expect"] == "fail" else []
        out.append(pytest.param(c["input"], c["expected"], id=c["label"][:40], marks=marks))
    return out


@pytest.mark.parametrize(("text", "expected"), _params("encoding.jsonl"))
def test_positive_cases(text: str, expected: str) -> None:
    fixed, edits = fix_and_explain(text)
    assert fixed == expected
    assert apply_edits(text, edits) == fixed
    assert all(e.before == text[e.start : e.end] and e.stage == "encoding" for e in edits)


@pytest.mark.parametrize(("text", "expected"), _params("encoding_negatives.jsonl"))
def test_negative_cases(text: str, expected: str) -> None:
    assert fix_and_explain(text) == (expected, ())


def test_seed_003_date_fragment_fixed_by_general_rule() -> None:
    path = SEEDS / "003_4edf1433d2045690.txt"
    if not path.exists():
        pytest.skip("seeds not present")
    text = path.read_text("utf-8")
    fixed, edits = fix_and_explain(text)
    assert "1 декабря 2022" in fixed and "äåêàáðÿ" not in fixed
    assert [e.reason for e in edits] == ["cp1251 text decoded as latin-1"]
    assert apply_edits(text, edits) == fixed


def test_seed_000_homoglyph_fixed() -> None:
    path = SEEDS / "000_65736b0f4ebd7b58.txt"
    if not path.exists():
        pytest.skip("seeds not present")
    text = path.read_text("utf-8")
    fixed, edits = fix_and_explain(text)
    assert "Alexander Molfovich" in fixed
    assert len(edits) == 1 and edits[0].before == "М" and edits[0].replacement == "M"
    assert edits[0].reason == "Cyrillic look-alike in Latin word"


def test_edits_are_minimal_for_fragment() -> None:
    text = "Some English text. " * 20 + "1 äåêàáðÿ 2022. " + "More English text. " * 20
    fixed, edits = fix_and_explain(text)
    assert len(edits) == 1
    assert edits[0].before == "äåêàáðÿ" and edits[0].replacement == "декабря"
    assert edits[0].reason == "cp1251 text decoded as latin-1"


def test_utf8_mojibake_reason_and_span() -> None:
    text = "A cafÃ© and a crÃ¨me."
    fixed, edits = fix_and_explain(text)
    assert fixed == "A café and a crème."
    assert [(e.before, e.replacement) for e in edits] == [("Ã©", "é"), ("Ã¨", "è")]
    assert all("utf-8" in e.reason for e in edits)


def test_two_layers_utf8_then_codepage() -> None:
    original = "Ïðèâåò, ìèð! Êàê äåëà?"  # cp1251 read as latin-1
    import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

    layered = original.encode("utf-8").decode("sloppy-windows-1252")
    assert fix_text(layered) == "Привет, мир! Как дела?"


@pytest.mark.parametrize(("true", "read_as"), [
    ("cp1251", "cp1252"), ("koi8-r", "cp1251"), ("cp1251", "koi8-r"), ("cp866", "cp1251"),
    ("koi8-u", "latin-1"), ("iso-8859-5", "cp1251"),
])
def test_cyrillic_confusions(true: str, read_as: str) -> None:
    original = "Президент заявил, что переговоры продолжатся в декабре этого года."
    damaged = original.encode(true).decode(read_as)
    assert fix_text(damaged) == original


def test_switches_in_config() -> None:
    assert fix_text("Мolfovich", config=EncodingConfig(homoglyphs=False)) == "Мolfovich"
    assert fix_text("1 äåêàáðÿ", config=EncodingConfig(codepages=False)) == "1 äåêàáðÿ"


def test_fast_path_flags_only_suspicious_text() -> None:
    assert not any(is_suspect(t) for t in ("Größe", "Paweł", "декабря", "Ελληνικά", "日本語"))
    assert is_suspect("1 äåêàáðÿ 2022")
    assert redecode("Ïðèâåò", "cp1251", "latin-1") == "Привет"


def test_never_worse_than_ftfy_on_utf8_mojibake() -> None:
    import ftfy

    samples = ["café crème", "naïve façade", "Привет мир", "Ελληνικά", "日本語のテキスト", "Zażółć gęślą"]
    for s in samples:
        for codec in ("cp1252", "latin-1"):
            damaged = s.encode("utf-8").decode(codec, errors="ignore")
            if ftfy.fix_encoding(damaged) == s:
                assert fix_text(damaged) == s


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F), max_size=200))
def test_ascii_is_never_changed(text: str) -> None:
    assert fix_and_explain(text) == (text, ())


_PIECES = ["the", "café", "Größe", "cafÃ©", "äåêàáðÿ", "Ïðèâåò,", "Мolfovich", "Привет", "ÐŸÑ€Ð¸Ð²ÐµÑ‚",
           "Za¿ó³æ", "2022", "Ελληνικά", "日本語", "\n", "Þórður", "deðil"]
_MIXED = st.lists(st.sampled_from(_PIECES), max_size=12).map(" ".join)


@settings(max_examples=60, deadline=None)
@given(_MIXED)
def test_idempotent_and_edits_replay(text: str) -> None:
    fixed, edits = fix_and_explain(text)
    assert apply_edits(text, edits) == fixed
    assert fix_text(fixed) == fixed
