"""Model the cleaned document and the edits that produced it.

This module is the bottom of the package: it imports no stage, so every worker
can load it cheaply.  Every stage of the pipeline is a pure function
``str -> StageResult``; the result carries the new text, the edits that turn the
stage's input into that text and any metadata the stage found.

The edit contract (checked by property tests): for every stage,
``apply_edits(stage_input, stage_edits) == stage_output``.  Spans are character
offsets into *that stage's input*.  Edits of the ``decode`` stage are the one
exception: their spans are byte offsets into the raw input, and replay starts
from the decoded text.

>>> e = Edit(stage="demo", start=0, end=5, replacement="", reason="greeting")
>>> apply_edits("hello world", [e])
' world'
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

__all__ = ["Document", "Edit", "StageResult", "apply_edits", "freeze_meta", "replay"]


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class Edit:
    """Record one change a stage made: replace ``[start, end)`` of its input.

    Attributes:
        stage: name of the stage that made the edit (``"encoding"``, ...).
        start: first character of the span in the stage's input.
        end: one past the last character of the span.
        replacement: text put in place of the span (``""`` for a removal).
        reason: short, stable phrase from the stage's vocabulary.
        before: the text that was replaced (kept so explanations need no input).
        source: for a removed repeat, the span ``(start, end)`` of the stage's
            input that this span copies; otherwise ``None``.
    """

    stage: str
    start: int
    end: int
    replacement: str
    reason: str
    before: str = ""
    source: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        """Reject spans that cannot be applied."""
        if self.start < 0 or self.end < self.start:
            msg = f"Edit span must satisfy 0 <= start <= end, got ({self.start}, {self.end})"
            raise ValueError(msg)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict of this edit."""
        d = dataclasses.asdict(self)
        if self.source is not None:
            d["source"] = list(self.source)
        return d


class StageResult(NamedTuple):
    """What one pure stage returns: new text, its edits and found metadata."""

    text: str
    edits: tuple[Edit, ...] = ()
    meta: Mapping[str, Any] = MappingProxyType({})


def freeze_meta(meta: Mapping[str, Any] | None) -> Mapping[str, Any]:
    """Return a read-only, key-sorted copy of ``meta``.

    >>> dict(freeze_meta({"b": 1, "a": 2}))
    {'a': 2, 'b': 1}
    """
    if not meta:
        return MappingProxyType({})
    return MappingProxyType({k: meta[k] for k in sorted(meta)})


@dataclasses.dataclass(frozen=True, slots=True)
class Document:
    """Hold one document: its id, clean text, metadata, edits and drop reason.

    Documents are immutable; stages return new ones via ``dataclasses.replace``.

    >>> d = Document(id="a1", text="Hello.")
    >>> d.dropped is None, d.edits
    (True, ())
    """

    id: str
    text: str
    meta: Mapping[str, Any] = dataclasses.field(default_factory=lambda: MappingProxyType({}))
    edits: tuple[Edit, ...] = ()
    dropped: str | None = None

    def __post_init__(self) -> None:
        """Freeze ``meta`` and ``edits`` so the document stays immutable."""
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", freeze_meta(self.meta))
        if not isinstance(self.edits, tuple):
            object.__setattr__(self, "edits", tuple(self.edits))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle through a plain dict for ``meta`` (a read-only mapping proxy cannot be pickled)."""
        return (Document, (self.id, self.text, dict(self.meta), self.edits, self.dropped))

    def to_dict(self, *, with_edits: bool = False) -> dict[str, Any]:
        """Return a JSON-ready dict (``id``, ``text``, ``meta``, optionally ``edits``)."""
        d: dict[str, Any] = {"id": self.id, "text": self.text, "meta": dict(self.meta)}
        if self.dropped is not None:
            d["dropped"] = self.dropped
        if with_edits:
            d["edits"] = [e.to_dict() for e in self.edits]
        return d


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits (spans in ``text``) and return the result.

    >>> apply_edits("abcdef", [Edit(stage="s", start=1, end=3, replacement="X", reason="r")])
    'aXdef'

    Raises:
        ValueError: if two edits overlap or a span lies outside ``text``.
    """
    ordered = sorted(edits, key=lambda e: (e.start, e.end))
    out: list[str] = []
    pos = 0
    for e in ordered:
        if e.start < pos or e.end > len(text):
            msg = f"edit {e.start}-{e.end} ({e.stage}: {e.reason}) overlaps another or leaves the text"
            raise ValueError(msg)
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def replay(text: str, edits: Sequence[Edit]) -> str:
    """Replay a document's edits stage by stage, starting from ``text``.

    ``text`` is the input of the first non-decode stage (the decoded text).
    Edits are grouped by consecutive runs of the same stage, as the pipeline
    records them.

    >>> es = [Edit(stage="a", start=0, end=1, replacement="", reason="r"),
    ...       Edit(stage="b", start=0, end=1, replacement="Z", reason="r")]
    >>> replay("xyz", es)
    'Zz'
    """
    group: list[Edit] = []
    for e in edits:
        if e.stage == "decode":
            continue
        if group and e.stage != group[0].stage:
            text = apply_edits(text, group)
            group = []
        group.append(e)
    if group:
        text = apply_edits(text, group)
    return text
