"""The inputs loaded at ``config-inited``; the pages generated at ``builder-inited``.

The inputs are read once per build, when the configuration is (the project's name and
titles come from the program, :mod:`.project`). Sphinx looks for sources after
``builder-inited``, so the generated pages are in place before it decides what to read;
only pages whose bytes changed are written, and Sphinx reads only those again. The booklet
and the files made from it are kept for the build (:mod:`.state`); the served citation and
calendar files go into the site at its end (:mod:`.served`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from fomoproc import __version__
from fomoproc.errors import InputError
from fomoproc.model import Severity
from fomoproc.pause import pause
from fomoproc.pipeline import load, render, write_pages
from fomoproc.report import describe
from fomoproc.sphinxext import config, logs, state

#: After the settings are checked (:mod:`.config`), before anything reads the program.
LOAD_PRIORITY = 150


def _load(app: Sphinx, _config: Config) -> None:
    try:
        loaded = load(config.sources(app))
    except InputError as err:
        raise ConfigError(f"fomoproc: {err}") from None
    state.remember(app, state.Build.of(loaded))


def _generate(app: Sphinx) -> None:
    build = state.of(app)
    assert build is not None  # loaded at config-inited
    generated = render(
        build.booklet,
        source=config.sources(app).export.name,
        base_url=app.config.html_baseurl or "",
        photos=build.loaded.photos,
    )
    written = write_pages(Path(app.srcdir), generated.pages)
    build.generated, build.served = frozenset(generated.pages), generated.served
    loaded = build.loaded
    for severity, line in describe(loaded.export, loaded.problems, limit=50):
        if severity is Severity.ERROR:
            logs.warn("export", line)
        else:
            logs.info(line)
    for name in written.kept:
        # Not a Sphinx warning: `fomoproc build` (-W) says the same and builds on.
        logs.info(f"warning: {name}: not made by fomoproc, in a folder it generates: kept")
    logs.info(
        f"{len(written.written)} generated pages written, {written.unchanged} unchanged, "
        f"{len(written.removed)} removed"
    )
    pause("generated")


def setup(app: Sphinx) -> dict[str, Any]:
    """Load the inputs with the configuration; generate once the builder is known."""
    app.connect("config-inited", _load, priority=LOAD_PRIORITY)
    app.connect("builder-inited", _generate)
    app.connect("html-page-context", lambda *_: pause("html-writing"))  # for tests only
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
