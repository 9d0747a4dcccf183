import sys

from tokenexplorer.cli import main

sys.exit(main())
