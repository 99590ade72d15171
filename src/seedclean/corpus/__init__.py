"""Run the pipeline over files: streaming, N cores, resumable, every document accounted for.

Every input document ends up either in the output or in ``dropped.jsonl`` with
its reason, so ``in = kept + dropped`` always holds.  Output keeps input order
and is byte-identical for any number of jobs and after ``--resume``; files are
written atomically.  See :mod:`seedclean.corpus.run` for the phases.
"""

from __future__ import annotations

from seedclean.corpus.run import RunOptions, RunResult, check_output_dir, run_clean
from seedclean.corpus.summary import RunSummary

__all__ = ["RunOptions", "RunResult", "RunSummary", "check_output_dir", "run_clean"]
