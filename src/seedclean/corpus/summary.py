"""Count what a corpus run did, in a form that adds up across shards.

Every field is a sum or a counter, so the summary of a corpus equals the
:meth:`RunSummary.merge` of the summaries of its shards (a property test checks
it).  Only the first few per-document rows and error lines are kept, so the
summary stays small however large the corpus.

>>> a, b = RunSummary(), RunSummary()
>>> a.count_input(10, "")
>>> b.count_input(5, "boilerplate-only")
>>> m = RunSummary.merged([a, b])
>>> (m.docs_in, m.kept, m.dropped, m.chars_in)
(2, 1, 1, 15)
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from seedclean.document import Document

__all__ = ["FAILED_PREFIXES", "MAX_ERRORS", "MAX_ROWS", "RunSummary", "drop_category", "similarity_bin"]

MAX_ROWS = 15  # per-document rows kept for the one-screen summary
MAX_ERRORS = 1000  # error lines kept in memory; the rest are counted (all are in dropped.jsonl)
SIM_BIN = 0.05  # width of a similarity histogram bin
#: Drop-reason prefixes meaning the input failed (exit code 1), not that it was cleaned away.
FAILED_PREFIXES = ("unreadable", "error")


def drop_category(reason: str) -> str:
    """Return the stable category of a drop reason (ids and scores stripped).

    >>> drop_category("near-duplicate of a12 (jaccard 0.93)")
    'near-duplicate'
    >>> drop_category("unreadable: a.jsonl line 3: not valid JSON")
    'unreadable'
    """
    if " of " in reason and "duplicate" in reason:
        return reason.split(" of ")[0]
    return reason.split(":")[0]


def similarity_bin(sim: float) -> str:
    """Return the histogram bin label of a similarity.

    >>> similarity_bin(0.93), similarity_bin(1.0)
    ('0.90-0.95', '1.00')
    """
    if sim >= 1.0:
        return "1.00"
    lo = int(sim / SIM_BIN) * SIM_BIN
    return f"{lo:.2f}-{lo + SIM_BIN:.2f}"


def _counter_fields() -> tuple[str, ...]:
    return ("reasons", "stage_edits", "stage_docs", "removed_bytes", "similarity", "clusters")


@dataclasses.dataclass(slots=True)
class RunSummary:
    """Count documents, characters, edits and drops; counts from shards add up.

    Attributes:
        docs_in: input documents (every non-blank JSONL line, every file).
        kept: documents written to the output.
        dropped: documents listed in ``dropped.jsonl`` (``docs_in == kept + dropped``).
        failed: dropped documents that could not be read or decoded.
        chars_in / chars_out: size of the raw inputs (bytes of a file, characters of a
            JSONL/Parquet text) and characters of the kept texts.
        reasons: dropped documents per reason category.
        stage_edits / stage_docs: edits per stage, documents a stage changed.
        removed_bytes: UTF-8 bytes removed per ``"stage: reason"``.
        similarity: near-duplicate drops per similarity bin.
        clusters: near-duplicate clusters per size (documents in the cluster).
        rows: the first :data:`MAX_ROWS` ``(id, chars in, chars out, note)`` rows.
        errors: the first :data:`MAX_ERRORS` failures, as ``"where: problem"``.
    """

    docs_in: int = 0
    kept: int = 0
    dropped: int = 0
    failed: int = 0
    chars_in: int = 0
    chars_out: int = 0
    reasons: Counter[str] = dataclasses.field(default_factory=Counter)
    stage_edits: Counter[str] = dataclasses.field(default_factory=Counter)
    stage_docs: Counter[str] = dataclasses.field(default_factory=Counter)
    removed_bytes: Counter[str] = dataclasses.field(default_factory=Counter)
    similarity: Counter[str] = dataclasses.field(default_factory=Counter)
    clusters: Counter[str] = dataclasses.field(default_factory=Counter)
    rows: list[tuple[str, int, int, str]] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)

    def count_input(self, raw_len: int, dropped: str, doc_id: str = "", chars_out: int = 0,
                    where: str = "") -> None:
        """Account for one input document; ``dropped`` is ``""`` when it is kept."""
        self.docs_in += 1
        self.chars_in += raw_len
        if not dropped:
            self.kept += 1
            self.chars_out += chars_out
        else:
            self.dropped += 1
            self.reasons[drop_category(dropped)] += 1
            if dropped.startswith(FAILED_PREFIXES):
                self.failed += 1
                if len(self.errors) < MAX_ERRORS:
                    self.errors.append(f"{where}: {dropped.removeprefix('unreadable: ')}")
        if len(self.rows) < MAX_ROWS:
            self.rows.append((doc_id, raw_len, 0 if dropped else chars_out, dropped))

    def count_edits(self, doc: Document) -> None:
        """Count the edits of one cleaned document per stage and removed bytes per reason."""
        touched: set[str] = set()
        for e in doc.edits:
            self.stage_edits[e.stage] += 1
            touched.add(e.stage)
            if not e.replacement and e.stage != "decode":
                size = len(e.before.encode("utf-8", "replace")) if e.before else e.end - e.start
                self.removed_bytes[f"{e.stage}: {e.reason}"] += size
        for s in touched:
            self.stage_docs[s] += 1

    def count_duplicate(self, similarity: float) -> None:
        """Count one near-duplicate drop in the similarity histogram."""
        self.similarity[similarity_bin(similarity)] += 1

    def merge(self, other: RunSummary) -> None:
        """Add ``other``'s counts to this summary (shards merge in input order)."""
        for name in ("docs_in", "kept", "dropped", "failed", "chars_in", "chars_out"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in _counter_fields():
            getattr(self, name).update(getattr(other, name))
        self.rows.extend(other.rows[: max(0, MAX_ROWS - len(self.rows))])
        self.errors.extend(other.errors[: max(0, MAX_ERRORS - len(self.errors))])

    @classmethod
    def merged(cls, parts: Iterable[RunSummary]) -> RunSummary:
        """Return the sum of ``parts`` (a new summary)."""
        total = cls()
        for p in parts:
            total.merge(p)
        return total

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict with sorted keys (deterministic)."""
        d: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if isinstance(v, Counter):
                v = {k: v[k] for k in sorted(v)}
            elif isinstance(v, list):
                v = [list(x) if isinstance(x, tuple) else x for x in v]
            d[f.name] = v
        return d

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> RunSummary:
        """Rebuild a summary from :meth:`to_dict` output (plain JSON, never pickle)."""
        s = cls()
        for name in ("docs_in", "kept", "dropped", "failed", "chars_in", "chars_out"):
            setattr(s, name, int(d.get(name, 0)))
        for name in _counter_fields():
            getattr(s, name).update({str(k): int(v) for k, v in dict(d.get(name, {})).items()})
        s.rows = [(str(r[0]), int(r[1]), int(r[2]), str(r[3])) for r in d.get("rows", [])]
        s.errors = [str(e) for e in d.get("errors", [])]
        return s
