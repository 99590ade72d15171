"""Fuzz ``clean()`` and ``decode()`` with hypothesis: bounded in CI, longer on demand.

Run longer with ``SEEDCLEAN_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py``.
Properties: never an exception other than a documented seedclean error; decode
returns text without NUL; clean returns a Document whose edits replay.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import hostile_text, page_bytes, page_text

from seedclean.config import CleanConfig
from seedclean.decoding import decode
from seedclean.document import Document, replay
from seedclean.errors import RecordTooLargeError
from seedclean.pipeline import clean

FUZZ = settings(max_examples=int(os.environ.get("SEEDCLEAN_FUZZ_EXAMPLES", "60")), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

html_like = st.lists(st.sampled_from(["<p>", "</p>", "<div>", "<script>x</script>", "<!--", "-->", "&amp;",
                                      "&#0;", "<br>", "<meta charset='utf-16'>", "\x00", "Ã©", "Ð¿", "\ufeff",
                                      "word ", "\n", "\r\n", "<", ">", "'", '"']), max_size=60).map("".join)


@FUZZ
@given(page_bytes)
def test_decode_never_fails(data: bytes) -> None:
    text = decode(data)
    assert isinstance(text, str)
    assert "\x00" not in text


@FUZZ
@given(st.one_of(page_bytes, st.binary(max_size=2000)))
def test_clean_bytes_never_fails(data: bytes) -> None:
    doc = clean(data)
    assert isinstance(doc, Document)
    assert "\x00" not in doc.text
    assert (doc.dropped is None) == bool(doc.text.strip())


@FUZZ
@given(st.one_of(hostile_text, page_text, html_like))
def test_clean_text_never_fails_and_replays(text: str) -> None:
    doc = clean(text)
    assert replay(text, doc.edits) == doc.text


@FUZZ
@given(st.binary(min_size=11, max_size=64))
def test_size_limit_is_a_clear_error(data: bytes) -> None:
    try:
        clean(data, config=CleanConfig(max_bytes=10))
    except RecordTooLargeError as exc:
        assert "max_bytes=10" in str(exc)
    else:
        msg = "a record above max_bytes must be refused"
        raise AssertionError(msg)
