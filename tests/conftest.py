"""Shared fixtures: Sphinx's own test fixtures, with roots under tests/roots/test-<name>/."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from fomoproc import tex
from fomoproc.cli import main
from fomoproc.model import Booklet
from fomoproc.pipeline import Sources, load, render

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
BOOKLET_ROOT = ROOTS / "test-booklet"

BuildBooklet = Callable[..., int]


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Where sphinx.testing finds the test roots."""
    return ROOTS


@pytest.fixture
def built(app: SphinxTestApp, warning: object) -> SphinxTestApp:
    """The test's Sphinx project (its module's ``sphinx`` mark), built without a warning."""
    app.build()
    assert warning.getvalue() == ""  # type: ignore[attr-defined]
    return app


@pytest.fixture
def build_booklet(tmp_path: Path) -> BuildBooklet:
    """`fomoproc build` on a copy of the booklet root, output in tmp_path/out."""
    docs = tmp_path / "docs"
    shutil.copytree(BOOKLET_ROOT, docs)

    def run(
        *,
        export: Path | None = None,
        program: Path | None = None,
        pdf: bool = False,
        options: tuple[str, ...] = (),
    ) -> int:
        args = [
            "build",
            *options,
            "--docs", str(docs),
            "--export", str(export or docs / "export.json"),
            "--program", str(program or docs / "program.toml"),
            "--out", str(tmp_path / "out"),
        ]  # fmt: skip
        return main(args if pdf else [*args, "--no-pdf"])

    return run


def needs_tex() -> None:
    """Fail, naming the Debian packages, without TeX Live and poppler: never skip."""
    require([*tex.missing(), *absent("pdftotext", "pdfinfo")])


def absent(*commands: str) -> list[str]:
    """Those of these commands that are not installed."""
    return [command for command in commands if shutil.which(command) is None]


def require(lacking: list[str]) -> None:
    """Fail the test when anything is lacking, saying how to install it (the packages are
    fomoproc.tex's) or how to leave such tests out."""
    if lacking:
        packages = " ".join((*tex.TEX_PACKAGES, *tex.TEST_PACKAGES))
        pytest.fail(
            f"{', '.join(dict.fromkeys(lacking))} missing: `nox -s tests` installs what the "
            f"tests use (as root or with password-less sudo), as does `sudo apt-get install "
            f"{packages}`; or leave these tests out: -m 'not pdf and not browser'",
            pytrace=False,
        )


def load_booklet(export: Path, program: Path) -> Booklet:
    """The booklet of an export and a program, as every command loads it."""
    booklet = load(Sources(export=export, program=program)).booklet
    assert booklet is not None
    return booklet


def rendered(booklet: Booklet, source: str = "export.json", base_url: str = "") -> dict[str, str]:
    """Every file generation makes, pages and served files, by path, as text."""
    generated = render(booklet, source=source, base_url=base_url)
    return generated.pages | {name: data.decode() for name, data in generated.served.items()}
