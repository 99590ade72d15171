"""Run the seedclean pipeline on other execution engines (optional extras).

The local engine (one process, or ``--jobs N`` processes) lives in
:mod:`seedclean.corpus`.  The modules here only orchestrate: they split the
work, ship it to workers and gather it back, calling the same functions as the
local engine, so that every engine writes the same bytes.  They hold no
cleaning logic.

Nothing here is imported by ``import seedclean`` or by the pipeline: an engine
module imports its library inside the functions that need it, through
:func:`import_extra`, which turns a missing library into one clear error.

>>> ENGINES
('local', 'dask')
>>> import_extra("json", extra="dask").__name__
'json'
"""

from __future__ import annotations

import argparse
import functools
import importlib
from collections.abc import Callable
from types import ModuleType
from typing import Any

from seedclean.errors import ConfigError

__all__ = ["ENGINES", "add_engine_arguments", "clean_runner", "dedup_finder", "import_dask", "import_extra"]

#: Engine names accepted by ``--engine``.
ENGINES = ("local", "dask")


def import_extra(module: str, *, extra: str) -> ModuleType:
    """Import ``module`` for an optional engine, or say which extra to install.

    >>> import_extra("no_such_module_xyz", extra="dask")
    Traceback (most recent call last):
    ...
    seedclean.errors.ConfigError: the dask engine needs 'no_such_module_xyz', which is not installed: \
pip install 'seedclean[dask]'

    Args:
        module: dotted module name, e.g. ``"dask.bag"``.
        extra: the seedclean extra that provides it, e.g. ``"dask"``.

    Returns:
        The imported module.

    Raises:
        ConfigError: if the module cannot be imported; the message names ``seedclean[extra]``.
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        msg = (f"the {extra} engine needs {module.split('.')[0]!r}, which is not installed: "
               f"pip install 'seedclean[{extra}]'")
        raise ConfigError(msg) from exc


def import_dask() -> tuple[ModuleType, ModuleType]:
    """Import ``dask.bag`` and ``distributed`` for the Dask engine.

    Returns:
        ``(dask.bag, distributed)``.

    Raises:
        ConfigError: naming ``seedclean[dask]`` if either is missing.
    """
    bag = import_extra("dask.bag", extra="dask")
    distributed = import_extra("distributed", extra="dask")
    return bag, distributed


def add_engine_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--engine {local,dask}`` and ``--scheduler ADDRESS`` to a subcommand's parser.

    >>> p = argparse.ArgumentParser()
    >>> add_engine_arguments(p)
    >>> a = p.parse_args(["--engine", "dask", "--scheduler", "tcp://10.0.0.5:8786"])
    >>> a.engine, a.scheduler
    ('dask', 'tcp://10.0.0.5:8786')
    """
    parser.add_argument("--engine", choices=ENGINES, default="local",
                        help="where to run: this machine (default) or a Dask cluster (needs seedclean[dask])")
    parser.add_argument("--scheduler", metavar="ADDRESS", default=None,
                        help="Dask scheduler address (tcp://host:8786) or scheduler file, with --engine "
                             "dask; default: start a local Dask cluster with one worker per core (or --jobs)")


def _check(args: argparse.Namespace) -> bool:
    """Return whether ``args`` asks for Dask; refuse ``--scheduler`` without it."""
    engine = getattr(args, "engine", "local")
    if getattr(args, "scheduler", None) is not None and engine != "dask":
        msg = "--scheduler needs --engine dask"
        raise ConfigError(msg)
    return bool(engine == "dask")


def clean_runner(args: argparse.Namespace) -> Callable[..., Any]:
    """Return the corpus runner for the parsed flags: ``seedclean.corpus.run_clean`` or its Dask twin.

    Both take ``(paths, out, cfg, options, *, stdout, progress, on_error)``.

    Raises:
        ConfigError: for ``--scheduler`` without ``--engine dask``, or a missing extra.
    """
    if not _check(args):
        from seedclean.corpus import run_clean

        return run_clean
    import_dask()
    from seedclean.engines.dask import run_clean as run_clean_dask

    return functools.partial(run_clean_dask, scheduler=args.scheduler)


def dedup_finder(args: argparse.Namespace) -> Callable[..., Any]:
    """Return ``find_duplicates`` for the parsed flags: :mod:`seedclean.neardup`'s or the Dask one.

    Both take ``(records, *, config, priority, index)`` and return a ``DedupResult``.

    Raises:
        ConfigError: for ``--scheduler`` without ``--engine dask``, or a missing extra.
    """
    if not _check(args):
        from seedclean.neardup import find_duplicates

        return find_duplicates
    import_dask()
    from seedclean.engines.dask import find_duplicates as find_on_dask

    return functools.partial(find_on_dask, scheduler=args.scheduler)
