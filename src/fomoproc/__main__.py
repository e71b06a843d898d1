"""``python -m fomoproc``."""

from __future__ import annotations

import sys

from fomoproc.cli import main

sys.exit(main())
