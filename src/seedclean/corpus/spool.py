"""Keep a run's intermediate results on disk so memory stays flat and a killed run resumes.

Layout of the state directory (``OUT/.seedclean-run`` when writing to ``-o``)::

    manifest.json        format version and the fingerprint of the command
    templates.json       site-template lines and the number of input documents
    chunks/00000000.jsonl  one finished chunk: a header line, then one row per document

Every file is written to a temporary name and renamed, so after a SIGKILL the
directory holds only whole files; ``--resume`` keeps the leading run of finished
chunks and goes on from there.  Everything is plain JSON: nothing read back
from disk is unpickled or evaluated.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from seedclean.errors import ConfigError
from seedclean.io.outputs import dumps_line
from seedclean.io.writers import atomic_write

__all__ = ["STATE_DIR", "Spool", "fingerprint"]

STATE_DIR = ".seedclean-run"
FORMAT = 1


def _canonical(obj: Any) -> Any:
    """Return a JSON-ready form of ``obj`` that does not depend on the process (set order, ...)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {"__type__": type(obj).__name__,
                **{f.name: _canonical(getattr(obj, f.name)) for f in dataclasses.fields(obj)}}
    if isinstance(obj, (set, frozenset)):
        return sorted((_canonical(x) for x in obj), key=repr)
    if isinstance(obj, Mapping):
        return {str(k): _canonical(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_canonical(x) for x in obj]
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    return repr(obj)


def fingerprint(parts: Mapping[str, Any]) -> str:
    """Return a stable hash of a run's inputs and options (checked by ``--resume``).

    The same parts give the same hash in every process (sets are sorted).

    >>> fingerprint({"a": {1, 2}}) == fingerprint({"a": {2, 1}}) != fingerprint({"a": 2})
    True
    """
    blob = json.dumps(_canonical(parts), sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()


class Spool:
    """A run's state directory: manifest, template lines and finished chunks."""

    def __init__(self, root: Path, fp: str, *, resume: bool) -> None:
        """Open ``root``; keep its chunks when ``resume`` and the fingerprint matches.

        Raises:
            ConfigError: if ``resume`` is asked but the saved run had other inputs or options.
        """
        self.root = root
        self.chunks = root / "chunks"
        manifest = root / "manifest.json"
        if resume and manifest.exists():
            saved = _read_json(manifest)
            if saved.get("format") != FORMAT or saved.get("fingerprint") != fp:
                msg = (f"--resume: {root} holds a run with other inputs or options; "
                       "run the same command as before, or drop --resume to start again")
                raise ConfigError(msg)
        elif root.exists():
            shutil.rmtree(root)
        self.chunks.mkdir(parents=True, exist_ok=True)
        if not manifest.exists():
            with atomic_write(manifest) as f:
                f.write(json.dumps({"format": FORMAT, "fingerprint": fp}).encode())

    def chunk_path(self, k: int) -> Path:
        """Return the file of chunk ``k``."""
        return self.chunks / f"{k:08d}.jsonl"

    def finished(self) -> int:
        """Return how many leading chunks are complete on disk."""
        k = 0
        while self.chunk_path(k).exists():
            k += 1
        return k

    def write_chunk(self, k: int, header: Mapping[str, Any], rows: Sequence[Mapping[str, Any]]) -> None:
        """Write chunk ``k`` (header line, then rows) atomically."""
        with atomic_write(self.chunk_path(k)) as f:
            f.write(dumps_line(header))
            f.writelines(dumps_line(r) for r in rows)

    def header(self, k: int) -> dict[str, Any]:
        """Return the header of chunk ``k``."""
        with self.chunk_path(k).open("rb") as f:
            return dict(json.loads(f.readline()))

    def rows(self, n_chunks: int) -> Iterator[dict[str, Any]]:
        """Yield every row of the first ``n_chunks`` chunks, in order."""
        for k in range(n_chunks):
            with self.chunk_path(k).open("rb") as f:
                f.readline()
                for line in f:
                    yield json.loads(line)

    def save_templates(self, lines: Mapping[str, frozenset[str]], docs: int) -> None:
        """Store each site's template lines and the input document count."""
        with atomic_write(self.root / "templates.json") as f:
            sites = {site: sorted(lines[site]) for site in sorted(lines)}
            f.write(dumps_line({"docs": docs, "sites": sites}))

    def load_templates(self) -> tuple[dict[str, frozenset[str]], int] | None:
        """Return the stored template lines per site and the document count, if any."""
        p = self.root / "templates.json"
        if not p.exists():
            return None
        d = _read_json(p)
        sites = d.get("sites", {"": d.get("lines", [])})  # "lines": state written before sites
        return {str(site): frozenset(str(x) for x in lines) for site, lines in sites.items()}, int(d["docs"])

    def remove(self) -> None:
        """Delete the state directory (the run finished)."""
        shutil.rmtree(self.root, ignore_errors=True)


def _read_json(p: Path) -> dict[str, Any]:
    try:
        d = json.loads(p.read_bytes())
    except (OSError, ValueError) as exc:
        msg = f"cannot read run state {p}: {exc}; drop --resume to start again"
        raise ConfigError(msg) from exc
    if not isinstance(d, dict):
        msg = f"run state {p} is not a JSON object; drop --resume to start again"
        raise ConfigError(msg)
    return d
