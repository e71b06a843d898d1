"""What an organizer is told about an import: counts, exclusions and problems, as lines or JSON.

``fomoproc check``, ``fomoproc build`` and the Sphinx extension all word an import the
same way, from the :class:`~fomoproc.pipeline.Loaded` inputs.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from fomoproc.model import KIND_ORDER, Export, Problem, Severity


def summary(export: Export) -> str:
    """ "33 records: 30 accepted (5 oral, 7 spotlight, 18 poster), 3 excluded (...)"."""
    kinds = Counter(p.kind for p in export.papers)
    accepted = ", ".join(f"{kinds[k]} {k.value}" for k in KIND_ORDER if kinds[k])
    reasons = Counter(e.reason for e in export.exclusions)
    excluded = ", ".join(f"{n} {reason}" for reason, n in sorted(reasons.items()))
    line = f"{export.records} records: {len(export.papers)} accepted"
    line += f" ({accepted})" if accepted else ""
    line += f", {len(export.exclusions)} excluded"
    return line + (f" ({excluded})" if excluded else "")


#: Exclusions a build lists before it counts the rest: about a screen's worth.
EXCLUSIONS_SHOWN = 20


def describe(
    export: Export, problems: tuple[Problem, ...], *, limit: int | None = None
) -> list[tuple[Severity, str]]:
    """Counts, exclusions, problems and their totals, one line each.

    With ``limit`` (a build's report), at most :data:`EXCLUSIONS_SHOWN` exclusions and
    ``limit`` problems of the export are listed (errors first), each cut list followed
    by a line that counts the rest, which ``fomoproc check`` shows; the problems of the
    organizers' own files (the program, its photos, the overrides) are always listed.
    """
    lines = [(Severity.INFO, f"{Path(export.source).name}: {summary(export)}")]
    exclusions = export.exclusions
    if limit is not None and len(exclusions) > EXCLUSIONS_SHOWN:
        exclusions = exclusions[:EXCLUSIONS_SHOWN]
    for exclusion in exclusions:
        title = f" {exclusion.title!r}" if exclusion.title else ""
        lines.append((Severity.INFO, f"excluded {exclusion.record}{title}: {exclusion.reason}"))
    if len(exclusions) < len(export.exclusions):
        rest = Counter(e.reason for e in export.exclusions[len(exclusions) :])
        counts = ", ".join(f"{n} {reason}" for reason, n in sorted(rest.items()))
        lines.append(
            (
                Severity.INFO,
                f"... and {sum(rest.values())} more excluded ({counts}): "
                "`fomoproc check` lists them all",
            )
        )
    shown = problems
    strangers = [p for p in problems if p.file == export.source]
    if limit is not None and len(strangers) > limit:
        organizers = [p for p in problems if p.file != export.source]
        first = sorted(strangers, key=_rank)[:limit]
        shown = tuple(sorted([*organizers, *first], key=_rank))
    lines.extend((p.severity, str(p)) for p in shown)
    if len(shown) < len(problems):
        more = len(problems) - len(shown)
        lines.append(
            (Severity.INFO, f"... and {more} more problems: `fomoproc check` lists them all")
        )
    if problems:
        lines.append((Severity.INFO, tally(problems)))
    return lines


def _rank(problem: Problem) -> int:
    """Errors first, then warnings, then notes."""
    return (Severity.ERROR, Severity.WARNING, Severity.INFO).index(problem.severity)


def tally(problems: tuple[Problem, ...]) -> str:
    """ "2 errors, 31 warnings (abstract 30, title 1), 4 notes"."""
    parts = []
    for severity, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "note"),
    ):
        fields = Counter(
            p.field.split("[")[0].split(".")[0] or "file"
            for p in problems
            if p.severity is severity
        )
        count = sum(fields.values())
        if count:
            detail = ", ".join(f"{name} {n}" for name, n in sorted(fields.items()))
            parts.append(f"{count} {word}{'s' if count != 1 else ''} ({detail})")
    return ", ".join(parts)


def check_report(export: Export, problems: tuple[Problem, ...]) -> dict[str, Any]:
    """The ``fomoproc check --json`` object: counts and every problem."""
    kinds = Counter(p.kind.value for p in export.papers)
    return {
        "file": export.source,
        "format": export.format,
        "records": export.records,
        "accepted": {k.value: kinds[k.value] for k in KIND_ORDER},
        "excluded": dict(sorted(Counter(e.reason for e in export.exclusions).items())),
        "exclusions": [
            {"record": e.record, "title": e.title, "reason": e.reason} for e in export.exclusions
        ],
        "problems": [
            {
                "file": p.file,
                "paper": p.paper,
                "field": p.field,
                "severity": p.severity.value,
                "message": p.message,
            }
            for p in problems
        ],
    }
