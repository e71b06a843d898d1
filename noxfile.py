"""Sessions for building the booklet and checking fomoproc; `nox -l` lists them."""

from __future__ import annotations

import nox

nox.options.default_venv_backend = "venv"
nox.options.sessions = ["build"]
nox.options.reuse_existing_virtualenvs = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
PYTHON = "3.11"


@nox.session(python=PYTHON)
def build(session: nox.Session) -> None:
    """Build the booklet (HTML site in build/html, PDF in build/booklet.pdf)."""
    session.install("-e", ".")
    session.run("fomoproc", "build", *session.posargs)


@nox.session(python=PYTHON, default=False)
def fetch(session: nox.Session) -> None:
    """Download a venue's submissions from OpenReview into papers/export.json (posargs: GROUP)."""
    if not session.posargs:
        session.error("name the venue's group: nox -s fetch -- ICML.cc/2025/Workshop/ES-FoMo-III")
    session.install("-e", ".")
    session.run("fomoproc", "fetch", *session.posargs)


@nox.session(python=PYTHON, default=False)
def manual(session: nox.Session) -> None:
    """Build the organizers' manual (manual/, MyST) into build/manual, warnings as errors."""
    session.install("-e", ".")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "manual",
        "build/manual",
        *session.posargs,
    )


@nox.session(python=PYTHON)
def tests(session: nox.Session) -> None:
    """Run every test: real Sphinx builds, real PDFs, citations with biber, Chromium."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "tests"))
    if not any(arg.startswith("-m") for arg in session.posargs):
        # The system packages the tests use (fomoproc.tex lists them): installed with
        # apt-get as root or with password-less sudo, else one line names them. A marker
        # expression (-- -m "not pdf and not browser") chooses the tests instead.
        session.run("python", "-m", "fomoproc.tex", "--tests")
    session.run("pytest", *session.posargs)


@nox.session(python=PYTHON)
def lint(session: nox.Session) -> None:
    """Check style (ruff) and types (mypy --strict)."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "lint"))
    session.run("ruff", "check", "src", "tests", "noxfile.py")
    session.run("ruff", "format", "--check", "src", "tests", "noxfile.py")
    session.run("mypy")


@nox.session(python=PYTHON, default=False)
def bench(session: nox.Session) -> None:
    """Time builds of 150, 1,000 and 5,000 real papers (posargs: sizes and options)."""
    session.install("-e", ".", *nox.project.dependency_groups(PYPROJECT, "bench"))
    session.run("python", "tests/bench/run.py", *session.posargs)
