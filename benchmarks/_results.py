"""Write a benchmark's results as JSON, with the versions and machine they were measured on."""

from __future__ import annotations

import json
import platform
import sys
from pathlib import Path
from typing import Any


def write_results(out: Path, result: dict[str, Any], **versions: str) -> None:
    """Add seedclean/Python/platform (and any peer) versions to ``result``; write it to ``out``."""
    import seedclean

    result["versions"] = {"seedclean": seedclean.__version__, "python": sys.version.split()[0],
                          "platform": platform.platform(), **versions}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print(f"wrote {out}")
