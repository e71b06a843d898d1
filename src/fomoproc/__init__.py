"""fomoproc: a workshop's accepted papers in, a searchable HTML and PDF program booklet out."""

from __future__ import annotations

__version__ = "0.1.0"
