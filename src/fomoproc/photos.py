"""Which photos and logos of the program the pages may show: checked, never fetched.

A photo is an http(s) URL (the reader's browser loads it) or a file under the Sphinx
project (Sphinx copies it). Anything else, a path leaving the project, or a file that
is missing, is reported and the person is shown without one: a photo never stops
the build.
"""

from __future__ import annotations

import re
from pathlib import Path

from fomoproc.model import Problem, Program, Severity
from fomoproc.text import safe_url

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp"})
# Characters a path may have to be written into a directive option as it is.
_SAFE_PATH = re.compile(r"[A-Za-z0-9._/-]+")


def usable_photos(program: Program, srcdir: Path) -> tuple[dict[str, str], list[Problem]]:
    """Images the people page may show, by "<group>:<person id>", and what was refused."""
    photos: dict[str, str] = {}
    problems: list[Problem] = []
    root = srcdir.resolve()
    for group, people in (
        ("speakers", program.speakers),
        ("panelists", program.panelists),
        ("organizers", program.organizers),
        ("sponsors", program.sponsors),
    ):
        for person in people:
            if not person.photo:
                continue
            key = f"{group}:{person.id}"
            url = safe_url(person.photo)
            if url:
                photos[key] = url
                continue
            reason = _refusal(person.photo, root)
            if reason:
                problems.append(
                    Problem(
                        file=program.source,
                        paper="",
                        field=f"{group} {person.id!r} photo",
                        severity=Severity.INFO,
                        message=f"{person.photo!r} {reason}: shown without a photo",
                    )
                )
                continue
            # A leading slash makes Sphinx read the path from the project's root.
            photos[key] = "/" + Path(person.photo).as_posix().lstrip("/")
    return photos, problems


def _refusal(photo: str, root: Path) -> str:
    if "://" in photo or photo.startswith(("/", "\\")) or not _SAFE_PATH.fullmatch(photo):
        return "is neither an http(s) URL nor a relative path of plain characters"
    target = (root / photo).resolve()
    if not target.is_relative_to(root):
        return "lies outside the Sphinx project"
    if target.suffix.lower() not in IMAGE_SUFFIXES:
        return f"is not an image ({', '.join(sorted(IMAGE_SUFFIXES))})"
    if not target.is_file():
        return f"is not a file under {root}"
    return ""
