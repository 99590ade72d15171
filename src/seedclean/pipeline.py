"""Compose the stages: :func:`clean` for one document, :func:`clean_corpus` for many.

The stage order is fixed here and only here::

    decode (bytes only) -> controls -> html (when the text is HTML) -> encoding
    -> meta -> boilerplate -> repeats -> whitespace

Each stage is a pure ``str -> StageResult`` function; this module wraps them so
that a :class:`~seedclean.document.Document` collects every edit and all
metadata.  ``clean_corpus`` then runs the corpus-level passes: site-template
lines (computed first, passed in as a plain frozenset) and near-duplicate
documents (MinHash + LSH, verified exactly).

>>> doc = clean("Menu\\nHome\\n\\nA long enough paragraph of real prose, written so that any reader "
...             "would call it the content of the page and keep it.\\n", id="d1")
>>> doc.text.startswith("A long enough paragraph")
True
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from seedclean.boilerplate import find_template_lines, strip_boilerplate_and_explain
from seedclean.config import CleanConfig
from seedclean.decoding import decode_and_explain
from seedclean.document import Document, Edit, StageResult
from seedclean.encoding import fix_and_explain
from seedclean.errors import ConfigError, InputError, RecordTooLargeError
from seedclean.html import html_to_text, looks_like_html
from seedclean.meta import extract_meta
from seedclean.repeats import remove_repeats_and_explain
from seedclean.whitespace import normalise_controls_and_explain, normalise_whitespace_and_explain

__all__ = ["clean", "clean_corpus", "clean_text", "dedup_documents", "template_text", "to_document_inputs"]

log = logging.getLogger(__name__)

#: Reason set on a document whose whole text was removed by the stages.
EMPTY_REASON = "no content left after cleaning"


def _html_stage(text: str) -> StageResult:
    blocks = html_to_text(text)
    edit = Edit(stage="html", start=0, end=len(text), replacement=blocks,
                reason="HTML converted to text blocks", before=text)
    return StageResult(blocks, (edit,))


def _run_stages(text: str, config: CleanConfig, template_lines: frozenset[str]) -> tuple[str, list[Edit],
                                                                                     dict[str, Any]]:
    r = normalise_controls_and_explain(text)
    text, edits = r.text, list(r.edits)
    meta: dict[str, Any] = {}
    stages = config.stages
    if "html" in stages and looks_like_html(text):
        r = _html_stage(text)
        text, edits = r.text, [*edits, *r.edits]
    if "encoding" in stages:
        fixed, fixes = fix_and_explain(text, config=config.encoding)
        text = fixed
        edits.extend(fixes)
    steps = (
        ("meta", lambda t: extract_meta(t, config=config.meta)),
        ("boilerplate", lambda t: strip_boilerplate_and_explain(t, config=config.boilerplate,
                                                                template_lines=template_lines)),
        ("repeats", lambda t: remove_repeats_and_explain(t, config=config.repeats)),
        ("whitespace", normalise_whitespace_and_explain),
    )
    for name, step in steps:
        if name not in stages:
            continue
        r = step(text)
        text = r.text
        edits.extend(r.edits)
        for k, v in r.meta.items():
            meta.setdefault(k, v)
    return text, edits, meta


def clean(data: str | bytes, *, id: str | None = None, config: CleanConfig | None = None,
          declared: str | None = None, template_lines: frozenset[str] = frozenset()) -> Document:
    """Clean one document: decode, repair, extract metadata, strip boilerplate and repeats.

    Args:
        data: the page as text, or as bytes in any encoding (decoded first).
        id: the document id (default ``""``).
        config: pipeline settings; defaults when ``None``.
        declared: a charset declared by the source (HTTP header, meta tag), for bytes.
        template_lines: site-template lines to remove (from :func:`find_template_lines`).

    Returns:
        A new :class:`Document`; ``dropped`` is set when nothing is left.

    Raises:
        RecordTooLargeError: if the input is above ``config.max_bytes``.
        TypeError: if ``data`` is neither ``str`` nor ``bytes``.
    """
    cfg = config or CleanConfig()
    doc_id = "" if id is None else str(id)
    if not isinstance(data, (str, bytes, bytearray)):
        msg = f"clean() takes str or bytes, not {type(data).__name__} (document {doc_id!r})"
        raise TypeError(msg)
    size = len(data)
    if cfg.max_bytes is not None and size > cfg.max_bytes:
        msg = f"document is {size} bytes, above CleanConfig.max_bytes={cfg.max_bytes}"
        raise RecordTooLargeError(msg, where=doc_id)
    edits: list[Edit] = []
    meta: dict[str, Any] = {}
    if isinstance(data, (bytes, bytearray)):
        r = decode_and_explain(bytes(data), declared=declared, config=cfg.decode)
        text = r.text
        edits.extend(r.edits)
        meta.update(r.meta)
    else:
        text = data
    text, stage_edits, stage_meta = _run_stages(text, cfg, template_lines)
    edits.extend(stage_edits)
    for k, v in stage_meta.items():
        meta.setdefault(k, v)
    dropped = None if text.strip() else EMPTY_REASON
    return Document(id=doc_id, text=text, meta=meta, edits=tuple(edits), dropped=dropped)


def clean_text(text: str) -> str:
    """Return the cleaned text of ``text`` (``clean(text).text``).

    >>> clean_text("Hello world.  \\n\\n\\n")
    'Hello world.\\n'
    """
    return clean(text).text


def to_document_inputs(docs: Iterable[Any]) -> Iterator[tuple[str, str | bytes, str | None]]:
    """Turn dicts, objects with ``id``/``text``, paths or records into ``(id, data, error)``.

    An item without an id gets its position in ``docs`` as id.

    >>> list(to_document_inputs([{"id": 1, "text": "a"}, {"text": "b"}]))
    [('1', 'a', None), ('1', 'b', None)]
    """
    for n, item in enumerate(docs):
        yield from _item_inputs(item, n)


def _item_inputs(item: Any, n: int) -> Iterator[tuple[str, str | bytes, str | None]]:
    from seedclean.io.readers import Record, iter_records

    if isinstance(item, (str, os.PathLike)) and Path(item).exists():
        # a path: a file, a directory or a JSONL file, read in order
        for rec in iter_records([os.fspath(item)]):
            yield _from_record(rec)
    elif isinstance(item, Record):
        yield _from_record(item)
    elif isinstance(item, Mapping):
        yield str(item.get("id", n)), item.get("text", ""), _check_text(item.get("text"), n)
    elif hasattr(item, "text"):
        yield str(getattr(item, "id", n)), item.text, _check_text(item.text, n)
    else:
        msg = (f"clean_corpus() item {n} is a {type(item).__name__}; give dicts or objects with "
               "'id' and 'text', or paths to existing files")
        raise ConfigError(msg)


def _check_text(text: object, n: int) -> str | None:
    if isinstance(text, (str, bytes)):
        return None
    return f"item {n}: 'text' is {type(text).__name__}, not a string"


def _from_record(rec: Any) -> tuple[str, str | bytes, str | None]:
    data: str | bytes = rec.text if rec.text is not None else (rec.data or b"")
    return rec.id, data, rec.error


def dedup_documents(docs: list[Document], config: CleanConfig) -> list[Document]:
    """Mark near-duplicate documents as dropped, keeping one canonical per cluster.

    Canonical rule: the longest clean text, then the fewest encoding repairs, then
    the smallest id (see :mod:`seedclean.neardup.canonical`); the rule does not
    depend on input order.
    """
    from seedclean.neardup import find_duplicates

    live = [d for d in docs if d.dropped is None]
    priority = {d.id: (len(d.text), -sum(1 for e in d.edits if e.stage == "encoding")) for d in live}
    result = find_duplicates([(d.id, d.text) for d in live], config=config.neardup, priority=priority)
    out = []
    for d in docs:
        reason = result.reason(d.id) if d.dropped is None else None
        out.append(d if reason is None else dataclasses.replace(d, dropped=reason))
    return out


def _site(item: Any) -> str:
    """Return the host of an item's ``url`` field (template lines are found per site)."""
    from seedclean.boilerplate.templates import site_of

    return site_of(item.get("url") if isinstance(item, Mapping) else getattr(item, "url", None))


