"""The Sphinx extension: the only module that imports Sphinx.

``extensions = ["fomoproc.sphinxext"]`` in a project's ``conf.py`` makes it a
booklet: at ``builder-inited`` the pages of ``fomoproc_export`` and
``fomoproc_program`` are generated into the source folder (before Sphinx looks
for sources), the import is reported, and the settings a booklet depends on
(XeLaTeX with CJK fonts, paper pages kept out of the sidebar) are applied.
"""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError
from sphinx.util import logging

from fomoproc import __version__
from fomoproc.errors import InputError
from fomoproc.model import Severity
from fomoproc.pipeline import generate
from fomoproc.sphinxext import search

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"

# Every Latin, Greek, Cyrillic and Vietnamese letter comes from FreeSerif (Sphinx's
# XeLaTeX default); CJK needs xeCJK and Noto CJK. Measured: 0 missing glyphs.
LATEX_PREAMBLE = r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\renewcommand{\sphinxstyletheadfamily}{\bfseries}
\setcounter{tocdepth}{2}
\setlength{\headheight}{14pt}
"""


# MathJax must typeset only the math Sphinx marks (vetted by fomoproc), never "\\(...\\)"
# that happens to stand in an abstract's literal text.
MATHJAX_CONFIG = {
    "options": {
        "processHtmlClass": "math",
        "ignoreHtmlClass": "tex2jax_ignore|mathjax_ignore|document",
    },
}
# The files of MathJax 3 the booklet serves itself, so math renders offline and on phones.
MATHJAX_FILES = ("tex-chtml.js", "output/chtml/fonts/woff-v2", "input/tex/extensions")


def _mathjax_source() -> Path | None:
    spec = importlib.util.find_spec("mathjax")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" / "es5"
    return folder if (folder / "tex-chtml.js").is_file() else None


def _copy_mathjax(app: Sphinx, exception: Exception | None) -> None:
    source = _mathjax_source()
    if exception is not None or source is None or app.builder.format != "html":
        return
    target = Path(app.outdir) / "_static" / "mathjax"
    for name in MATHJAX_FILES:
        origin = source / name
        files = sorted(origin.rglob("*")) if origin.is_dir() else [origin]
        for file in files:
            copy = target / file.relative_to(source)
            if file.is_file() and not (
                copy.is_file() and copy.stat().st_size == file.stat().st_size
            ):
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(file, copy)


def _apply_booklet_settings(app: Sphinx, config: Config) -> None:
    if not config.fomoproc_export or not config.fomoproc_program:
        raise ConfigError("fomoproc: set fomoproc_export and fomoproc_program in conf.py")
    if config.latex_engine == "pdflatex":  # Sphinx's default stops at the first CJK name
        config.latex_engine = "xelatex"
    elements = dict(config.latex_elements)
    elements["preamble"] = LATEX_PREAMBLE + elements.get("preamble", "")
    elements.setdefault("releasename", "")
    elements.setdefault("printindex", "")  # the booklet has no general index
    config.latex_elements = elements
    config.latex_use_xindy = False  # makeindex ships with every TeX Live; xindy does not
    config.latex_domain_indices = False
    sidebars = dict(config.html_sidebars)
    # A sidebar listing every paper on every page makes the build quadratic.
    if not any(pattern in sidebars for pattern in ("**", "*", "papers/*")):
        sidebars["papers/*"] = []
    config.html_sidebars = sidebars
    config.html_static_path = [*config.html_static_path, str(STATIC)]
    if _mathjax_source() is not None:
        config.mathjax_path = "mathjax/tex-chtml.js"
        config.mathjax3_config = {**MATHJAX_CONFIG, **(config.mathjax3_config or {})}
    else:
        config.mathjax4_config = {**MATHJAX_CONFIG, **(config.mathjax4_config or {})}
    if "dollarmath" in config.myst_enable_extensions:
        raise ConfigError(
            "fomoproc: remove 'dollarmath' from myst_enable_extensions: the "
            "booklet writes vetted math itself, and a stray $ must stay text"
        )


def _generate(app: Sphinx) -> None:
    confdir = Path(app.confdir)
    export = confdir / app.config.fomoproc_export
    program = confdir / app.config.fomoproc_program
    try:
        report = generate(Path(app.srcdir), export, program)
    except InputError as err:
        raise ConfigError(f"fomoproc: {err}") from None
    search.remember(app, report.booklet)
    for severity, line in report.describe():
        if severity is Severity.ERROR:
            logger.warning("%s", line, type="fomoproc", subtype="export")
        else:
            logger.info("fomoproc: %s", line)
    logger.info(
        "fomoproc: %d generated files written, %d unchanged, %d removed",
        len(report.written),
        report.unchanged,
        len(report.removed),
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the booklet's configuration and events."""
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx_copybutton")
    app.add_config_value("fomoproc_export", "", "env", types=[str])
    app.add_config_value("fomoproc_program", "", "env", types=[str])
    app.connect("config-inited", _apply_booklet_settings, priority=800)
    app.connect("builder-inited", _generate)
    app.connect("build-finished", _copy_mathjax)
    app.add_css_file("fomoproc.css")
    search.setup(app)
    return {
        "version": __version__,
        # 1: the search summaries domain; an environment without it is read again.
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
