"""Run the command-line interface: ``python -m seedclean``."""

import sys

from seedclean.cli import main

if __name__ == "__main__":
    sys.exit(main())
