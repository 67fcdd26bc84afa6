"""`python -m kompetanse`: the command line (kompetanse/cli.py)."""

import sys

from kompetanse.cli import main

sys.exit(main())
