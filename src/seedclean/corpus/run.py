"""Run the pipeline over files in bounded memory: templates, clean, near-dup, write.

Phases (each streams the input or the state files, so memory stays flat):

1. *templates*: count line hashes per site (a record's ``url`` host) over the
   input (spilled to disk), then recover each site's template lines
   (:class:`~seedclean.corpus.templates.TemplateCounter`), as
   :func:`seedclean.clean_corpus` finds them;
2. *clean*: cut the records into fixed chunks, clean them on ``jobs`` processes,
   write each finished chunk to the state directory (this is what ``--resume``
   keeps);
3. *dedup*: near-duplicates among the kept documents, keyed by input position;
4. *write*: stream the chunks in order into the outputs and ``dropped.jsonl``,
   and count ``in = kept + dropped``.

The outputs depend only on the inputs and options: not on ``jobs``, on resuming,
or on the machine.  Timings go to the report only.
"""

from __future__ import annotations

import dataclasses
import logging
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

from seedclean.config import CleanConfig
from seedclean.corpus.spool import STATE_DIR, Spool, fingerprint
from seedclean.corpus.summary import FAILED_PREFIXES, RunSummary
from seedclean.corpus.work import chunked, map_chunks
from seedclean.errors import ConfigError, InputError, OutputError
from seedclean.io.readers import Record, iter_records, read_stdin

__all__ = ["RunOptions", "RunResult", "available_cores", "check_output_dir", "run_clean"]

log = logging.getLogger(__name__)

Progress = Callable[[int, int | None], None]  # (documents done, total or None)


@dataclasses.dataclass(frozen=True, slots=True, kw_only=True)
class RunOptions:
    """Choose how a corpus run works; none of these change what a document becomes.

    Attributes:
        jobs: worker processes (``None``: all cores).  The output is the same for any value.
        dedup: drop near-duplicate documents.
        templates: remove lines that recur on many pages (site template).
        resume: keep the finished chunks of a killed run with the same command and ``-o``.
        strict: stop at the first input that fails.
        shard_size: records per JSONL/Parquet output shard (``None``: one file per input).
        chunk_docs / chunk_bytes: size of a unit of work (and of what ``--resume`` keeps).
    """

    jobs: int | None = None
    dedup: bool = True
    templates: bool = True
    resume: bool = False
    strict: bool = False
    shard_size: int | None = None
    # 64 documents / 8 MB per chunk: enough work to amortise sending it to a worker,
    # small enough that a killed run loses little and workers stay balanced.
    chunk_docs: int = 64
    chunk_bytes: int = 8 << 20

    def __post_init__(self) -> None:
        """Validate the fields."""
        for name in ("jobs", "shard_size"):
            v = getattr(self, name)
            if v is not None and v < 1:
                msg = f"RunOptions.{name} must be >= 1 or None, got {v!r}"
                raise ConfigError(msg)
        if self.chunk_docs < 1 or self.chunk_bytes < 1:
            msg = "RunOptions.chunk_docs and chunk_bytes must be >= 1"
            raise ConfigError(msg)


@dataclasses.dataclass(slots=True)
class RunResult:
    """What a run did: counts, timings (seconds per phase) and output file names."""

    summary: RunSummary
    timings: dict[str, float]
    outputs: list[str]


