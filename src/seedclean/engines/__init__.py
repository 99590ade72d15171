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

import importlib
from types import ModuleType

from seedclean.errors import ConfigError

__all__ = ["ENGINES", "import_dask", "import_extra"]

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
