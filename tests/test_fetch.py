"""`fomoproc fetch`: against a local OpenReview API v2 (http.server in a thread), no network.

The server answers the routes fomoproc and openreview-py ask: ``GET /groups?id=``,
``POST /login``, and ``GET /notes`` with ``invitation``, ``limit``, ``sort``, ``count``
and ``after``. Its notes are shaped like the real one in
``shared/data/openreview/v2-workshop-note.json``, but generated here (invented titles and
people): more than 1,000, so that paging happens, accepted, rejected (most of them
public, as some venues publish them), withdrawn and desk-rejected.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import errno
import getpass
import io
import json
import os
import random
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from bs4 import BeautifulSoup

from conftest import BuildBooklet
from fomoproc import fetch
from fomoproc.cli import main

GROUP = "ICML.cc/2025/Workshop/TW"
SUBMISSION = f"{GROUP}/-/Submission"
USERNAME = "organizer@example.org"
PASSWORD = "correct horse battery staple"
PROFILE = "~Orla_Ganizer1"

# (how the note ends, its count, whether anyone may read it)
LAYOUT = (
    ("oral", 1, True),
    ("spotlight", 2, True),
    ("poster", 3, True),
    ("rejected", 1010, True),
    ("rejected", 30, False),
    ("withdrawn", 7, True),
    ("desk-rejected", 3, False),
)
PUBLIC = sum(n for _, n, public in LAYOUT if public)  # 1,023: two pages
EVERY = sum(n for _, n, _ in LAYOUT)  # 1,056

_GIVEN = ("Ada", "Bruno", "Chiara", "Dmitri", "Emeka", "Freya", "Goran", "Hana", "Ilse", "Jun")
_FAMILY = ("Quillfeather", "Marrowby", "Tenwick", "Ostrander", "Vellacott", "Kessarine")
_ADJECTIVES = ("Sparse", "Quantized", "Streaming", "Speculative", "Low-Rank", "Paged", "Fused")
_NOUNS = ("Attention", "Decoding", "Kernels", "Adapters", "Routing", "Caches", "Batching")
_TOPICS = ("Long Contexts", "Small Devices", "Mixture-of-Experts", "Edge Inference")
_ID_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"
_VENUES = {
    "oral": ("TW 2025 Oral", GROUP),
    "spotlight": ("TW 2025 SpotlightPoster", GROUP),
    "poster": ("TW 2025 Poster", GROUP),
    "rejected": ("Submitted to TW 2025", f"{GROUP}/Rejected_Submission"),
    "withdrawn": ("TW 2025 Withdrawn Submission", f"{GROUP}/Withdrawn_Submission"),
    "desk-rejected": ("TW 2025 Desk Rejected Submission", f"{GROUP}/Desk_Rejected_Submission"),
}


def make_notes() -> list[dict[str, Any]]:
    """The venue's submissions, numbered in the order of LAYOUT, with random ids."""
    rng = random.Random(25)
    notes = []
    for kind, count, public in LAYOUT:
        for _ in range(count):
            number = len(notes) + 1
            forum = "".join(rng.choice(_ID_LETTERS) for _ in range(10))
            title = (
                f"{rng.choice(_ADJECTIVES)} {rng.choice(_NOUNS)} for {rng.choice(_TOPICS)}: "
                f"Study {number}"
            )
            people = rng.sample([(g, f) for g in _GIVEN for f in _FAMILY], rng.randint(1, 4))
            venue, venueid = _VENUES[kind]
            created = 1_745_000_000_000 + number * 60_000
            content = {
                "title": title,
                "authors": [f"{g} {f}" for g, f in people],
                "authorids": [f"~{g}_{f}{number % 3 + 1}" for g, f in people],
                "abstract": f"We study {title.lower()}, and measure it on {number} kernels.",
                "keywords": [rng.choice(_NOUNS), rng.choice(_TOPICS)],
                "TLDR": f"{title}, briefly.",
                "venue": venue,
                "venueid": venueid,
                "pdf": f"/pdf/{rng.getrandbits(160):040x}.pdf",
                "paperhash": f"{people[0][1].lower()}|study_{number}",
            }
            notes.append(
                {
                    "id": forum,
                    "forum": forum,
                    "number": number,
                    "content": {name: {"value": value} for name, value in content.items()},
                    "invitations": [SUBMISSION, f"{GROUP}/-/Post_Submission", f"{GROUP}/-/Edit"],
                    "readers": ["everyone"] if public else [GROUP, f"{GROUP}/Submission{number}"],
                    "writers": [GROUP, f"{GROUP}/Submission{number}/Authors"],
                    "signatures": [f"{GROUP}/Submission{number}/Authors"],
                    "domain": GROUP,
                    "license": "CC BY 4.0",
                    "cdate": created,
                    "tcdate": created,
                    "mdate": created + 3_600_000,
                    "tmdate": created + 3_600_000,
                    "version": 2,
                }
            )
    return notes


