"""The Sphinx extension: the only module that imports Sphinx.

``extensions = ["fomoproc.sphinxext"]`` in a project's ``conf.py`` makes it a
booklet: at ``builder-inited`` the pages of ``fomoproc_export`` and
``fomoproc_program`` are generated into the source folder (before Sphinx looks
for sources), the import is reported, and the settings a booklet depends on
(XeLaTeX with CJK fonts, paper pages kept out of the sidebar) are applied.
"""

from __future__ import annotations

import functools
import gc
import importlib.util
import logging as std_logging
import os
import shutil
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging

from fomoproc import __version__
from fomoproc.errors import InputError
from fomoproc.model import Severity
from fomoproc.output import files_under
from fomoproc.pipeline import GENERATED_DIRS, Sources, generate
from fomoproc.sphinxext import files, meta, pdftext, search

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"

# Every Latin, Greek, Cyrillic and Vietnamese letter comes from FreeSerif (Sphinx's
# XeLaTeX default); CJK needs xeCJK and Noto CJK; fomoproc.sphinxext.pdftext adds the fonts
# of every other script, symbols and emoji after these lines.
LATEX_PREAMBLE = r"""
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
% xeCJK sets curly quotes, dashes, the ellipsis and the middle dot as CJK punctuation, in
% the CJK font, eating the spaces around them: "a “quoted” title — and" printed as
% "a“quoted”title —and". In this booklet's English text they are Western punctuation.
\xeCJKDeclareCharClass{Default}{"00B7, "2013, "2014, "2018, "2019, "201C, "201D, "2025, "2026}
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
    # fontspec's math setup sends \mathbf{\Phi} and \mathrm{\Gamma} to the text font's
    # slots 0-10, where Unicode fonts have control characters: keep math fonts as they are.
    elements["passoptionstopackages"] = (
        r"\PassOptionsToPackage{no-math}{fontspec}"
        + "\n"
        + elements.get("passoptionstopackages", "")
    )
    elements.setdefault("releasename", "")
    # The PDF's one index is the author index: paper pages carry its \index entries
    # (with ASCII sort keys, so makeindex files accented and non-Latin names right).
    elements.setdefault("printindex", "\n\\renewcommand{\\indexname}{Author index}\n\\printindex\n")
    config.latex_elements = elements
    config.latex_use_xindy = False  # makeindex ships with every TeX Live; xindy does not
    config.latex_domain_indices = False
    sidebars = dict(config.html_sidebars)
    # A sidebar listing every paper on every page makes the build quadratic.
    if not any(pattern in sidebars for pattern in ("**", "*", "papers/*")):
        sidebars["papers/*"] = []
    config.html_sidebars = sidebars
    # pydata-sphinx-theme logs an error on a first visit unless a default mode is set.
    config.html_context = {"default_mode": "auto", **config.html_context}
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


def sources(confdir: Path, config: Config) -> Sources:
    """The booklet's input files, from the configuration (paths relative to conf.py)."""

    def path(value: str) -> Path | None:
        return confdir / value if value else None

    return Sources(
        export=confdir / config.fomoproc_export,
        program=confdir / config.fomoproc_program,
        format=config.fomoproc_format,
        notes=path(config.fomoproc_notes),
        overrides=path(config.fomoproc_overrides),
    )


def _generate(app: Sphinx) -> None:
    try:
        report = generate(
            Path(app.srcdir),
            sources(Path(app.confdir), app.config),
            base_url=app.config.html_baseurl or "",
        )
    except InputError as err:
        raise ConfigError(f"fomoproc: {err}") from None
    meta.remember(app.env, report.booklet)
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
    # The PDF's own checks (fonts, formulas), after the import's report: LaTeX builds only.
    pdftext.remember(app, report.booklet, report.export.source)


