"""Two settings of the whole Python process that a large booklet's build needs, and only
while it builds.

- Sphinx (8 and 9) logs every event it emits with the whole ``repr`` of its arguments at
  debug level: kilobytes for one page's ``html-page-context``. Below ``-vv`` nobody sees
  them, yet the records are made, and with ``-j`` each worker sends its own to the main
  process through a pipe, which stalls the worker while the main process is busy. The
  event logger's level is raised for the build and put back after it.
- Sphinx's ``-j`` workers are forked from the main process and share its memory until they
  write to it; a run of the cyclic garbage collector writes to every object it visits,
  inherited ones too, so each worker copied much of the main process (the environment, the
  doctrees waiting to be written). Frozen at the fork, the inherited objects are left alone
  by the worker's collector. A fork hook cannot be removed: it acts only while a booklet
  builds.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import Any

import sphinx
from sphinx.application import Sphinx

from fomoproc import __version__

#: The Sphinx versions these settings were written for and measured with.
SPHINX_VERSIONS = ((8,), (9,))
_EVENTS_LOGGER = "sphinx.sphinx.events"

# The booklets building in this process (more than one only in tests), the event logger's
# level before the first of them started, and whether the fork hook is installed.
_building: list[Sphinx] = []
_saved_level: list[int] = []
_hooked: list[bool] = []


def _freeze_if_building() -> None:
    if _building:
        gc.freeze()


def _start(app: Sphinx) -> None:
    if sphinx.version_info[:1] not in SPHINX_VERSIONS:
        return
    if not _building:
        events = logging.getLogger(_EVENTS_LOGGER)
        _saved_level[:] = [events.level]
        if app.verbosity < 2:
            events.setLevel(logging.INFO)
    if not _hooked and hasattr(os, "register_at_fork"):  # Windows has no fork
        os.register_at_fork(after_in_child=_freeze_if_building)
        _hooked.append(True)
    _building.append(app)


def _stop(app: Sphinx, exception: Exception | None) -> None:
    if app in _building:
        _building.remove(app)
        if not _building:
            logging.getLogger(_EVENTS_LOGGER).setLevel(_saved_level.pop())


def setup(app: Sphinx) -> dict[str, Any]:
    """Apply the settings from the start of the build to its end."""
    app.connect("builder-inited", _start)
    app.connect("build-finished", _stop)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