NOTES = make_notes()
BY_KIND = {
    kind: [n for n in NOTES if n["content"]["venue"]["value"] == venue]
    for kind, (venue, _) in _VENUES.items()
}


@dataclass
class Fault:
    """Answer ``times`` requests to ``route`` (that ``when`` picks) with ``status``."""

    route: str
    status: int
    times: float = float("inf")
    when: Callable[[dict[str, str]], bool] = lambda params: True
    headers: dict[str, str] = field(default_factory=lambda: {"Retry-After": "0"})


@dataclass
class Seen:
    """A request the server answered."""

    method: str
    path: str
    params: dict[str, str]
    authorization: str
    body: Any


@dataclass
class Venue:
    """What the local OpenReview knows, and what it was asked."""

    notes: list[dict[str, Any]] = field(default_factory=lambda: list(NOTES))
    groups: set[str] = field(default_factory=lambda: {GROUP, "ICML.cc/2025/Workshop"})
    faults: list[Fault] = field(default_factory=list)
    second_factor: bool = False
    invitations: set[str] = field(default_factory=lambda: {SUBMISSION})
    unknown_invitation_status: int = 200  # 200 with no notes, or 404
    keys_reversed: bool = False  # answer with every object's keys in reverse order
    seen: list[Seen] = field(default_factory=list)
    tokens: set[str] = field(default_factory=set)

    def asked(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    venue: Venue


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the tests read the command's stderr."""

    def do_GET(self) -> None:
        self._answer("GET")

    def do_POST(self) -> None:
        self._answer("POST")

    def _answer(self, method: str) -> None:
        venue = self.server.venue
        url = urlsplit(self.path)
        params = dict(parse_qsl(url.query))
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        authorization = self.headers.get("Authorization", "")
        venue.seen.append(Seen(method, url.path, params, authorization, body))
        for fault in venue.faults:
            if fault.route == url.path and fault.times > 0 and fault.when(params):
                fault.times -= 1
                message = {"name": "Error", "message": f"scripted {fault.status}"}
                return self._send(fault.status, message, fault.headers)
        if (method, url.path) == ("POST", "/login"):
            return self._login(body or {})
        if (method, url.path) == ("GET", "/groups"):
            if params.get("id") in venue.groups:
                return self._send(200, {"groups": [{"id": params["id"]}], "count": 1})
            message = f"Group Not Found: {params.get('id')}"
            return self._send(404, {"name": "NotFoundError", "message": message, "status": 404})
        if (method, url.path) == ("GET", "/notes"):
            return self._notes(params, authorization.removeprefix("Bearer ") in venue.tokens)
        return self._send(404, {"name": "NotFoundError", "message": "no such route"})

    def _login(self, body: dict[str, Any]) -> None:
        venue = self.server.venue
        if (body.get("id"), body.get("password")) != (USERNAME, PASSWORD):
            message = "Invalid username or password"
            return self._send(401, {"name": "UnauthorizedError", "message": message, "status": 401})
        if venue.second_factor:
            pending = {"mfaPending": True, "mfaPendingToken": "p", "mfaMethods": ["totp"]}
            return self._send(200, {**pending, "preferredMethod": "totp"})
        token = f"token-{len(venue.tokens) + 1}"
        venue.tokens.add(token)
        user = {"id": PROFILE, "profile": {"id": PROFILE}}
        return self._send(200, {"token": token, "user": user})

    def _notes(self, params: dict[str, str], signed_in: bool) -> None:
        venue = self.server.venue
        unknown = params.get("invitation") not in venue.invitations
        if unknown and venue.unknown_invitation_status == 404:
            message = f"Invitation Not Found: {params.get('invitation')}"
            return self._send(404, {"name": "NotFoundError", "message": message})
        readable = sorted(
            (
                n
                for n in venue.notes
                if params.get("invitation") in n["invitations"]
                and (signed_in or "everyone" in n["readers"])
            ),
            key=lambda n: n["id"],
        )
        after = params.get("after", "")
        page = [n for n in readable if n["id"] > after][: min(int(params["limit"]), 1000)]
        answer: dict[str, Any] = {"notes": page}
        if params.get("count") == "true":
            answer["count"] = len(readable)
        return self._send(200, answer)

    def _send(self, status: int, data: Any, headers: dict[str, str] | None = None) -> None:
        if self.server.venue.keys_reversed:
            data = json.loads(json.dumps(data), object_hook=lambda o: dict(reversed(o.items())))
        payload = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(payload)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(payload)


class NoTerminal(io.StringIO):
    """A stdin that is not a terminal, and that nobody may read."""

    def isatty(self) -> bool:
        return False

    def readline(self, size: int | None = -1, /) -> str:
        raise AssertionError("read stdin without a terminal")


class Terminal(io.StringIO):
    """A stdin that is a terminal, where someone types ``typed``."""

    def isatty(self) -> bool:
        return True


@pytest.fixture(autouse=True)
def _no_account_no_terminal_no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test chooses its account and terminal; requests never goes through a proxy."""
    for name in (fetch.USERNAME_VARIABLE, fetch.PASSWORD_VARIABLE, fetch.BASEURL_VARIABLE):
        monkeypatch.delenv(name, raising=False)
    for name in ("http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.setattr(sys, "stdin", NoTerminal())


@pytest.fixture
def venue() -> Venue:
    return Venue()


@pytest.fixture
def baseurl(venue: Venue) -> Iterator[str]:
    """The local OpenReview's address."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.venue = venue
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def export(tmp_path: Path) -> Path:
    return tmp_path / "papers" / "export.json"


@pytest.fixture
def signed_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """The organizer's account in openreview-py's variables."""
    monkeypatch.setenv(fetch.USERNAME_VARIABLE, USERNAME)
    monkeypatch.setenv(fetch.PASSWORD_VARIABLE, PASSWORD)


def run(
    capsys: pytest.CaptureFixture[str], baseurl: str, export: Path, *args: str
) -> tuple[int, str, str]:
    status = main(["fetch", GROUP, "--baseurl", baseurl, "--export", str(export), *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def one_error_line(err: str) -> str:
    """The error, after checking it is one line and no traceback."""
    assert err.count("\n") == 1 and err.startswith("fomoproc: error: "), err
    assert "Traceback" not in err
    return err


def test_anonymous_fetch_writes_the_public_submissions_in_paper_order(
    capsys: pytest.CaptureFixture[str], venue: Venue, baseurl: str, export: Path
) -> None:
    status, out, err = run(capsys, baseurl, export)
    assert status == 0
    assert out.splitlines() == [
        f"fomoproc: wrote {export}: {PUBLIC} submissions of {GROUP} "
        "(anonymous: only what the venue made public)",
        f"fomoproc: {GROUP}: {PUBLIC} records: 6 accepted (1 oral, 2 spotlight, 3 poster), "
        "1017 excluded (1010 rejected, 7 withdrawn)",
    ]
    # A line per page on stderr, and nothing else (no progress bar).
    assert err.splitlines() == [
        f"fomoproc: fetched 1000 of {PUBLIC} submissions",
        f"fomoproc: fetched {PUBLIC} of {PUBLIC} submissions",
    ]
    notes = json.loads(export.read_bytes())["notes"]
    public = [n for n in NOTES if "everyone" in n["readers"]]
    assert notes == public  # every field as served (number, domain, dates), by paper number
    assert not venue.asked("/login")
    pages = [s.params for s in venue.asked("/notes")]
    by_id = sorted(n["id"] for n in public)
    assert pages == [
        {"invitation": SUBMISSION, "limit": "1000", "sort": "id", "count": "true"},
        {"invitation": SUBMISSION, "limit": "1000", "sort": "id", "after": by_id[999]},
        {"invitation": SUBMISSION, "limit": "1000", "sort": "id", "after": by_id[-1]},
    ]


def test_fetching_again_gives_the_same_bytes_and_leaves_the_file_alone(
    capsys: pytest.CaptureFixture[str], venue: Venue, baseurl: str, export: Path
) -> None:
    assert run(capsys, baseurl, export)[0] == 0
    first, stat = export.read_bytes(), export.stat()
    venue.keys_reversed = True  # the server's key order is not the file's
    venue.notes.reverse()
    status, out, _ = run(capsys, baseurl, export)
    assert status == 0
    assert f"fomoproc: unchanged: {export}: {PUBLIC} submissions" in out
    assert export.read_bytes() == first
    assert export.stat().st_mtime_ns == stat.st_mtime_ns


@pytest.mark.usefixtures("signed_in")
def test_an_organizer_also_gets_rejected_withdrawn_and_desk_rejected_submissions(
    capsys: pytest.CaptureFixture[str], venue: Venue, baseurl: str, export: Path
) -> None:
    status, out, _ = run(capsys, baseurl, export)
    assert status == 0
    assert out.splitlines() == [
        f"fomoproc: wrote {export}: {EVERY} submissions of {GROUP} "
        f"(signed in as {PROFILE}: every submission this account may read)",
        f"fomoproc: {GROUP}: {EVERY} records: 6 accepted (1 oral, 2 spotlight, 3 poster), "
        "1050 excluded (3 desk-rejected, 1040 rejected, 7 withdrawn)",
    ]
    assert [s.body["id"] for s in venue.asked("/login")] == [USERNAME]
    assert {s.authorization for s in venue.asked("/notes")} == {"Bearer token-1"}
    assert PASSWORD not in export.read_text(encoding="utf-8") + out
    assert [n["number"] for n in json.loads(export.read_bytes())["notes"]] == list(
        range(1, EVERY + 1)
    )


@pytest.mark.usefixtures("signed_in")
def test_anonymous_option_ignores_the_account(
    capsys: pytest.CaptureFixture[str], venue: Venue, baseurl: str, export: Path
) -> None:
    status, out, _ = run(capsys, baseurl, export, "--anonymous")
    assert status == 0
    assert "(anonymous: only what the venue made public)" in out
    assert not venue.asked("/login")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        pytest.param(f"{USERNAME}\n", f"signed in as {PROFILE}", id="account-typed"),
        pytest.param("\n", "anonymous: only what the venue made public", id="nothing-typed"),
    ],
)
def test_at_a_terminal_the_account_is_asked_for(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    venue: Venue,
    baseurl: str,
    export: Path,
    typed: str,
    expected: str,
) -> None:
    asked: list[str] = []

    def password(prompt: str, stream: Any = None) -> str:
        asked.append(prompt)
        return PASSWORD

    monkeypatch.setattr(sys, "stdin", Terminal(typed))
    monkeypatch.setattr(getpass, "getpass", password)
    status, out, err = run(capsys, baseurl, export)
    assert status == 0
    assert expected in out
    assert err.startswith("OpenReview username (empty: anonymous")
    assert asked == ([f"OpenReview password for {USERNAME}: "] if typed.strip() else [])
    assert len(venue.asked("/login")) == (1 if typed.strip() else 0)


def test_half_an_account_stops_before_asking_the_server(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    venue: Venue,
    baseurl: str,
    export: Path,
) -> None:
    monkeypatch.setenv(fetch.USERNAME_VARIABLE, USERNAME)
    status, _, err = run(capsys, baseurl, export)
    assert status == 2
    assert "an OpenReview username but no password: set OPENREVIEW_USERNAME and " in (
        one_error_line(err)
    )
    assert not venue.asked("/login") and not venue.asked("/notes")
    assert not export.exists()


def test_a_refused_login_is_one_line_and_leaves_the_export(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    venue: Venue,
    baseurl: str,
    export: Path,
) -> None:
    export.parent.mkdir()
    export.write_bytes(b'{"notes": []}\n')
    monkeypatch.setenv(fetch.USERNAME_VARIABLE, USERNAME)
    monkeypatch.setenv(fetch.PASSWORD_VARIABLE, "wrong")
    status, out, err = run(capsys, baseurl, export)
    assert status == 2
    assert one_error_line(err) == (
        f"fomoproc: error: OpenReview refused to sign in {USERNAME}: "
        f"Invalid username or password (401); {export} is left as it was\n"
    )
    assert out == ""
    assert "wrong" not in err
    assert export.read_bytes() == b'{"notes": []}\n'
    assert not venue.asked("/notes")


@pytest.mark.usefixtures("signed_in")
def test_an_account_with_a_second_factor_needs_a_terminal(
    capsys: pytest.CaptureFixture[str], venue: Venue, baseurl: str, export: Path
) -> None:
    venue.second_factor = True
    status, _, err = run(capsys, baseurl, export)
    assert status == 2
    assert "asks for a second factor: run fomoproc fetch at a terminal" in one_error_line(err)
    assert not export.exists()


_NO_SUBMISSION = (
    "ICML.cc/2025/Workshop has no public submission (no note of ICML.cc/2025/Workshop/-/Submission"
)


@pytest.mark.parametrize(
    ("group", "unknown_invitation_status", "expected"),
    [
        pytest.param(
            "ICML.cc/2025/Workshop/Nope",
            200,
            "no group ICML.cc/2025/Workshop/Nope on {baseurl}: check the venue's id",
            id="no-such-group",
        ),
        pytest.param("ICML.cc/2025/Workshop", 200, _NO_SUBMISSION, id="no-notes"),
        pytest.param("ICML.cc/2025/Workshop", 404, _NO_SUBMISSION, id="no-such-invitation"),
    ],
)
def test_a_wrong_group_is_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str],
    venue: Venue,
    baseurl: str,
    export: Path,
    group: str,
    unknown_invitation_status: int,
    expected: str,
) -> None:
    venue.unknown_invitation_status = unknown_invitation_status
    status = main(["fetch", group, "--baseurl", baseurl, "--export", str(export)])
    err = capsys.readouterr().err
    assert status == 2
    assert expected.format(baseurl=baseurl) in one_error_line(err)
    assert not export.parent.exists()


