"""Shared Hypothesis strategies and small corpus builders for the tests (append only)."""

from __future__ import annotations

import json
import random
from pathlib import Path

from hypothesis import strategies as st

# --- corpus runs (seedclean.corpus): owner of test_corpus*, test_properties*, test_fuzz* ---------

WORDS = (
    "the of and to in a is that for it as was with be by on not he this are or his from at which "
    "but have an they you were her she there been one all we their has would when if so no will "
    "river harbour council winter bridge village school market doctor family museum morning "
    "report season station weather garden teacher letter summer island railway library farmer"
).split()


def prose(rng: random.Random, sentences: int = 6) -> str:
    """Return a paragraph of plausible prose (stopword-rich, so boilerplate rules keep it)."""
    out = []
    for _ in range(sentences):
        words = [rng.choice(WORDS) for _ in range(rng.randint(9, 16))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def article(rng: random.Random, paragraphs: int = 3) -> str:
    """Return a multi-paragraph article text ending with a newline."""
    return "\n\n".join(prose(rng, rng.randint(3, 6)) for _ in range(paragraphs)) + "\n"


def write_jsonl(path: Path, rows: list[object]) -> None:
    """Write rows (dicts as JSON, strings verbatim) one per line."""
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows),
                    encoding="utf-8")


def make_corpus(root: Path, n_files: int = 6, n_jsonl: int = 20, seed: int = 0) -> int:
    """Write a small mixed corpus (text files + one JSONL) under ``root``; return its document count."""
    rng = random.Random(seed)
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n_files):
        (root / f"page{i:02d}.txt").write_text(article(rng), encoding="utf-8")
    write_jsonl(root / "docs.jsonl", [{"id": f"j{i}", "text": article(rng), "lang": "en"}
                                      for i in range(n_jsonl)])
    return n_files + n_jsonl


#: Text with the characters hostile to cleaners: controls, NUL, combining marks, RTL, surrogate-free.
hostile_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400,
)

#: Text built from lines of words, punctuation and blank lines: shaped like pages.
page_text = st.lists(
    st.one_of(
        st.just(""),
        st.lists(st.sampled_from([*WORDS[:40], "Home", "Menu", "©", "|", "»", "2024", "—", "Share"]),
                 min_size=1, max_size=18).map(" ".join),
    ),
    max_size=25,
).map("\n".join)

#: Raw bytes as pages arrive: random bytes, or text in a common encoding.
page_bytes = st.one_of(
    st.binary(max_size=400),
    st.tuples(hostile_text, st.sampled_from(["utf-8", "utf-16", "utf-16-le", "utf-32", "cp1251", "latin-1"]))
    .map(lambda t: t[0].encode(t[1], "replace")),
)
