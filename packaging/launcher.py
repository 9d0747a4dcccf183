"""Entry script of the frozen app: the same `tokenexplorer.cli.main` the console script runs."""

import sys

from tokenexplorer.cli import main

if __name__ == "__main__":
    sys.exit(main())