def test_a_rate_limit_that_clears_is_waited_out(
    capsys: pytest.CaptureFixture[str], venue: Venue, baseurl: str, export: Path
) -> None:
    # On the second page: the retry must ask for the same page again.
    venue.faults.append(Fault("/notes", 429, times=2, when=lambda params: "after" in params))
    status, _, err = run(capsys, baseurl, export)
    assert status == 0, err
    assert len(json.loads(export.read_bytes())["notes"]) == PUBLIC
    afters = [s.params.get("after") for s in venue.asked("/notes")]
    assert afters[1] == afters[2] == afters[3] != afters[4]


def test_a_rate_limit_that_does_not_clear_is_one_line(
    capsys: pytest.CaptureFixture[str], venue: Venue, baseurl: str, export: Path
) -> None:
    venue.faults.append(Fault("/notes", 429))
    status, _, err = run(capsys, baseurl, export)
    assert status == 2
    assert (
        f"{baseurl} still answered GET /notes with 429 Too Many Requests after "
        f"{fetch.TRIES} tries: scripted 429; try again later" in one_error_line(err)
    )
    assert len(venue.asked("/notes")) == fetch.TRIES
    assert not export.exists()


def test_the_wait_a_server_asks_for_is_honoured(venue: Venue, baseurl: str) -> None:
    venue.faults += [
        Fault("/notes", 429, times=1, headers={"Retry-After": "7"}),
        Fault("/notes", 503, times=1, headers={}),  # no Retry-After: the second backoff step
    ]
    waits: list[float] = []
    fetched = fetch.fetch_venue(
        GROUP, baseurl=baseurl, account=lambda: None, progress=lambda *_: None, sleep=waits.append
    )
    assert waits == [7.0, fetch.BACKOFF * 2]
    assert len(fetched.notes) == PUBLIC


