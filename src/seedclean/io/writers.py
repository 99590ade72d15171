"""Write outputs atomically and keep every output path inside the output directory.

>>> import tempfile, pathlib
>>> root = pathlib.Path(tempfile.mkdtemp())
>>> safe_output_path(root, "a/b.txt").relative_to(root).as_posix()
'a/b.txt'
>>> safe_output_path(root, "../escape.txt")
Traceback (most recent call last):
...
seedclean.errors.OutputError: output name '../escape.txt' would leave the output directory
"""

from __future__ import annotations

import contextlib
import functools
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from seedclean.errors import OutputError

__all__ = ["atomic_write", "new_file_mode", "safe_output_path"]


@functools.cache
def new_file_mode() -> int:
    """Return the mode a plain ``open()`` would give a new file (0o666 minus the umask).

    ``mkstemp`` creates files readable by their owner only; outputs should look
    like any other file the user writes.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def safe_output_path(root: Path, name: str) -> Path:
    """Return ``root / name`` after checking that it stays inside ``root``.

    Raises:
        OutputError: if ``name`` is absolute, has ``..`` parts, or is empty.
    """
    pure = PurePosixPath(name.replace("\\", "/"))
    if not name or pure.is_absolute() or ".." in pure.parts or name.startswith("~") or "\x00" in name:
        msg = f"output name {name!r} would leave the output directory"
        raise OutputError(msg)
    target = root.joinpath(*pure.parts)
    if root.resolve() not in target.resolve().parents:
        msg = f"output name {name!r} would leave the output directory"
        raise OutputError(msg)
    return target


@contextlib.contextmanager
def atomic_write(path: Path, mode: str = "wb") -> Iterator[IO[bytes]]:
    """Open a temporary file beside ``path``; rename it over ``path`` on success.

    A crash leaves either the old file or the new one, never half a file.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, mode) as f:
            yield f
            f.flush()
            os.fchmod(f.fileno(), new_file_mode())
            os.fsync(f.fileno())
        Path(tmp).replace(path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(tmp).unlink()
        raise
