"""`fomoproc fetch`: a venue's submissions, from OpenReview's API v2, into the export file.

openreview-py signs in (with the variables it reads itself, and its prompts for a second
factor); the notes are then read with the requests of its ``get_all_notes`` (``GET
/notes`` with ``invitation``, ``limit``, ``sort=id`` and ``count``, then ``after=<last
id>``), but kept as the server sent them, because ``Note.to_json()`` drops ``number``,
``domain``, ``tcdate`` and ``tmdate``, and retried here: openreview-py's session prints every retry
on stdout and waits up to two minutes between tries, and its progress bar is drawn
whether or not anyone watches.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import getpass
import json
import math
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from fomoproc import __version__

DEFAULT_BASEURL = "https://api2.openreview.net"
#: The variables openreview-py's ``OpenReviewClient`` reads: one setting serves both tools.
USERNAME_VARIABLE = "OPENREVIEW_USERNAME"
PASSWORD_VARIABLE = "OPENREVIEW_PASSWORD"
BASEURL_VARIABLE = "OPENREVIEW_API_BASEURL_V2"
#: The most notes the API gives in one answer.
PAGE = 1000
#: Tries of a request the server asks to repeat (429, or a 5xx it may recover from).
TRIES = 6
#: Waits between those tries without a ``Retry-After``: 1, 2, 4, 8, 16 s.
BACKOFF = 1.0
#: A longer ``Retry-After`` than this gives up at once rather than hang the command.
LONGEST_WAIT = 300.0
#: Seconds to connect, then to wait for each answer.
TIMEOUT = 60.0
_RETRIED = frozenset({429, 500, 502, 503, 504})

Progress = Callable[[int, int], None]
Sleep = Callable[[float], None]


class FetchError(Exception):
    """A fetch that cannot finish; its text is one line for the user."""


@dataclass(frozen=True, slots=True)
class Credentials:
    """An OpenReview account to sign in with."""

    username: str
    password: str = field(repr=False)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A venue's submissions as read, and who read them ("" for anonymous)."""

    notes: list[Any]
    signed_in: str


class TerminalPrompt:
    """Asks for an account at a terminal (stderr, so stdout stays the command's report)."""

    def username(self) -> str:
        """The account's name or e-mail; empty for anonymous."""
        sys.stderr.write("OpenReview username (empty: anonymous, public submissions only): ")
        sys.stderr.flush()
        return sys.stdin.readline().strip()

    def password(self, username: str) -> str:
        """The account's password, not echoed."""
        return getpass.getpass(f"OpenReview password for {username}: ", stream=sys.stderr)