def test_a_wait_too_long_to_honour_stops_at_once(venue: Venue, baseurl: str) -> None:
    venue.faults.append(Fault("/notes", 429, headers={"Retry-After": "3600"}))
    waits: list[float] = []
    with pytest.raises(fetch.FetchError, match=r"asks to wait 3600 s before GET /notes"):
        fetch.fetch_venue(
            GROUP,
            baseurl=baseurl,
            account=lambda: None,
            progress=lambda *_: None,
            sleep=waits.append,
        )
    assert waits == []


_NOW = dt.datetime(2025, 7, 18, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        pytest.param("0", 0.0, id="zero"),
        pytest.param("120", 120.0, id="seconds"),
        pytest.param(
            email.utils.format_datetime(_NOW + dt.timedelta(seconds=30), usegmt=True),
            30.0,
            id="http-date",
        ),
        pytest.param(
            email.utils.format_datetime(_NOW - dt.timedelta(hours=1), usegmt=True),
            0.0,
            id="http-date-past",
        ),
        pytest.param("soon", None, id="not-a-wait"),
        pytest.param("²", None, id="not-ascii-digits"),
        pytest.param("Fri, 18 Jul 2025 12:00:10 -0000", 10.0, id="http-date-minus-zero"),
        pytest.param("-5", None, id="negative"),
        pytest.param(None, None, id="absent"),
    ],
)
def test_retry_after_is_read_as_seconds_or_a_date(header: str | None, seconds: float) -> None:
    assert fetch.retry_after(header, now=_NOW.timestamp()) == seconds


