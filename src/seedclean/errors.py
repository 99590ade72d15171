"""Define the exceptions seedclean raises, named after what the caller should do.

::

    SeedcleanError                 base class; catch this to catch them all
    ├── ConfigError(ValueError)    a setting is invalid: fix the call or the flags
    ├── InputError                 one input (file or record) is unusable: skip it and go on
    │   └── RecordTooLargeError    the record exceeds the configured size limit
    ├── IndexMismatchError         a persistent index was built with other parameters
    └── OutputError                the output location is unusable: abort the run

Single-document functions raise these; corpus runners catch ``InputError`` per
document, record the reason and go on (``--strict`` stops at the first).
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "IndexMismatchError",
    "InputError",
    "OutputError",
    "RecordTooLargeError",
    "SeedcleanError",
]


class SeedcleanError(Exception):
    """Base class of every error seedclean raises on purpose."""


class ConfigError(SeedcleanError, ValueError):
    """Report an invalid setting; the message names the field and the allowed values."""


class InputError(SeedcleanError):
    """Report one unusable input; ``where`` names the file and record."""

    def __init__(self, message: str, *, where: str = "") -> None:
        """Store the message and the location (file, record) it concerns."""
        self.where = where
        super().__init__(f"{where}: {message}" if where else message)


class RecordTooLargeError(InputError):
    """Report a record larger than the configured ``max_bytes``."""


class IndexMismatchError(SeedcleanError):
    """Report a persistent index whose version or parameters differ from the run's."""


class OutputError(SeedcleanError):
    """Report an output location that cannot be used (e.g. inside the input)."""
