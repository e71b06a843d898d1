"""Build outputs: a reproducible build date, one build at a time, and publishing a whole site.

The output folder (``build/`` by default) holds::

    .fomoproc.lock   locked by the build that runs (fcntl.flock), never removed
    .fomoproc.json   fomoproc's record: this folder is fomoproc's, and what it published
    .work/           Sphinx and LaTeX build here; readers never look
    .site/<n>/       the published site: one whole folder per version
    html             a symbolic link to the current version, what readers open
    booklet.pdf      the PDF, replaced by one rename

A new version is made beside the current one (unchanged files hard-linked from it, since a
published file is never modified in place, changed ones copied from the work folder), then
``html`` is switched to it by renaming a new link over the old one, and only then is the
previous version removed. A build that is killed or fails at any point leaves ``html`` on
a whole version, the previous one or the new one. With ``plain`` (for hosts that build into
a fresh folder and do not follow links, like Read the Docs), ``html`` is a plain folder
updated file by file instead.

fomoproc removes only what it made: versions under ``.site/``, and in a plain ``html``
the files its record lists. A non-empty folder without its record is not taken over
unless the organizer says so (``force``), and even then nothing in it is removed.
"""

from __future__ import annotations

import datetime as dt
import errno
import fcntl
import json
import os
import shutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from fomoproc.disk import remove_empty_folders, walk, write_if_changed
from fomoproc.pause import pause

#: Sphinx's caches inside an output folder: never published.
PRIVATE = frozenset({".doctrees"})
LOCK = ".fomoproc.lock"
RECORD = ".fomoproc.json"
WORK = ".work"
VERSIONS = ".site"
SITE = "html"
PDF = "booklet.pdf"


class OutputError(Exception):
    """An output or project folder fomoproc must not or cannot use; one line for the user."""


def workshop_epoch(day: dt.date) -> int:
    """Midnight UTC of the workshop's day, as seconds since 1970: the booklet's date."""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


@contextmanager
def source_date(default: int) -> Iterator[int]:
    """Set ``SOURCE_DATE_EPOCH`` (unless the user set it) for Sphinx, XeTeX and xdvipdfmx."""
    saved = {name: os.environ.get(name) for name in ("SOURCE_DATE_EPOCH", "FORCE_SOURCE_DATE")}
    epoch = os.environ.get("SOURCE_DATE_EPOCH") or str(default)
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    # XeTeX's \today and \time follow SOURCE_DATE_EPOCH only when forced.
    os.environ["FORCE_SOURCE_DATE"] = "1"
    try:
        yield int(epoch)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@contextmanager
def locked(folder: Path, role: str) -> Iterator[None]:
    """Hold ``folder``'s lock while the block runs; another build holding it is an error.

    ``role`` says what the folder is to this build ("project", "output"), for the message.
    The lock is the kernel's (``flock``): it ends with the process that held it, however
    that process ends, so a killed build never leaves a folder locked.
    """
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: not a folder")
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / LOCK).open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputError(
                f"{folder}: another fomoproc build is using this {role} folder; "
                "wait for it to finish, then build again"
            ) from None
        yield  # closing the file releases the lock


@dataclass(frozen=True, slots=True)
class Published:
    """What publishing changed, as paths relative to the site."""

    written: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: int


def claim(out: Path, *, force: bool, plain: bool = False) -> None:
    """Check that fomoproc may publish into ``out``, and record that it does.

    A folder is fomoproc's when it holds fomoproc's record, or the work folder that
    fomoproc made before it kept a record; a new folder, or one holding no file, becomes
    fomoproc's. A folder holding someone else's files is refused, unless ``force``: then
    its files stay, and only a ``html`` or ``booklet.pdf`` already there is refused.
    """
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: not a folder")
    site = out / SITE
    if not (out / RECORD).is_file():
        if (out / WORK).is_dir():
            # An earlier fomoproc's output, which kept no record: its site held only what
            # that fomoproc published (it deleted anything else at every build).
            plain_site = site.is_dir() and not site.is_symlink()
            _write_record(out, list(walk(site)) if plain_site else [])
        else:
            _claim_new(out, force=force)
    ours = _record(out)
    if not plain and site.is_dir() and not site.is_symlink():
        theirs = sorted(set(walk(site)) - set(ours))
        if theirs:
            raise OutputError(
                f"{site}: holds files fomoproc did not publish ({_some(theirs)}): move them "
                "out of it, then build again"
            )