def available_cores() -> int:
    """Return the cores this process may use (its CPU affinity, else the machine's count)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def check_output_dir(out: Path, inputs: Sequence[str]) -> None:
    """Refuse an output directory that is, lies inside or contains an input.

    Raises:
        OutputError: naming the clash.
    """
    o = out.resolve()
    for arg in inputs:
        if arg == "-":
            continue
        p = Path(arg).resolve()
        if p.is_dir() and (o == p or p in o.parents):
            msg = f"output directory {out} is inside input directory {arg}; choose another -o"
            raise OutputError(msg)
        if o == p:
            msg = f"output {out} is an input file; choose another -o"
            raise OutputError(msg)
        if o in p.parents:  # writing could overwrite the input (inputs are never modified)
            msg = f"input {arg} is inside the output directory {out}; choose another -o"
            raise OutputError(msg)
    if o.exists() and not o.is_dir():
        msg = f"output {out} exists and is not a directory; choose another -o"
        raise OutputError(msg)


def _records(paths: Sequence[str], cfg: CleanConfig, strict: bool, stdin: bytes | None) -> Iterator[Record]:
    for rec in iter_records(paths, max_bytes=cfg.max_bytes, stdin=stdin):
        if strict and rec.error is not None:
            raise InputError(rec.error, where=rec.where)
        yield rec


def template_page(rec: Record) -> tuple[str, str] | None:
    """Return the ``(site, text)`` a record's template lines are counted on (None if unreadable).

    The same text and site as :func:`seedclean.clean_corpus` uses: HTML
    converted to text, the site from the record's ``url`` field.
    """
    from seedclean.boilerplate.templates import site_of
    from seedclean.pipeline import template_text

    if rec.error is not None:
        return None
    data = rec.text if rec.text is not None else (rec.data or b"")
    return site_of(rec.meta.get("url")), template_text(data)


def _find_templates(paths: Sequence[str], cfg: CleanConfig, spool: Spool, strict: bool,
                    stdin: bytes | None) -> tuple[dict[str, frozenset[str]], int]:
    from seedclean.corpus.templates import TemplateCounter

    saved = spool.load_templates()
    if saved is not None:
        return saved
    counter = TemplateCounter(spool.root / "lines", config=cfg.boilerplate)
    docs = 0
    for rec in _records(paths, cfg, strict, stdin):
        docs += 1
        page = template_page(rec)
        if page is not None:
            counter.add(page[1], page[0])
    pages = (p for rec in iter_records(paths, max_bytes=cfg.max_bytes, stdin=stdin)
             if (p := template_page(rec)))
    lines = counter.resolve(pages)
    spool.save_templates(lines, docs)
    return lines, docs


def _clean_phase(paths: Sequence[str], cfg: CleanConfig, opts: RunOptions, spool: Spool,
                 tmpl: Mapping[str, frozenset[str]], total: int | None, progress: Progress | None,
                 stdin: bytes | None) -> int:
    """Clean the chunks not finished yet; return the number of chunks."""
    done_chunks = spool.finished()
    skip = sum(int(spool.header(k)["n"]) for k in range(done_chunks))
    if done_chunks:
        log.info("resuming after %d finished chunk(s), %d documents", done_chunks, skip)
    records = _records(paths, cfg, opts.strict, stdin)
    for _ in range(skip):  # resume: these records are in finished chunks already
        next(records, None)
    done = skip
    if progress:
        progress(done, total)
    jobs = opts.jobs or available_cores()
    if total is not None:  # no more workers than chunks: a small run stays in this process
        jobs = max(1, min(jobs, -(-(total - skip) // opts.chunk_docs)))
    k = done_chunks
    for header, rows in map_chunks(chunked(records, opts.chunk_docs, opts.chunk_bytes), cfg, tmpl,
                                   jobs=jobs):
        if opts.strict:
            for r in rows:
                if r["dropped"].startswith(FAILED_PREFIXES):
                    raise InputError(r["dropped"].split(": ", 1)[-1], where=r["where"])
        spool.write_chunk(k, header, rows)
        k += 1
        done += int(header["n"])
        if progress:
            progress(done, total)
    return k


def run_clean(paths: Sequence[str], out: Path | None, cfg: CleanConfig | None = None,
              options: RunOptions | None = None, *, stdout: IO[str] | None = None,
              progress: Progress | None = None, on_error: Callable[[str], None] | None = None) -> RunResult:
    """Clean every document under ``paths``, drop near-duplicates, write outputs and account.

    Args:
        paths: files, directories, JSONL (``.gz``/``.zst``), Parquet, or ``"-"`` (stdin).
        out: output directory; ``None`` prints the kept texts to ``stdout`` instead.
        cfg: pipeline settings (``max_bytes`` is the per-record size limit).
        options: jobs, resume, strict, sharding (see :class:`RunOptions`).
        stdout: where texts go when ``out`` is ``None`` (default ``sys.stdout``).
        progress: called with ``(documents done, total)`` as chunks finish.
        on_error: called with ``"where: problem"`` for each input that failed.

    Returns:
        The run's counts (``in = kept + dropped``), timings and output names.

    Raises:
        OutputError: if ``out`` is unusable (inside an input directory, ...).
        InputError: with ``strict``, at the first input that fails.
        ConfigError: with ``resume``, if the saved state is for another command.
    """
    from seedclean.corpus.write import write_phase

    cfg = cfg or CleanConfig()
    opts = options or RunOptions()
    if out is not None:
        check_output_dir(out, paths)
    fp = fingerprint({"paths": [str(Path(p).resolve()) if p != "-" else p for p in paths],
                      "config": cfg, "dedup": opts.dedup, "templates": opts.templates,
                      "chunk": [opts.chunk_docs, opts.chunk_bytes]})
    stdin = read_stdin(cfg.max_bytes) if "-" in paths else None  # read once, used by every pass
    tmpdir = None
    if out is None or "-" in paths:
        tmpdir = tempfile.TemporaryDirectory(prefix="seedclean-")
        state = Path(tmpdir.name)
    else:
        state = out / STATE_DIR
    try:
        spool = Spool(state, fp, resume=opts.resume and tmpdir is None)
        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        tmpl: Mapping[str, frozenset[str]] = {}
        total: int | None = None
        if opts.templates and "boilerplate" in cfg.stages:
            tmpl, total = _find_templates(paths, cfg, spool, opts.strict, stdin)
        t1 = time.perf_counter()
        n_chunks = _clean_phase(paths, cfg, opts, spool, tmpl, total, progress, stdin)
        t2 = time.perf_counter()
        result = write_phase(spool, n_chunks, out, cfg, opts, stdout=stdout or sys.stdout,
                             headers=list(paths) != ["-"], on_error=on_error)
        t3 = time.perf_counter()
        timings.update(templates=t1 - t0, clean=t2 - t1, **result.timings, total=t3 - t0)
        result.timings = timings
        spool.remove()
        return result
    finally:
        if tmpdir is not None:
            tmpdir.cleanup()