def find_credentials(
    *, anonymous: bool, environ: Mapping[str, str], prompt: TerminalPrompt | None
) -> Credentials | None:
    """The account to sign in with: openreview-py's variables, else the terminal's answers,
    else none (anonymous). Without a terminal nothing is asked."""
    if anonymous:
        return None
    username = environ.get(USERNAME_VARIABLE, "")
    password = environ.get(PASSWORD_VARIABLE, "")
    if prompt is not None and not username:
        username = prompt.username()
    if prompt is not None and username and not password:
        password = prompt.password(username)
    if username and password:
        return Credentials(username, password)
    if not username and not password:
        return None
    given, missing = ("username", "password") if username else ("password", "username")
    raise FetchError(
        f"an OpenReview {given} but no {missing}: set {USERNAME_VARIABLE} and "
        f"{PASSWORD_VARIABLE} both to sign in, or neither (or use --anonymous) to read "
        "what the venue made public"
    )


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds a ``Retry-After`` header asks to wait (a number or an HTTP date), or None."""
    if value is None:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:  # "-0000": an HTTP date is GMT all the same
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def fetch_venue(
    group: str,
    *,
    baseurl: str,
    account: Callable[[], Credentials | None],
    progress: Progress,
    sleep: Sleep = time.sleep,
) -> Fetched:
    """Every submission of ``group`` the account may read (``account`` is asked once the
    group is known to exist, so a mistyped group asks for no password)."""
    with requests.Session() as session:
        api = _Api(baseurl.rstrip("/"), session, sleep)
        api.check_group(group)
        credentials = account()
        signed_in = api.sign_in(credentials) if credentials is not None else ""
        notes = api.notes(f"{group}/-/Submission", progress)
    if not notes and signed_in:
        raise FetchError(
            f"{group} has no submission that {signed_in} may read (no note of "
            f"{group}/-/Submission): is it the venue's group?"
        )
    if not notes:
        raise FetchError(
            f"{group} has no public submission (no note of {group}/-/Submission that "
            "anyone may read): is it the venue's group? Before it publishes its papers, "
            f"sign in as an organizer ({USERNAME_VARIABLE}, {PASSWORD_VARIABLE})"
        )
    return Fetched(sorted(notes, key=_order), signed_in)


def _order(note: Any) -> tuple[float, str]:
    """Paper number, then id: the order of the venue, the same at every fetch."""
    if not isinstance(note, dict):
        return (math.inf, "")
    number = note.get("number")
    if isinstance(number, bool) or not isinstance(number, int | float):
        number = math.inf  # no number (an older export's note): after the numbered ones
    return (float(number), str(note.get("id", "")))


def export_bytes(notes: list[Any]) -> bytes:
    """The export as the openreview reader reads it: ``{"notes": [...]}``, keys sorted."""
    text = json.dumps({"notes": notes}, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


def write_export(notes: list[Any], path: Path) -> bool:
    """Replace the export at once (written beside, then renamed), only if its bytes change;
    whether it was written. A failure leaves the previous file as it was."""
    data = export_bytes(notes)
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # the new bytes on disk before the name points at them
        if path.exists():
            partial.chmod(path.stat().st_mode & 0o777)
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return True


class _Api:
    """One OpenReview API v2 server, through one session."""

    def __init__(self, baseurl: str, session: requests.Session, sleep: Sleep) -> None:
        self.baseurl = baseurl
        self.session = session
        self.sleep = sleep
        session.headers["User-Agent"] = f"fomoproc/{__version__}"
        session.headers["Accept"] = "application/json"

    def check_group(self, group: str) -> None:
        """Stop at once on a group the server does not have (asked anonymously)."""
        response = self.get("groups", {"id": group})
        if response.status_code in {401, 403}:
            return  # a group hidden from anonymous readers may still have readable notes
        if response.status_code == 404:
            raise FetchError(f"no group {group} on {self.baseurl}: check the venue's id")
        body = self.json(response, "groups")
        if not body.get("groups"):
            raise FetchError(f"no group {group} on {self.baseurl}: check the venue's id")

    def sign_in(self, credentials: Credentials) -> str:
        """Sign in with openreview-py; the session then carries its token. The profile id."""
        # openreview-py takes a fifth of a second to import: only when signing in.
        import openreview  # noqa: PLC0415
        from openreview.api import OpenReviewClient  # noqa: PLC0415

        who = credentials.username
        try:
            client = OpenReviewClient(
                baseurl=self.baseurl,
                username=credentials.username,
                password=credentials.password,
            )
        except openreview.MfaRequiredException:
            raise FetchError(
                f"the account {who} asks for a second factor: run fomoproc fetch at a "
                "terminal, where openreview-py asks for the code"
            ) from None
        except openreview.OpenReviewException as err:
            raise FetchError(f"OpenReview refused to sign in {who}: {_said(err)}") from None
        except requests.RequestException as err:
            raise FetchError(f"cannot reach {self.baseurl} ({_reason(err)})") from None
        client.session.close()  # its token is all this fetch needs of it
        self.session.headers["Authorization"] = f"Bearer {client.token}"
        profile = getattr(client, "profile", None)
        return str(getattr(profile, "id", None) or who)

    def notes(self, invitation: str, progress: Progress) -> list[Any]:
        """Every note of ``invitation``, page by page after the last id, as openreview-py does."""
        params = {"invitation": invitation, "limit": str(PAGE), "sort": "id", "count": "true"}
        response = self.get("notes", params)
        if response.status_code == 404:
            return []  # no such invitation: a group without submissions, as the caller says
        first = self.json(response, "notes")
        count = first.get("count")
        total = count if isinstance(count, int) else 0
        del params["count"]  # asked once, as openreview-py does
        found: dict[str, Any] = {}
        page = first.get("notes")
        while isinstance(page, list) and page:
            new = 0
            for note in page:
                key = note.get("id") if isinstance(note, dict) else None
                key = key if isinstance(key, str) else f"#{len(found)}"
                new += key not in found
                found[key] = note
            if not new:
                raise FetchError(
                    f"{self.baseurl} repeated notes already received: it does not page "
                    "with after=<id>; is --baseurl an OpenReview API v2?"
                )
            progress(len(found), max(total, len(found)))
            last = page[-1].get("id") if isinstance(page[-1], dict) else None
            if not isinstance(last, str):
                break  # no id to ask for the page after
            params["after"] = last
            page = self.json(self.get("notes", params), "notes").get("notes")
        return list(found.values())

    def get(self, route: str, params: Mapping[str, str]) -> requests.Response:
        """``GET /route``, tried again when the server asks (429, 5xx), after the time it asks."""
        url = f"{self.baseurl}/{route}"
        for attempt in range(1, TRIES + 1):
            try:
                response = self.session.get(url, params=params, timeout=TIMEOUT)
            except requests.Timeout:
                raise FetchError(
                    f"{self.baseurl} did not answer GET /{route} within {TIMEOUT:.0f} s"
                ) from None
            except requests.RequestException as err:
                raise FetchError(f"cannot reach {self.baseurl} ({_reason(err)})") from None
            if response.status_code not in _RETRIED or attempt == TRIES:
                return response
            asked = retry_after(response.headers.get("Retry-After"))
            wait = BACKOFF * 2 ** (attempt - 1) if asked is None else asked
            if wait > LONGEST_WAIT:
                raise FetchError(
                    f"{self.baseurl} asks to wait {wait:.0f} s before GET /{route} "
                    f"({_status(response)}): try again later"
                )
            self.sleep(wait)
        raise AssertionError("unreachable: the last try returns")

    def json(self, response: requests.Response, route: str) -> dict[str, Any]:
        """The body of a success, which must be a JSON object."""
        if response.status_code in _RETRIED:
            raise FetchError(
                f"{self.baseurl} still answered GET /{route} with {_status(response)} "
                f"after {TRIES} tries: {_message(response)}; try again later"
            )
        if response.status_code != 200:
            raise FetchError(
                f"{self.baseurl} refused GET /{route} ({_status(response)}): {_message(response)}"
            )
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict):
            raise FetchError(
                f"{self.baseurl} answered GET /{route} with something other than a JSON "
                "object: is --baseurl an OpenReview API v2?"
            )
        return body


def _status(response: requests.Response) -> str:
    return f"{response.status_code} {response.reason}".strip()


def _message(response: requests.Response) -> str:
    """What the server said: the API's JSON ``message``, or the first line of its text."""
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("message"), str):
        return _line(body["message"])
    return _line(response.text) or "no message"


def _said(err: Exception) -> str:
    """The message of an OpenReviewException (a dict from the API, or text)."""
    said = err.args[0] if err.args else ""
    if isinstance(said, dict):
        status = f" ({said['status']})" if "status" in said else ""
        return _line(str(said.get("message") or said.get("name") or said)) + status
    return _line(str(said)) or type(err).__name__


def _reason(err: BaseException) -> str:
    """The system's words for a failed connection ("Connection refused", "Name or service
    not known"), from deep in the chain requests and urllib3 wrap them in."""
    seen: set[int] = set()
    pending: list[BaseException] = [err]
    while pending:
        current = pending.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, OSError) and current.strerror:
            return current.strerror
        pending.extend(
            e
            for e in (
                getattr(current, "reason", None),
                current.__cause__,
                current.__context__,
                *current.args,
            )
            if isinstance(e, BaseException)
        )
    return _line(str(err))


def _line(text: str, width: int = 300) -> str:
    """One line of at most ``width`` characters: an error is one line."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1] + "…"
