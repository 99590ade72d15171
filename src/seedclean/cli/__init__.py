"""Parse the command line and dispatch to ``clean``, ``explain`` and ``dedup``.

Exit codes: 0 all inputs processed, 1 some inputs failed (named on stderr),
2 usage error.  No traceback reaches the user for a handled error.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from seedclean.errors import ConfigError, OutputError, SeedcleanError

__all__ = ["main"]

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with one subcommand per job."""
    from seedclean import __version__
    from seedclean.cli import clean as clean_cmd
    from seedclean.cli import dedup as dedup_cmd
    from seedclean.cli import explain as explain_cmd

    parser = argparse.ArgumentParser(
        prog="seedclean",
        description="Turn raw web text into clean, canonical, deduplicated documents.",
    )
    parser.add_argument("--version", action="version", version=f"seedclean {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details to stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    clean_cmd.register(sub)
    explain_cmd.register(sub)
    dedup_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI with ``argv`` (default ``sys.argv[1:]``) and return the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version exit 0, usage errors exit 2
        return int(exc.code or 0)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="seedclean: %(message)s", stream=sys.stderr)
    try:
        code: int = args.func(args)
    except (ConfigError, OutputError) as exc:
        print(f"seedclean: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except SeedcleanError as exc:
        print(f"seedclean: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("seedclean: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    return code
