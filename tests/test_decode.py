"""Tests of seedclean.decode: BOMs, UTF-8, legacy codepages, losses recorded."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from seedclean.decoding import decode, decode_and_explain

SAMPLES = {
    "Привет, мир! Как дела сегодня?": ["cp1251", "koi8-r", "cp866", "mac_cyrillic"],
    "Zażółć gęślą jaźń, proszę bardzo.": ["cp1250", "iso8859-2"],
    "Καλημέρα κόσμε, τι κάνεις;": ["cp1253", "iso8859-7"],
    "Bu bir değişiklik, çok güzel.": ["cp1254"],
    "שלום עולם, מה שלומך?": ["cp1255"],
    "مرحبا بالعالم، كيف حالك؟": ["cp1256"],
    "こんにちは世界、元気ですか。": ["shift_jis", "euc_jp"],
    "你好世界，今天天气很好。": ["gb18030"],
    "안녕하세요 세계, 잘 지내요?": ["euc_kr"],
    "Größe und Übermut, schön.": ["cp1252"],
}


@pytest.mark.parametrize(("text", "codec"), [(t, c) for t, cs in SAMPLES.items() for c in cs])
def test_short_legacy_inputs(text: str, codec: str) -> None:
    assert decode(text.encode(codec)) == text


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16", "utf-32"])
def test_boms(codec: str) -> None:
    r = decode_and_explain("Größe".encode(codec))
    assert r.text == "Größe" and r.edits == ()


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le"])
def test_utf16_32_without_bom(codec: str) -> None:
    r = decode_and_explain("Hello wörld, plain text".encode(codec))
    assert r.text == "Hello wörld, plain text" and r.meta["encoding"] == codec


def test_declared_is_verified() -> None:
    data = "Привет".encode("cp1251")
    assert decode(data, declared="koi8-r") == "Привет"  # the declared charset gives nonsense
    assert decode("Größe".encode(), declared="latin-1") == "Größe"  # valid UTF-8 wins


def test_undecodable_bytes_recorded_with_byte_offsets() -> None:
    data = "café crème brûlée ".encode() + b"\xff!"
    r = decode_and_explain(data)
    assert r.meta["encoding"] == "utf-8"
    assert r.text.endswith("\ufffd!")
    assert all(e.stage == "decode" and e.reason == "undecodable bytes in utf-8" for e in r.edits)
    assert r.edits[0].start == len("café crème brûlée ".encode())


def test_nul_bytes_removed_and_recorded() -> None:
    r = decode_and_explain(b"ab\x00c")
    assert r.text == "abc"
    assert [(e.start, e.end, e.reason) for e in r.edits] == [(2, 3, "NUL byte")]


@settings(max_examples=80, deadline=None)
@given(st.binary(max_size=200))
def test_never_raises(data: bytes) -> None:
    r = decode_and_explain(data)
    assert isinstance(r.text, str) and "encoding" in r.meta
