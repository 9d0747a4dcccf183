"""Entry script of the frozen app: the same `tokenexplorer.cli.main` the console script runs."""

import sys

from tokenexplorer.cli import main
from tokenexplorer.windowed import ensure_streams

if __name__ == "__main__":
    ensure_streams()  # the windowed TokenExplorer.exe starts with sys.stdout/stderr None
    sys.exit(main())
