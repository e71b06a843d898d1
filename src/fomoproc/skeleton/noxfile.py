"""Sessions of this program booklet: `nox -s build` builds it; `nox -l` lists them."""

from __future__ import annotations

import tomllib
from pathlib import Path

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["build"]
nox.options.reuse_existing_virtualenvs = True

#: What pip installs fomoproc from: where the `fomoproc init` that made this folder came from
#: (a folder, an archive, a repository or the package index), so that it builds here alike.
FOMOPROC = ("fomoproc",)


@nox.session
def build(session: nox.Session) -> None:
    """Build the booklet (HTML site in build/html, PDF in build/booklet.pdf)."""
    session.install(*FOMOPROC)
    session.run("fomoproc", "build", *session.posargs)


@nox.session(default=False)
def fetch(session: nox.Session) -> None:
    """Download the venue's submissions from OpenReview into papers/export.json."""
    args = session.posargs
    if not args or args[0].startswith("-"):  # no group named: the program's
        program = tomllib.loads(Path("papers/program.toml").read_text(encoding="utf-8"))
        args = [program["workshop"]["openreview_group"], *args]
    session.install(*FOMOPROC)
    session.run("fomoproc", "fetch", *args)