def _claim_new(out: Path, *, force: bool) -> None:
    # Empty folders hold nothing to lose (a host may make the site's folder beforehand).
    if not _holds_files(out):
        _write_record(out, [])
        return
    if not force:
        theirs = sorted(_names(out))
        raise OutputError(
            f"{out}: this folder is not empty ({_some(theirs)}) and fomoproc did not make it: "
            "choose a new or empty folder with --out, or pass --force to build beside its files"
        )
    for name in (SITE, PDF):
        if _holds_files(out / name) or (out / name).is_symlink() or (out / name).is_file():
            raise OutputError(
                f"{out / name}: fomoproc did not make this and never removes what it did "
                "not make: move it out of the way, then build again"
            )
    _write_record(out, [])


def _holds_files(folder: Path) -> bool:
    """Whether any file is under ``folder`` (looked for until the first one)."""
    return any(files for _, _, files in os.walk(folder))


def _some(names: Sequence[str]) -> str:
    return ", ".join(names[:3]) + (", ..." if len(names) > 3 else "")


def _names(folder: Path) -> list[str]:
    try:
        return [path.name for path in folder.iterdir()]
    except FileNotFoundError:
        return []


def _record(out: Path) -> list[str]:
    """The files of a plain site that fomoproc published, from its record."""
    path = out / RECORD
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["plain_files"]
        if data.get("made_by") != "fomoproc" or not all(isinstance(f, str) for f in files):
            raise ValueError
    except FileNotFoundError:
        return []
    except (ValueError, KeyError, TypeError):
        raise OutputError(
            f"{path}: not fomoproc's record of this folder (or damaged): remove the folder's "
            "html and booklet.pdf and this file, or build into another folder"
        ) from None
    return list(files)


def _write_record(out: Path, plain_files: Iterable[str]) -> None:
    data = {"made_by": "fomoproc", "plain_files": sorted(plain_files)}
    write_if_changed(out / RECORD, (json.dumps(data, indent=1) + "\n").encode())


def publish_site(work: Path, out: Path, *, plain: bool = False) -> Published:
    """Make ``out/html`` the site built in ``work`` (Sphinx's caches aside), whole at once."""
    wanted = walk(work, skip=PRIVATE)
    if plain:
        return _publish_plain(wanted, out)
    current = _current_version(out)
    there = walk(current) if current is not None else {}
    if current is not None and current.parent == out / VERSIONS and _same_tree(wanted, there):
        # Unchanged input: the version readers have stays, and no file changes.
        _remove_versions(out, keep=current.name)
        return Published((), (), len(wanted))
    version = out / VERSIONS / str(_next_number(out))
    if os.path.lexists(version):
        shutil.rmtree(version)  # what a killed build left
    try:
        written = _make_version(wanted, there, version)
    except OSError:
        shutil.rmtree(version, ignore_errors=True)  # a full disk gets its space back
        raise
    pause("site-made")
    site = out / SITE
    if current == site:
        # A plain site (fomoproc's, checked by claim): put aside as a version, which goes
        # with the others once the link is in place.
        aside = out / VERSIONS / "plain"
        if os.path.lexists(aside):
            shutil.rmtree(aside)
        site.rename(aside)
    _switch(out, version)
    pause("site-switched")
    _write_record(out, [])
    _remove_versions(out, keep=version.name)
    removed = tuple(name for name in there if name not in wanted)
    return Published(tuple(written), removed, len(wanted) - len(written))


def _make_version(
    wanted: dict[str, os.DirEntry[str]], there: dict[str, os.DirEntry[str]], version: Path
) -> list[str]:
    """A whole new version: files unchanged since the published one linked to it, the
    others copied from the work folder; the names of those copied."""
    version.mkdir(parents=True)
    written = []
    for name, entry in wanted.items():
        before = there.get(name)
        if before is not None and _same(Path(entry.path), Path(before.path)):
            _link_or_copy(Path(before.path), version / name)
        else:
            _copy(Path(entry.path), version / name)
            written.append(name)
            if len(written) == 1:
                pause("site-copying")
    return written


