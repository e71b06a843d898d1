"""The system packages: one list (fomoproc.tex) that the build, the tests and CI install from,
and a missing tool that stops with one line or fails a test, never skips it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import require
from fomoproc import tex

REPO = Path(__file__).parent.parent


def test_without_apt_get_the_tests_command_names_every_package(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # A machine with none of the tools and no way to install them: PATH holds nothing.
    monkeypatch.setenv("PATH", "")
    assert tex.main(["--tests"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    packages = " ".join((*tex.TEX_PACKAGES, *tex.TEST_PACKAGES))
    assert f"run `sudo apt-get install {packages}`" in captured.err
    assert captured.err.endswith("or leave those tests out: -m 'not pdf and not browser'\n")
    assert tex.main([]) == 2  # what the PDF alone needs
    assert (
        f"install {' '.join(tex.TEX_PACKAGES)}`, or build with --no-pdf" in capsys.readouterr().err
    )


def test_ci_and_nox_install_from_the_one_list() -> None:
    # Before: .ci/run repeated tex.TEX_PACKAGES and added the tests' packages by hand.
    assert "apt-get install" not in (REPO / ".ci" / "run").read_text("utf-8")
    assert '"fomoproc.tex", "--tests"' in (REPO / "noxfile.py").read_text("utf-8")
    assert {"poppler-utils", "biber", "texlive-bibtex-extra", "chromium"} <= set(tex.TEST_PACKAGES)


def test_a_missing_tool_fails_the_test_that_needs_it() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"^biber missing: `nox -s tests` installs"):
        require(["biber"])
    require([])  # nothing missing: nothing happens
