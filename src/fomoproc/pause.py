"""A test-only hook: stop the build at a named step until the test lets it go, or kills it.

With ``FOMOPROC_PAUSE_AT=<step>`` in its environment, ``fomoproc build`` writes
``fomoproc: paused at <step>`` to its standard error when it reaches that step, then reads
its standard input until it is closed. A test that starts the build with a pipe as its
input reads the build's standard error up to that line, so it knows exactly where the build
stands, and kills it there (or closes the pipe to let it go on). Nothing waits on a clock.
Without the variable, :func:`pause` does nothing.
"""

from __future__ import annotations

import os
import sys

VARIABLE = "FOMOPROC_PAUSE_AT"

#: Every step a build can be paused at, in the order a build reaches them.
STEPS = (
    "loaded",  # the inputs read and checked; nothing written yet
    "generated",  # the generated pages written into docs/, before Sphinx reads them
    "html-writing",  # Sphinx writing the HTML pages into the work folder
    "html-built",  # the HTML in the work folder, nothing published
    "pdf-built",  # the PDF compiled in the work folder, nothing published
    "site-copying",  # the new version of the site half made (its first file placed)
    "site-made",  # the new version whole, readers still on the previous one
    "site-switched",  # readers on the new version, the previous one not yet removed
    "pdf-copied",  # the new PDF written beside the published one, not yet renamed over it
)


def pause(step: str) -> None:
    """Stop here while the test that named this step holds the build's input open."""
    assert step in STEPS, step
    if os.environ.get(VARIABLE) != step:
        return
    sys.stderr.write(f"fomoproc: paused at {step}\n")
    sys.stderr.flush()
    sys.stdin.buffer.read()
