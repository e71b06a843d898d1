"""The booklet's settings in ``conf.py``: declared once, validated at ``config-inited``.

Every ``fomoproc_*`` value is declared here with its type, default and help, and read
through :func:`settings` and :func:`sources`; a value that can never work stops the
build with one line naming it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from fomoproc import __version__
from fomoproc.pipeline import Sources
from fomoproc.readers import FORMATS


@dataclass(frozen=True, slots=True)
class Option:
    """One configuration value: what ``app.add_config_value`` is told, and its help."""

    name: str
    default: Any
    rebuild: Literal["env", "html"]  # what a change makes Sphinx do again: read, or write
    kind: type
    help: str


OPTIONS = (
    Option("fomoproc_export", "", "env", str, "the export of the papers, relative to conf.py"),
    Option("fomoproc_program", "", "env", str, "the program file, relative to conf.py"),
    Option("fomoproc_format", "", "env", str, "the export's format; empty: detected"),
    Option("fomoproc_notes", "", "env", str, "OpenReview notes giving a console CSV its authors"),
    Option(
        "fomoproc_overrides",
        "",
        "env",
        str,
        "the organizers' corrections; empty: overrides.toml beside the export, if any",
    ),
    Option(
        "fomoproc_pdf",
        "",
        "html",
        str,
        "a PDF of the booklet to serve in the site as booklet.pdf (fomoproc build sets it)",
    ),
    Option(
        "fomoproc_scholar_meta",
        True,
        "html",
        bool,
        "Google Scholar (Highwire) tags and schema.org JSON-LD in paper pages' heads",
    ),
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Settings:
    """The ``fomoproc_*`` values of a configuration, typed."""

    export: str
    program: str
    format: str
    notes: str
    overrides: str
    pdf: str
    scholar_meta: bool


def settings(config: Config) -> Settings:
    """The booklet's settings (validated at ``config-inited``)."""
    return Settings(**{o.name.removeprefix("fomoproc_"): config[o.name] for o in OPTIONS})


def sources(app: Sphinx) -> Sources:
    """The booklet's input files, paths relative to ``conf.py``."""
    values, confdir = settings(app.config), Path(app.confdir)

    def path(value: str) -> Path | None:
        return confdir / value if value else None

    return Sources(
        export=confdir / values.export,
        program=confdir / values.program,
        format=values.format,
        notes=path(values.notes),
        overrides=path(values.overrides),
        docs=Path(app.srcdir),
    )


def _validate(app: Sphinx, config: Config) -> None:
    for option in OPTIONS:
        value = config[option.name]
        if type(value) is not option.kind:
            raise ConfigError(
                f"fomoproc: {option.name} must be {option.kind.__name__} "
                f"({option.help}), not {value!r}"
            )
    if not config.fomoproc_export or not config.fomoproc_program:
        raise ConfigError("fomoproc: set fomoproc_export and fomoproc_program in conf.py")
    if "dollarmath" in config.myst_enable_extensions:
        raise ConfigError(
            "fomoproc: remove 'dollarmath' from myst_enable_extensions: the "
            "booklet writes vetted math itself, and a stray $ must stay text"
        )
    if config.fomoproc_format and config.fomoproc_format not in FORMATS:
        raise ConfigError(
            f"fomoproc: fomoproc_format {config.fomoproc_format!r} is not one of "
            f"{', '.join(FORMATS)}"
        )


def setup(app: Sphinx) -> dict[str, Any]:
    """Declare every value; check them before the other modules read them."""
    for option in OPTIONS:
        app.add_config_value(
            option.name, option.default, option.rebuild, types=[option.kind],
            description=option.help,
        )  # fmt: skip
    app.connect("config-inited", _validate, priority=100)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