def _math_in_neighbours(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The previous/next links show a neighbour's title, math included: a page without
    math of its own still needs MathJax for them (Sphinx loads it where a page has math)."""
    for key in ("prev", "next"):
        link = context.get(key)
        if isinstance(link, dict) and 'class="math' in str(link.get("title", "")):
            context["has_maths_elements"] = True


def _relink_all(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """A paper added or removed changes its neighbours' previous/next links and every
    page's navigation; Sphinx would rewrite only the changed pages, so reread them all."""
    if any(docname.startswith(_GENERATED) for docname in added | removed):
        return sorted(env.found_docs - added - removed)
    return []


def _remove_stale_output(app: Sphinx, exception: Exception | None) -> None:
    """Sphinx leaves a removed document's page, source copy and downloads behind: a removed
    paper must vanish from the site, so whatever no current document owns is deleted."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    docs = app.env.found_docs
    # Where each page is, as the builder places it ("papers/x.html", or "papers/x/index.html"
    # for dirhtml); a builder without pages of its own (singlehtml) keeps none here.
    outfile = getattr(app.builder, "get_outfilename", None)
    pages = {Path(outfile(docname)) for docname in docs} if callable(outfile) else set()
    for page in _generated_files(outdir):
        if page.suffix == ".html" and page not in pages:
            page.unlink()
            if not any(page.parent.iterdir()):
                page.parent.rmdir()
    sources = outdir / "_sources"
    for copy in _generated_files(sources):
        docname = copy.relative_to(sources).as_posix().removesuffix(".md.txt")
        if copy.name.endswith(".md.txt") and docname not in docs:
            copy.unlink()
    downloads = outdir / "_downloads"
    owned = {Path(dest).as_posix() for _, dest in app.env.dlfiles.values()}
    for file in sorted(downloads.rglob("*")) if downloads.is_dir() else []:
        if file.is_file() and file.relative_to(downloads).as_posix() not in owned:
            file.unlink()
            if not any(file.parent.iterdir()):
                file.parent.rmdir()


_GENERATED = tuple(f"{folder}/" for folder in GENERATED_DIRS)


def _generated_files(folder: Path) -> list[Path]:
    return [folder / name / path for name in GENERATED_DIRS for path in files_under(folder / name)]


def _quiet_event_log(app: Sphinx) -> None:
    """Sphinx 9 logs every event it emits with the whole ``repr`` of its arguments, at debug
    level: 16 KB for one page's ``html-page-context``. Shown only with ``-vv``, the records
    are made all the same, and with ``-j`` each worker sends its own to the main process
    (1.5 MB per batch of 100 pages at 1,000 papers), whose pipe stalls the worker until
    the main process, busy resolving the next batch, reads it. Below ``-vv`` the event
    logger leaves debug records unmade."""
    level = std_logging.NOTSET if app.verbosity >= 2 else std_logging.INFO
    std_logging.getLogger("sphinx.sphinx.events").setLevel(level)


@functools.cache  # os.register_at_fork has no unregister: once per process
def _freeze_in_forked_workers() -> None:
    """Sphinx's ``-j`` workers are forked from the main process and share its memory until
    they write to it; a collection of the cyclic garbage collector writes to every object
    it visits, inherited ones too, so each worker ended up copying much of the main
    process (the environment, the doctrees waiting to be written). Frozen at the fork, the
    inherited objects are left alone by the worker's collector; a worker lives for one
    batch, and what it makes itself is collected as usual. Measured at 5,000 papers, -j 2:
    peak memory 1,514 -> 1,319 MB, build 150 -> 139 s."""
    if hasattr(os, "register_at_fork"):  # not on Windows, which has no fork
        os.register_at_fork(after_in_child=gc.freeze)


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the booklet's configuration and events."""
    _quiet_event_log(app)
    _freeze_in_forked_workers()
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_design")
    app.setup_extension("sphinx_copybutton")
    app.setup_extension("fomoproc.sphinxext.literal")
    app.setup_extension("fomoproc.sphinxext.anchors")
    app.setup_extension("fomoproc.sphinxext.indexpages")
    app.setup_extension("fomoproc.sphinxext.ancestors")
    app.setup_extension("fomoproc.sphinxext.pdftext")
    app.add_config_value("fomoproc_export", "", "env", types=[str])
    app.add_config_value("fomoproc_program", "", "env", types=[str])
    # Export format ("" detects it), the notes a console CSV needs, and the organizers'
    # overrides ("" uses overrides.toml beside the export when there is one).
    app.add_config_value("fomoproc_format", "", "env", types=[str])
    app.add_config_value("fomoproc_notes", "", "env", types=[str])
    app.add_config_value("fomoproc_overrides", "", "env", types=[str])
    app.connect("config-inited", _apply_booklet_settings, priority=800)
    app.connect("builder-inited", _generate)
    app.connect("env-get-outdated", _relink_all)
    # Before sphinx.ext.mathjax (priority 500) decides whether the page loads MathJax.
    app.connect("html-page-context", _math_in_neighbours, priority=400)
    app.connect("build-finished", _remove_stale_output)
    app.connect("build-finished", _copy_mathjax)
    files.setup(app)
    meta.setup(app)
    app.add_css_file("fomoproc.css")
    search.setup(app)
    return {
        "version": __version__,
        # 1: the search summaries domain; 2: paper pages' boilerplate kept out of the search
        # index. An environment of an earlier version is read again.
        "env_version": 2,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
