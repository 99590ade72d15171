"""Turn raw web text into clean, canonical, deduplicated documents.

>>> import seedclean
>>> "clean_text" in seedclean.__all__
True

The public names are listed in ``__all__`` (a test keeps the list deliberate).
They are loaded on first use, so ``import seedclean`` costs almost nothing and
loads no stage, table or heavy library (numpy, dateparser, ...) until needed.
"""

from __future__ import annotations

import importlib
import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from seedclean.boilerplate import strip_boilerplate
    from seedclean.config import (
        BoilerplateConfig,
        CleanConfig,
        DecodeConfig,
        EncodingConfig,
        MetaConfig,
        NearDupConfig,
        RepeatsConfig,
    )
    from seedclean.decoding import decode
    from seedclean.document import Document, Edit
    from seedclean.encoding import fix_and_explain, fix_text
    from seedclean.errors import ConfigError, IndexMismatchError, InputError, OutputError, SeedcleanError
    from seedclean.meta import extract_meta
    from seedclean.neardup import find_duplicates
    from seedclean.pipeline import clean, clean_corpus, clean_text
    from seedclean.repeats import remove_repeats

__version__ = "0.1.0"

# public name -> module that defines it
_EXPORTS = {
    "BoilerplateConfig": "seedclean.config",
    "CleanConfig": "seedclean.config",
    "ConfigError": "seedclean.errors",
    "DecodeConfig": "seedclean.config",
    "Document": "seedclean.document",
    "Edit": "seedclean.document",
    "EncodingConfig": "seedclean.config",
    "IndexMismatchError": "seedclean.errors",
    "InputError": "seedclean.errors",
    "MetaConfig": "seedclean.config",
    "NearDupConfig": "seedclean.config",
    "OutputError": "seedclean.errors",
    "RepeatsConfig": "seedclean.config",
    "SeedcleanError": "seedclean.errors",
    "clean": "seedclean.pipeline",
    "clean_corpus": "seedclean.pipeline",
    "clean_text": "seedclean.pipeline",
    "decode": "seedclean.decoding",
    "extract_meta": "seedclean.meta",
    "find_duplicates": "seedclean.neardup",
    "fix_and_explain": "seedclean.encoding",
    "fix_text": "seedclean.encoding",
    "remove_repeats": "seedclean.repeats",
    "strip_boilerplate": "seedclean.boilerplate",
}

__all__ = sorted([*_EXPORTS, "__version__"])

logging.getLogger(__name__).addHandler(logging.NullHandler())


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use, then cache it here."""
    module = _EXPORTS.get(name)
    if module is None:
        msg = f"module 'seedclean' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """List the public names (for tab completion)."""
    return sorted([*globals(), *_EXPORTS])
