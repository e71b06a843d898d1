"""BibTeX, CSL-JSON and RIS of the sample export and of an export full of special characters.

Every file is read back by the tool its users read it with: bibtexparser for
BibTeX, citeproc-py (a CSL processor) for CSL-JSON, rispy for RIS; and one real
LaTeX document citing every key of both volumes compiles with BibTeX (natbib)
and with biber (biblatex) without a warning. XeLaTeX stops at any glyph its
fonts lack, so every name must print.
"""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import rispy
from bs4 import BeautifulSoup
from citeproc import (
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
    formatter,
)
from citeproc.source.json import CiteProcJSON
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import load_booklet, rendered, require
from fomoproc import tex
from fomoproc.mathtext import readable
from fomoproc.model import Author, Booklet, Kind, Paper
from fomoproc.names import split_name
from fomoproc.text import clean_line, clean_paragraphs
from fomoproc.writers import bibtex, csl, head, ris

TESTS = Path(__file__).parent
CITATIONS_ROOT = TESTS / "roots" / "test-citations"
SAMPLE = TESTS.parent / "papers"

# The CSL variables fomoproc writes, as the CSL 1.0.2 specification names them.
CSL_VARIABLES = {
    "id",
    "type",
    "title",
    "author",
    "container-title",
    "event-date",
    "event-place",
    "issued",
    "URL",
    "abstract",
    "keyword",
    "note",
}


@dataclass(frozen=True)
class Volume:
    """A rendered booklet: its papers and every generated file."""

    booklet: Booklet
    files: dict[str, str]

    def file(self, paper_id: str, suffix: str) -> str:
        return self.files[f"papers/bib/{paper_id}{suffix}"]

    @property
    def keys(self) -> dict[str, str]:
        return bibtex.assign_keys(self.booklet.papers, self.booklet.program.workshop.year)


def render_volume(export: Path, program: Path) -> Volume:
    booklet = load_booklet(export, program)
    return Volume(booklet=booklet, files=rendered(booklet, export.name))


@pytest.fixture(scope="module")
def specials() -> Volume:
    return render_volume(CITATIONS_ROOT / "export.json", CITATIONS_ROOT / "program.toml")


@pytest.fixture(scope="module")
def sample() -> Volume:
    return render_volume(SAMPLE / "export.json", SAMPLE / "program.toml")


@pytest.fixture(params=["sample", "specials"])
def volume(request: pytest.FixtureRequest) -> Volume:
    result: Volume = request.getfixturevalue(request.param)
    return result