def _switch(out: Path, version: Path) -> None:
    """Point ``out/html`` at ``version`` with one rename: readers see one or the other."""
    link = out / f".{SITE}.link"
    link.unlink(missing_ok=True)
    try:
        link.symlink_to(Path(VERSIONS) / version.name)
    except OSError as err:
        if err.errno in {errno.EPERM, errno.EOPNOTSUPP, errno.ENOSYS}:
            raise OutputError(
                f"{out}: this file system has no symbolic links: build with --plain"
            ) from None
        raise
    link.replace(out / SITE)


def _current_version(out: Path) -> Path | None:
    """The folder readers see now: a version under ``.site``, a plain folder, or none."""
    site = out / SITE
    if site.is_symlink():
        target = site.readlink()
        if target.parent != Path(VERSIONS):
            raise OutputError(
                f"{site}: a link fomoproc did not make (to {target}): remove it, then build again"
            )
        return out / target if (out / target).is_dir() else None
    if site.is_dir():
        return site
    if os.path.lexists(site):
        raise OutputError(f"{site}: not a folder: remove it, then build again")
    return None


def _next_number(out: Path) -> int:
    numbers = [int(name) for name in _names(out / VERSIONS) if name.isdigit()]
    return max(numbers, default=0) + 1


def _remove_versions(out: Path, *, keep: str) -> None:
    """Every version but ``keep``: earlier ones, and what killed builds left."""
    for name in _names(out / VERSIONS):
        if name != keep:
            shutil.rmtree(out / VERSIONS / name)


def _same_tree(wanted: dict[str, os.DirEntry[str]], there: dict[str, os.DirEntry[str]]) -> bool:
    return wanted.keys() == there.keys() and all(
        _same(Path(entry.path), Path(there[name].path)) for name, entry in wanted.items()
    )


def _publish_plain(wanted: dict[str, os.DirEntry[str]], out: Path) -> Published:
    """Update ``out/html`` as a plain folder: changed files replaced one by one, and only
    files that fomoproc published removed."""
    site = out / SITE
    current = _current_version(out)
    if site.is_symlink():
        site.unlink()  # a link to a version: the versions go once the folder is whole
    ours = set(_record(out)) if current == site else set()
    there = walk(site)
    # Recorded before any file is placed: a build killed midway still knows its files.
    _write_record(out, ours | set(wanted))
    written = []
    for name, entry in wanted.items():
        copy = there.get(name)
        if copy is not None and _same(Path(entry.path), Path(copy.path)):
            continue
        _copy(Path(entry.path), site / name)
        written.append(name)
    removed = tuple(sorted(name for name in ours if name not in wanted and name in there))
    for name in removed:
        (site / name).unlink()
    remove_empty_folders(site, {name.rpartition("/")[0] for name in removed})
    _write_record(out, wanted)
    _remove_versions(out, keep="")
    return Published(tuple(written), removed, len(wanted) - len(written))


def publish_file(source: Path, target: Path) -> bool:
    """Put one finished file in its place, whole, if its bytes changed; whether it was."""
    if target.is_file() and _same(source, target):
        return False
    partial = _partial(target)
    _copy_bytes(source, partial)
    pause("pdf-copied")
    partial.replace(target)
    return True


def _same(source: Path, target: Path) -> bool:
    # A copy keeps its source's time: the same size and time mean the same file, unread
    # (what keeps a no-change rebuild of thousands of pages quick).
    origin, there = source.stat(), target.stat()
    return there.st_size == origin.st_size and (
        there.st_mtime_ns == origin.st_mtime_ns or target.read_bytes() == source.read_bytes()
    )


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.partial")


def _copy(source: Path, target: Path) -> None:
    """The source's bytes and modification time (what :func:`_same` compares) at
    ``target``, written beside it and renamed over it: never half a file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial(target)
    _copy_bytes(source, partial)
    partial.replace(target)


def _copy_bytes(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)  # what a killed build left
    shutil.copyfile(source, target)
    status = source.stat()
    os.utime(target, ns=(status.st_atime_ns, status.st_mtime_ns))


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link to a published file (never modified in place), else a copy."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError as err:
        if err.errno not in _NO_LINK:
            raise  # a full disk, a permission: the same for a copy
        _copy(source, target)


#: Why a hard link may be refused where a copy is not: another file system, one without
#: hard links, too many links to one file, or the kernel's protection of others' files.
_NO_LINK = frozenset({errno.EXDEV, errno.EPERM, errno.EMLINK, errno.EOPNOTSUPP, errno.ENOSYS})
