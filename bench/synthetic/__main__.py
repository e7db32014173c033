"""``python -m bench.synthetic``: write a synthetic corpus (see ``--help``)."""

import sys

from bench.synthetic import main

sys.exit(main())