def template_text(data: str | bytes) -> str:
    """Return the text template lines are counted on: HTML converted, bytes read as UTF-8."""
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    return html_to_text(text) if looks_like_html(text) else text


def site_template_lines(inputs: list[tuple[str, str | bytes, str | None]], sites: list[str],
                        config: CleanConfig) -> dict[str, frozenset[str]]:
    """Find site-template lines per site (documents without a ``url`` form one site)."""
    by_site: dict[str, list[str]] = {}
    for (_, data, err), site in zip(inputs, sites, strict=True):
        if err is None:
            by_site.setdefault(site, []).append(template_text(data))
    return {site: find_template_lines(texts, min_count=config.boilerplate.template_min_count,
                                      config=config.boilerplate)
            for site, texts in by_site.items()}


def clean_corpus(docs: Iterable[Any], *, config: CleanConfig | None = None,
                 templates: bool = True, dedup: bool = True) -> Iterator[Document]:
    """Clean many documents and drop near-duplicates, yielding one Document per input, in order.

    Site-template lines (lines recurring on ``BoilerplateConfig.template_min_count``
    pages or more) are found first, per site when items carry a ``url``; then every
    document is cleaned; then near-duplicates are marked dropped, one canonical
    document kept per cluster.  This function holds the corpus in memory; for
    corpora larger than memory use the CLI (``seedclean clean``), which streams.

    Args:
        docs: dicts or objects with ``id`` and ``text`` (str or bytes), or paths.
        config: pipeline settings; defaults when ``None``.
        templates: remove lines that recur on many pages (site template).
        dedup: drop near-duplicate documents (one canonical kept per cluster).

    Yields:
        Documents in input order; a dropped one has ``dropped`` set to the reason.
    """
    cfg = config or CleanConfig()
    items = list(docs)
    inputs: list[tuple[str, str | bytes, str | None]] = []
    sites: list[str] = []
    for n, item in enumerate(items):
        site = _site(item)
        for triple in _item_inputs(item, n):
            inputs.append(triple)
            sites.append(site)
    tmpl: dict[str, frozenset[str]] = {}
    if templates and "boilerplate" in cfg.stages:
        tmpl = site_template_lines(inputs, sites, cfg)
    cleaned = [clean_one(i, d, err, cfg, tmpl.get(site, frozenset()))
               for (i, d, err), site in zip(inputs, sites, strict=True)]
    if dedup:
        cleaned = dedup_documents(cleaned, cfg)
    yield from cleaned


def clean_one(doc_id: str, data: str | bytes, error: str | None, cfg: CleanConfig,
              template_lines: frozenset[str]) -> Document:
    """Clean one corpus member, turning an input problem into a dropped document."""
    if error is not None:
        return Document(id=doc_id, text="", dropped=f"unreadable: {error}")
    try:
        return clean(data, id=doc_id, config=cfg, template_lines=template_lines)
    except InputError as exc:
        return Document(id=doc_id, text="", dropped=f"unreadable: {exc}")
