"""Shared fixtures: paths to the bundled seeds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time (a red CI must be reproducible); local runs
# explore new examples on each run.  SEEDCLEAN_FUZZ_EXAMPLES lengthens the fuzz tests.
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def seed_path(prefix: str) -> Path:
    """Return the bundled seed file whose name starts with ``prefix``."""
    (match,) = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    return match


@pytest.fixture
def seed_text():  # type: ignore[no-untyped-def]
    """Return a loader: ``seed_text("003")`` gives that seed's text."""
    return lambda prefix: seed_path(prefix).read_text(encoding="utf-8")
