"""The project's name, titles and authors from the program, where ``conf.py`` leaves them.

A booklet's ``conf.py`` need not repeat what the program says: the workshop's short name
becomes the project and the site's title, its organizers the authors, and the PDF is
``booklet.tex`` titled "<short name>: Program Booklet". A value ``conf.py`` sets is kept.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config

from fomoproc import __version__
from fomoproc.sphinxext import state
from fomoproc.sphinxext.generation import LOAD_PRIORITY

#: Sphinx's own defaults of the values set here: a value still at its default was not set.
_UNSET = {"project": "Project name not set", "author": "Author name not set", "copyright": ""}


def _apply(app: Sphinx, config: Config) -> None:
    build = state.of(app)
    if build is None:
        return
    program = build.booklet.program
    workshop = program.workshop
    # Values Sphinx derives from the project's name: unset if they still are, before it is set.
    title_unset = config.html_title == f"{config.project} {config.release} documentation"
    latex_unset = config.latex_documents == _default_latex_documents(config)
    organizers = ", ".join(person.name for person in program.organizers)
    values = {
        "project": workshop.short_name,
        "author": organizers or f"The {workshop.short_name} organizers",
        "copyright": f"{workshop.year}, the {workshop.short_name} organizers; papers © their "
        "authors",
    }
    for name, value in values.items():
        if config[name] == _UNSET[name]:
            config[name] = value
    if title_unset:
        config.html_title = workshop.short_name
    if latex_unset:
        title = f"{workshop.short_name}: Program Booklet"
        config.latex_documents = [
            (config.root_doc, "booklet.tex", title, config.author, "manual", False)
        ]


def _default_latex_documents(config: Config) -> list[tuple[str, ...]]:
    from sphinx.builders.latex import default_latex_documents  # noqa: PLC0415 - Sphinx's own

    return [tuple(entry) for entry in default_latex_documents(config)]


def setup(app: Sphinx) -> dict[str, Any]:
    """Name the project from the program once the inputs are loaded."""
    app.connect("config-inited", _apply, priority=LOAD_PRIORITY + 10)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
