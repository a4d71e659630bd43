"""``python -m gtnlang`` is the ``gtn`` command."""

import sys

from gtnlang.cli import main

sys.exit(main())