@pytest.mark.parametrize(
    ("name", "bib", "csl_name", "inverted"),
    [
        (
            "Boris van Breugel",
            "van Breugel, Boris",
            {"family": "Breugel", "given": "Boris", "non-dropping-particle": "van"},
            "van Breugel, Boris",
        ),
        (
            "Luis de la Cruz",
            "de la Cruz, Luis",
            {"family": "Cruz", "given": "Luis", "non-dropping-particle": "de la"},
            "de la Cruz, Luis",
        ),
        ("Purnawati", "Purnawati", {"family": "Purnawati"}, "Purnawati"),
        ("王芳", "王芳", {"family": "王芳"}, "王芳"),
        (
            "Martin Luther King, Jr.",
            "King, Jr., Martin Luther",
            {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
            "King, Martin Luther, Jr.",
        ),
        (
            "Fernández Ruiz, María José",
            "{Fernández Ruiz}, María José",
            {"family": "Fernández Ruiz", "given": "María José"},
            "Fernández Ruiz, María José",
        ),
        (
            "Jean-Claude Van Damme",
            "Van Damme, Jean-Claude",
            {"family": "Damme", "given": "Jean-Claude", "non-dropping-particle": "Van"},
            "Van Damme, Jean-Claude",
        ),
        ("Sandy Anderson", "Anderson, Sandy", {"family": "Anderson", "given": "Sandy"}, None),
        # A Spanish double surname, written in display order: both surnames are the family's.
        (
            "María José Fernández Ruiz",
            "{Fernández Ruiz}, María José",
            {"family": "Fernández Ruiz", "given": "María José"},
            "Fernández Ruiz, María José",
        ),
        (
            "Manuel Gomez Rodriguez",
            "{Gomez Rodriguez}, Manuel",
            {"family": "Gomez Rodriguez", "given": "Manuel"},
            "Gomez Rodriguez, Manuel",
        ),
        # A middle name that is also a Spanish surname elsewhere is not taken for one.
        ("John Martin Smith", "Smith, John Martin", None, "Smith, John Martin"),
        ("Mary Ann Perez", "Perez, Mary Ann", None, "Perez, Mary Ann"),
        ("Smith, Jr.", "{Smith, Jr.}", {"literal": "Smith, Jr."}, "Smith, Jr."),
        ("A, B, C", "{A, B, C}", {"literal": "A, B, C"}, "A, B, C"),
        ("Ann and Bob", "{and} Bob, Ann", None, None),
        ("A & B_c", "B\\_c, A \\&", None, None),
        ("Dollar $x, y$ Name", "{Dollar \\$x}, y\\$ Name", None, None),
    ],
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_names_are_split_alike_for_every_format(
    name: str, bib: str, csl_name: dict[str, str] | None, inverted: str | None
) -> None:
    assert bibtex.bibtex_name(name) == bib
    if csl_name is not None:
        assert csl.csl_name(Author(name=name)) == csl_name
    if inverted is not None:
        assert split_name(name).inverted == inverted


def test_generated_key_keeps_the_family_particle(specials: Volume) -> None:
    assert specials.keys["fptQuant01"] == "vanbreugel2025fptquant"
    assert specials.file("fptQuant01", ".bib").startswith("@inproceedings{vanbreugel2025fptquant,")


def test_author_without_latin_letters_gets_a_key_from_her_profile(specials: Volume) -> None:
    # 王芳's profile is ~Fang_Wang1, and paper 4 by "Fang Wang" takes the unsuffixed key
    # because its forum id sorts first.
    assert specials.keys["clashA0004"] == "wang2025speculative"
    assert specials.keys["wangFang03"] == "wang2025speculativeb"


def test_keys_are_unique_in_the_volume_ignoring_case(volume: Volume) -> None:
    keys = list(volume.keys.values())
    assert len({key.casefold() for key in keys}) == len(keys) == len(volume.booklet.papers)


def test_openreview_keys_are_kept(specials: Volume, sample: Volume) -> None:
    assert specials.keys["orKeyKept5"] == "durand2025a"
    assert all(sample.keys[p.id] == p.bibtex_key for p in sample.booklet.papers)


def _paper(forum: str, key: str = "", title: str = "Same Title") -> Paper:
    return Paper(
        id=forum,
        number=None,
        title=title,
        authors=(Author(name="Ada Li"),),
        abstract="",
        kind=Kind.POSTER,
        bibtex_key=key,
    )


def test_keys_that_differ_only_in_case_clash() -> None:
    keys = bibtex.assign_keys([_paper("b", "Li2025a"), _paper("a", "li2025a")], 2025)
    # Bases are taken in code-point order: "Li2025a" sorts before "li2025a".
    assert keys == {"a": "li2025ab", "b": "Li2025a"}


def test_suffixes_never_take_another_papers_key() -> None:
    papers = [_paper("p1"), _paper("p2"), _paper("p3", key="li2025sameb")]
    keys = bibtex.assign_keys(papers, 2025)
    assert keys == {"p1": "li2025same", "p2": "li2025samec", "p3": "li2025sameb"}


def test_every_entry_parses_back_to_the_same_fields(volume: Volume) -> None:
    workshop = volume.booklet.program.workshop
    whole = bibtex.parse(volume.files["papers/bib/volume.bib"])
    assert whole.failed_blocks == []
    assert [e.key for e in whole.entries] == [volume.keys[p.id] for p in volume.booklet.papers]
    for paper, in_volume in zip(volume.booklet.papers, whole.entries, strict=True):
        expected = bibtex.entry_fields(paper, workshop)
        library = bibtex.parse(volume.file(paper.id, ".bib"))
        assert library.failed_blocks == []
        (entry,) = library.entries
        for parsed in (entry, in_volume):
            assert parsed.entry_type == "inproceedings"
            assert parsed.key == volume.keys[paper.id]
            assert {f.key: f.value for f in parsed.fields} == expected
            assert [f.key for f in parsed.fields] == list(expected)
            assert not {"pages", "doi"} & set(expected)


def test_specials_are_escaped_and_acronyms_and_math_protected(specials: Volume) -> None:
    (entry,) = bibtex.parse(specials.file("specials02", ".bib")).entries
    assert entry.fields_dict["title"].value == (
        r"50\% \& \#1: C\_n {\textbraceleft}unbalanced {\textasciitilde} {\textasciicircum} "
        r"{\textbackslash}path of {\textbraceleft}{KVPress}{\textbraceright} and {GPT}-4 in "
        r"{$O(n \log n)$} with \${\textbackslash}left{\textbackslash}{\textbraceleft} x "
        r"{\textbackslash}right.\$"
    )
    assert entry.fields_dict["author"].value.startswith(
        "King, Jr., Martin Luther and {Fernández Ruiz}, María José and Purnawati and "
        "Van Damme, Jean-Claude and de la Cruz, Luis and Anderson, Sandy and {and} Bob, Ann"
    )
    (fpt,) = bibtex.parse(specials.file("fptQuant01", ".bib")).entries
    assert fpt.fields_dict["title"].value == (
        "{FPTQuant}: Function-Preserving Transforms for {LLM} Quantization"
    )


def test_booktitle_and_note_come_from_the_program(specials: Volume) -> None:
    (entry,) = bibtex.parse(specials.file("fptQuant01", ".bib")).entries
    assert entry.fields_dict["booktitle"].value == (
        r"Proceedings of the Workshop on Citing Things \& {LLMs} ({TW}-Cite) at {ICML} 2025"
    )
    assert entry.fields_dict["note"].value == r"Non-archival workshop paper, 50\% finished"
    assert entry.fields_dict["year"].value == "2025"
    assert entry.fields_dict["url"].value == "https://openreview.net/forum?id=fptQuant01"


def test_without_booktitle_or_note_the_defaults_apply(specials: Volume) -> None:
    workshop = dataclasses.replace(specials.booklet.program.workshop, booktitle="", bibtex_note="")
    fields = bibtex.entry_fields(specials.booklet.papers[0], workshop)
    assert fields["booktitle"] == ("Workshop on Citing Things ({TW}-Cite), Workshop at {ICML} 2025")
    assert "note" not in fields


def _citeproc_bibliography(items: list[dict[str, Any]]) -> list[str]:
    style = CitationStylesStyle("harvard-cite-them-right", validate=True)
    bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
    for item in items:
        bibliography.register(Citation([CitationItem(item["id"])]))
    return [str(entry) for entry in bibliography.bibliography()]


def test_csl_json_is_read_and_formatted_by_a_csl_processor(volume: Volume) -> None:
    items = json.loads(volume.files["papers/bib/volume.csl.json"])
    rendered = _citeproc_bibliography(items)
    assert len(rendered) == len(volume.booklet.papers)
    by_title = {paper.title: paper for paper in volume.booklet.papers}
    for item in items:
        assert set(item) <= CSL_VARIABLES
        assert item["type"] == "paper-conference"
        paper = by_title[item["title"]]
        assert item["id"] == volume.keys[paper.id]
        assert json.loads(volume.file(paper.id, ".csl.json")) == [item]
        line = next(r for r in rendered if f"“{paper.title}”" in r)
        first = item["author"][0]
        assert (first.get("family") or first["literal"]) in line


def test_csl_items_carry_names_dates_and_links(specials: Volume) -> None:
    (item,) = json.loads(specials.file("fptQuant01", ".csl.json"))
    assert item["author"][0] == {
        "family": "Breugel",
        "given": "Boris",
        "non-dropping-particle": "van",
    }
    assert item["issued"] == {"date-parts": [[2025, 7, 19]]}
    assert item["container-title"] == (
        "Proceedings of the Workshop on Citing Things & LLMs (TW-Cite) at ICML 2025"
    )
    assert item["URL"] == "https://openreview.net/forum?id=fptQuant01"
    assert item["note"] == "Non-archival workshop paper, 50% finished"
    assert item["abstract"].startswith('Quantizing "large" models where x < y & y > z')
    (king,) = json.loads(specials.file("specials02", ".csl.json"))
    assert king["author"][0] == {"family": "King", "given": "Martin Luther", "suffix": "Jr."}
    assert king["title"].startswith(r"50% & #1: C_n {unbalanced ~ ^ \path of {KVPress}")


_RIS_LINE = re.compile(r"[A-Z][A-Z0-9]  - .*|")


def test_ris_parses_back_to_the_same_records(volume: Volume) -> None:
    workshop = volume.booklet.program.workshop
    text = volume.files["papers/bib/volume.ris"]
    assert text.endswith("ER  - \r\n")
    lines = text.split("\r\n")
    assert all(_RIS_LINE.fullmatch(line) for line in lines), "a value spilled onto its own line"
    records = rispy.loads(text)
    assert [r["id"] for r in records] == [volume.keys[p.id] for p in volume.booklet.papers]
    for paper, record in zip(volume.booklet.papers, records, strict=True):
        assert rispy.loads(volume.file(paper.id, ".ris")) == [record]
        assert record["type_of_reference"] == "CPAPER"
        assert record["title"] == paper.title
        assert record["authors"] == [split_name(a.name).inverted for a in paper.authors]
        assert record["secondary_title"] == workshop.citation_booktitle
        assert record["year"] == str(workshop.year)
        assert record["urls"] == [paper.openreview_url]
        assert record.get("keywords", []) == list(paper.keywords)
        assert record["notes"] == [workshop.bibtex_note]
        if paper.abstract:
            assert record["abstract"] == paper.abstract.replace("\n\n", " ")


def test_generated_citations_are_byte_identical_across_renders(specials: Volume) -> None:
    again = render_volume(CITATIONS_ROOT / "export.json", CITATIONS_ROOT / "program.toml")
    assert again.files == specials.files


# A real document: both volumes, every key cited, under both bibliography back ends.
PREAMBLE = r"""\documentclass{article}
\usepackage{fontspec}
\setmainfont{FreeSerif}
\usepackage{xeCJK}
\setCJKmainfont{Noto Serif CJK SC}
\setCJKsansfont{Noto Sans CJK SC}
\setCJKmonofont{Noto Sans Mono CJK SC}
\tracinglostchars=3
"""
BACKENDS = {
    "bibtex": (
        r"\usepackage[numbers]{natbib}\usepackage{url}",
        r"\bibliographystyle{plainnat}\bibliography{sample,specials}",
    ),
    "biber": (
        r"\usepackage[backend=biber,style=numeric]{biblatex}"
        r"\addbibresource{sample.bib}\addbibresource{specials.bib}",
        r"\printbibliography",
    ),
}
# What TeX, BibTeX and biber write when something is wrong; package banners say "warning" too.
PROBLEMS = {
    ".log": re.compile(r"Warning|Missing character|undefined|Error"),
    ".blg": re.compile(r"Warning--|WARN - |ERROR - |error message"),
}


@pytest.mark.pdf
@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_document_citing_every_key_compiles_cleanly(backend: str, tmp_path: Path) -> None:
    require([tool for tool in tex.missing_for_tests() if tool != "chromium"])
    keys: list[str] = []
    for name, folder in (("sample", SAMPLE), ("specials", CITATIONS_ROOT)):
        volume = render_volume(folder / "export.json", folder / "program.toml")
        text = volume.files["papers/bib/volume.bib"]
        (tmp_path / f"{name}.bib").write_text(text, encoding="utf-8")
        keys += [entry.key for entry in bibtex.parse(text).entries]
    assert len({key.casefold() for key in keys}) == len(keys)
    package, bibliography = BACKENDS[backend]
    (tmp_path / "cite.tex").write_text(
        f"{PREAMBLE}{package}\n\\begin{{document}}\n\\cite{{{','.join(keys)}}}\n"
        f"{bibliography}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "cite.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    log = (tmp_path / "cite.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log[-3000:]
    for suffix, pattern in PROBLEMS.items():
        text = (tmp_path / f"cite{suffix}").read_text(encoding="utf-8", errors="replace")
        problems = [line for line in text.splitlines() if pattern.search(line)]
        problems = [line for line in problems if "infwarerr" not in line]  # a package's name
        assert problems == [], f"cite{suffix}"
    bbl = (tmp_path / "cite.bbl").read_text(encoding="utf-8")
    for key in keys:
        assert key in bbl


# Addresses from exports: each broke the build (an unbalanced brace) or made bibtexparser and
# biber drop the entry (a backslash before the closing brace, a "%" read as a comment).
HOSTILE_URLS = (
    "https://openreview.net/forum?id=a}b",
    "https://openreview.net/forum?id=a{b",
    "https://example.org/path\\",
    "https://example.org/100%",
    "https://example.org/%7Bok%7D/x%y",
    'https://example.org/ü?q=a"b',
)


def _with_urls(volume: Volume) -> tuple[list[Paper], dict[str, str]]:
    paper = volume.booklet.papers[0]
    papers = [
        dataclasses.replace(paper, id=f"url{number}", openreview_url=url)
        for number, url in enumerate(HOSTILE_URLS)
    ]
    return papers, {p.id: f"url{number}key" for number, p in enumerate(papers)}


def test_every_address_round_trips_through_bibtexparser(sample: Volume) -> None:
    papers, keys = _with_urls(sample)
    text = bibtex.write(papers, keys, sample.booklet.program.workshop)
    library = bibtex.parse(text)
    assert library.failed_blocks == []
    urls = [entry.fields_dict["url"].value for entry in library.entries]
    assert [unquote(url) for url in urls] == [unquote(url) for url in HOSTILE_URLS]
    assert not any(char in url for url in urls for char in '{}\\" ')


@pytest.mark.pdf
@pytest.mark.parametrize("backend", sorted(BACKENDS))
def test_every_address_is_cited_cleanly(backend: str, sample: Volume, tmp_path: Path) -> None:
    require([tool for tool in tex.missing_for_tests() if tool != "chromium"])
    papers, keys = _with_urls(sample)
    (tmp_path / "sample.bib").write_text(
        bibtex.write(papers, keys, sample.booklet.program.workshop), encoding="utf-8"
    )
    (tmp_path / "specials.bib").write_text("", encoding="utf-8")
    package, bibliography = BACKENDS[backend]
    (tmp_path / "cite.tex").write_text(
        f"{PREAMBLE}{package}\n\\begin{{document}}\n\\cite{{{','.join(keys.values())}}}\n"
        f"{bibliography}\n\\end{{document}}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        ["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "cite.tex"],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    log = (tmp_path / "cite.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, log[-3000:]
    for suffix, pattern in PROBLEMS.items():
        text = (tmp_path / f"cite{suffix}").read_text(encoding="utf-8", errors="replace")
        problems = [line for line in text.splitlines() if pattern.search(line)]
        assert [line for line in problems if "infwarerr" not in line] == [], f"cite{suffix}"
    bbl = (tmp_path / "cite.bbl").read_text(encoding="utf-8")
    assert all(key in bbl for key in keys.values())  # no entry dropped


@pytest.mark.parametrize(
    ("line", "note"),
    [("", "Non-archival"), ('bibtex_note = ""', ""), ('bibtex_note = "Poster"', "Poster")],
    ids=["absent", "empty", "set"],
)
def test_program_sets_the_note(line: str, note: str, tmp_path: Path) -> None:
    from fomoproc.readers.program import read_program

    text = (CITATIONS_ROOT / "program.toml").read_text(encoding="utf-8")
    program = tmp_path / "program.toml"
    program.write_text(re.sub(r"(?m)^bibtex_note = .*$", line, text), encoding="utf-8")
    assert read_program(program).workshop.bibtex_note == note


def test_a_note_that_is_not_text_is_an_error_naming_the_field(tmp_path: Path) -> None:
    from fomoproc.errors import InputError
    from fomoproc.readers.program import read_program

    text = (CITATIONS_ROOT / "program.toml").read_text(encoding="utf-8")
    program = tmp_path / "program.toml"
    program.write_text(re.sub(r"(?m)^bibtex_note = .*$", "bibtex_note = 3", text), "utf-8")
    with pytest.raises(InputError, match=r"workshop\.bibtex_note: expected text, got int"):
        read_program(program)


# Any text a stranger can type: LaTeX, HTML, RIS and JSON syntax, math, quotes, scripts.
_PIECES = [*"&%#_{}~^\\$<>\"'@,;=- \n", "and", "ER  - ", "</script>", "$O(n)$", "LLM"]
_HOSTILE = st.lists(
    st.one_of(st.sampled_from(_PIECES), st.characters(blacklist_categories=("Cs",))),
    max_size=30,
).map("".join)


@settings(max_examples=150, deadline=None)
@given(title=_HOSTILE, names=st.lists(_HOSTILE, max_size=3), abstract=_HOSTILE)
def test_any_text_gives_valid_citations_and_heads(
    specials: Volume, title: str, names: list[str], abstract: str
) -> None:
    paper = Paper(
        id="anyPaper01",
        number=1,
        title=clean_line(title) or "Untitled",
        authors=tuple(Author(name=clean_line(n)) for n in names if clean_line(n)),
        abstract=clean_paragraphs(abstract),
        kind=Kind.POSTER,
        keywords=(clean_line(title) or "k",),
        openreview_url="https://openreview.net/forum?id=anyPaper01",
    )
    workshop = specials.booklet.program.workshop
    keys = {paper.id: "anykey2025"}
    (entry,) = bibtex.parse(bibtex.write([paper], keys, workshop)).entries
    assert {f.key: f.value for f in entry.fields} == bibtex.entry_fields(paper, workshop)
    (record,) = rispy.loads(ris.write([paper], keys, workshop))
    assert record["title"] == paper.title
    assert record.get("authors", []) == [split_name(a.name).inverted for a in paper.authors]
    (item,) = json.loads(csl.write([paper], keys, workshop))
    assert item["title"] == paper.title
    page = head.PageInfo(url="https://example.org/p.html", site_name=paper.title)
    parsed = BeautifulSoup(f"<head>{head.head(paper, workshop, page)}</head>", "html.parser")
    meta = {t["name"]: t["content"] for t in parsed.find_all("meta", attrs={"name": True})}
    assert meta["citation_title"] == readable(paper.title)  # math as text
    (script,) = parsed.find_all("script")
    assert json.loads(script.string) == head.scholarly_article(paper, workshop, page)