def test_no_server_is_one_line(capsys: pytest.CaptureFixture[str], export: Path) -> None:
    # A bound socket that does not listen: connecting to it is refused, and no other
    # process can take its port during the test.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        baseurl = f"http://127.0.0.1:{closed.getsockname()[1]}"
        status, out, err = run(capsys, baseurl, export)
    assert status == 2
    assert one_error_line(err) == (
        f"fomoproc: error: cannot reach {baseurl} (Connection refused); "
        f"nothing written to {export}\n"
    )
    assert out == ""


def test_a_failure_in_the_middle_leaves_the_previous_export(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    venue: Venue,
    baseurl: str,
    export: Path,
) -> None:
    assert run(capsys, baseurl, export)[0] == 0
    before = export.read_bytes()
    monkeypatch.setenv(fetch.USERNAME_VARIABLE, USERNAME)
    monkeypatch.setenv(fetch.PASSWORD_VARIABLE, PASSWORD)
    venue.faults.append(Fault("/notes", 503, when=lambda params: "after" in params))
    status, out, err = run(capsys, baseurl, export)
    assert status == 2
    assert out == ""
    assert one_error_line(err.splitlines(keepends=True)[-1]).endswith(
        f"still answered GET /notes with 503 Service Unavailable after {fetch.TRIES} tries: "
        f"scripted 503; try again later; {export} is left as it was\n"
    )
    assert len(venue.asked("/notes")) == 3 + 1 + fetch.TRIES  # the first fetch, then this one
    assert export.read_bytes() == before
    assert [p.name for p in export.parent.iterdir()] == ["export.json"]  # no partial file


