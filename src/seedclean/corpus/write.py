"""Turn a run's finished chunks into outputs: near-dup drops, files, dropped.jsonl, counts."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from seedclean.config import CleanConfig
from seedclean.corpus.dedup import Duplicates, find_spool_duplicates
from seedclean.corpus.spool import STATE_DIR, Spool
from seedclean.corpus.summary import FAILED_PREFIXES, RunSummary
from seedclean.errors import OutputError
from seedclean.io.outputs import OutputSink

if TYPE_CHECKING:
    from seedclean.corpus.run import RunOptions, RunResult

__all__ = ["write_phase"]


def _stdout_writer(stdout: IO[str], headers: bool) -> Callable[[dict[str, Any]], None]:
    def emit(row: dict[str, Any]) -> None:
        if headers:
            stdout.write(f"==> {row['id']} <==\n")
        stdout.write(row["text"])

    return emit


def write_phase(spool: Spool, n_chunks: int, out: Path | None, cfg: CleanConfig, opts: RunOptions, *,
                stdout: IO[str], headers: bool = True,
                on_error: Callable[[str], None] | None = None) -> RunResult:
    """Apply near-dup drops and write every document to the outputs or ``dropped.jsonl``."""
    from seedclean.corpus.run import RunResult

    t0 = time.perf_counter()
    dups = find_spool_duplicates(spool, n_chunks, cfg.neardup) if opts.dedup else Duplicates({}, {})
    t1 = time.perf_counter()
    summary = RunSummary.merged(RunSummary.from_dict(spool.header(k)["summary"]) for k in range(n_chunks))
    for size in dups.cluster_sizes.values():
        summary.clusters[str(size)] += 1
    if out is not None and opts.resume:
        _remove_stale_temps(out)
    sink = OutputSink(out, shard_size=opts.shard_size) if out is not None else None
    emit = _stdout_writer(stdout, headers) if sink is None else None
    try:
        for i, row in enumerate(spool.rows(n_chunks)):
            dropped = row["dropped"]
            if not dropped and i in dups.dropped:
                dropped, sim = dups.dropped[i]
                summary.count_duplicate(sim)
            if not dropped:
                dropped = _write_kept(row, sink, emit)
            if dropped:
                if sink is not None:
                    sink.drop({"id": row["id"], "reason": dropped, "where": row["where"]})
                if on_error is not None and dropped.startswith(FAILED_PREFIXES):
                    on_error(f"{row['where']}: {dropped.removeprefix('unreadable: ')}")
            summary.count_input(row["raw"], dropped, row["id"], len(row.get("text", "")), row["where"])
        if sink is not None:
            sink.close()
    except BaseException:
        if sink is not None:
            sink.abort()
        raise
    t2 = time.perf_counter()
    outputs = sink.names if sink is not None else []
    return RunResult(summary, {"dedup": t1 - t0, "write": t2 - t1}, outputs)


def _remove_stale_temps(out: Path) -> None:
    """Delete temporary files a killed run left while writing outputs (``.NAME.XXXX.tmp``)."""
    import re

    pattern = re.compile(r"^\..+\.[A-Za-z0-9_]{8}\.tmp$")  # tempfile.mkstemp(prefix=".NAME.", suffix=".tmp")
    for p in out.rglob(".*.tmp"):
        if p.is_file() and pattern.match(p.name) and STATE_DIR not in p.relative_to(out).parts:
            p.unlink()


def _write_kept(row: dict[str, Any], sink: OutputSink | None, emit: Callable[[dict[str, Any]], None] | None
                ) -> str:
    """Write one kept document; return a drop reason if it cannot be written, else ``""``."""
    if sink is None:
        assert emit is not None
        emit(row)
        return ""
    extra = row.get("extra", {})
    meta = row.get("meta", {})
    if isinstance(extra.get("meta"), dict):  # the input's own metadata stays; what cleaning found wins
        meta = {**extra["meta"], **meta}
    doc = {**extra, "id": row["id"], "text": row["text"], "meta": meta}
    try:
        sink.write(row["fmt"], row["rel"], doc)
    except OutputError as exc:
        return f"unreadable: unsafe output name: {exc}"
    return ""
