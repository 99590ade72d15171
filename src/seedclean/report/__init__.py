"""Write a run report: ``report.json`` (counts that add up) and ``report.html`` (charts).

The JSON has top-level integer counts ``in``, ``kept`` and ``dropped`` with
``in == kept + dropped``, then counts per stage, bytes removed per reason,
near-duplicate clusters, a similarity histogram, timings and throughput.  It is
the one output that holds timings, so it is the one output that differs
between two runs of the same command.

>>> from seedclean.corpus import RunResult, RunSummary
>>> s = RunSummary()
>>> s.count_input(100, "", "a", 80)
>>> r = build_report(RunResult(s, {"total": 2.0}, []))
>>> r["in"], r["kept"], r["dropped"], r["throughput"]["docs_per_s"]
(1, 1, 0, 0.5)
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from seedclean.io.writers import atomic_write

if TYPE_CHECKING:
    from seedclean.config import CleanConfig
    from seedclean.corpus import RunOptions, RunResult

__all__ = ["build_report", "write_report"]

log = logging.getLogger(__name__)


def _stages(s: Any) -> dict[str, dict[str, int]]:
    names = sorted(set(s.stage_edits) | set(s.stage_docs))
    return {n: {"edits": s.stage_edits[n], "documents": s.stage_docs[n]} for n in names}


def _sorted(c: Any) -> dict[str, int]:
    return {k: int(c[k]) for k in sorted(c)}


def build_report(result: RunResult, *, config: CleanConfig | None = None,
                 options: RunOptions | None = None) -> dict[str, Any]:
    """Return the report of a run as a JSON-ready dict."""
    from seedclean import __version__

    s = result.summary
    total = result.timings.get("total", 0.0)
    from seedclean.corpus.run import available_cores

    jobs = (options.jobs if options is not None else None) or available_cores()
    mb = s.chars_in / 1e6
    return {
        "in": s.docs_in,
        "kept": s.kept,
        "dropped": s.dropped,
        "failed": s.failed,
        "chars_in": s.chars_in,
        "chars_out": s.chars_out,
        "dropped_by_reason": _sorted(s.reasons),
        "stages": _stages(s),
        "bytes_removed": _sorted(s.removed_bytes),
        "clusters": {"count": sum(s.clusters.values()),
                     "documents": sum(int(k) * v for k, v in s.clusters.items()),
                     "sizes": {k: s.clusters[k] for k in sorted(s.clusters, key=int)}},
        "similarity_histogram": _sorted(s.similarity),
        "timings": {k: round(v, 4) for k, v in sorted(result.timings.items())},
        "throughput": {
            "mb_per_s": round(mb / total, 4) if total else None,
            "mb_per_s_per_core": round(mb / total / jobs, 4) if total else None,
            "docs_per_s": round(s.docs_in / total, 4) if total else None,
            "jobs": jobs,
        },
        "errors": s.errors[:50],
        "version": __version__,
        "config": repr(config) if config is not None else None,
    }


def write_report(directory: Path, result: RunResult, *, config: CleanConfig | None = None,
                 options: RunOptions | None = None) -> dict[str, Any]:
    """Write ``report.json`` and ``report.html`` to ``directory`` and return the report.

    The HTML has charts when plotly is installed (``seedclean[report]``), and
    tables only otherwise.
    """
    from seedclean.report.html import render_html

    report = build_report(result, config=config, options=options)
    directory.mkdir(parents=True, exist_ok=True)
    with atomic_write(directory / "report.json") as f:
        f.write(json.dumps(report, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8"))
    with atomic_write(directory / "report.html") as f:
        f.write(render_html(report).encode("utf-8"))
    return report