def test_a_write_that_fails_leaves_the_previous_export(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    baseurl: str,
    export: Path,
) -> None:
    export.parent.mkdir()
    export.write_bytes(b'{"notes": []}\n')

    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", disk_full)
    status, out, err = run(capsys, baseurl, export)
    assert status == 2
    assert out == ""
    assert one_error_line(err.splitlines(keepends=True)[-1]) == (
        f"fomoproc: error: {export}: cannot write: No space left on device; "
        f"{export} is left as it was\n"
    )
    assert export.read_bytes() == b'{"notes": []}\n'
    assert [p.name for p in export.parent.iterdir()] == ["export.json"]  # no partial file


def test_the_fetched_export_builds_the_booklet(
    capsys: pytest.CaptureFixture[str],
    baseurl: str,
    export: Path,
    tmp_path: Path,
    build_booklet: BuildBooklet,
) -> None:
    assert run(capsys, baseurl, export)[0] == 0
    oral = BY_KIND["oral"][0]
    program = tmp_path / "program.toml"
    program.write_text(
        f"""
[workshop]
short_name = "TW 2025"
name = "Test Workshop"
conference = "ICML 2025"
openreview_group = "{GROUP}"
date = 2025-07-18
timezone = "America/Vancouver"

[[schedule]]
start = "09:00"
end = "09:15"
kind = "oral"
paper = "{oral["id"]}"
title = "{oral["content"]["title"]["value"]}"
""",
        encoding="utf-8",
    )
    assert build_booklet(export=export, program=program) == 0
    out = capsys.readouterr().out
    assert f"export.json: {PUBLIC} records: 6 accepted" in out
    html = tmp_path / "out" / "html" / "papers"
    for kind in ("oral", "spotlight", "poster"):
        for note in BY_KIND[kind]:
            page = BeautifulSoup((html / f"{note['id']}.html").read_bytes(), "html.parser")
            heading = page.find("h1")
            assert heading is not None
            assert note["content"]["title"]["value"] in heading.get_text()
    assert not (html / f"{BY_KIND['rejected'][0]['id']}.html").exists()
