"""``nox -s bench``: build booklets of 150, 1,000 and 5,000 real papers and time every step.

Usage: ``python tests/bench/run.py [SIZES...] [--pdf-sizes 150 1000] [--search-sizes 5000] ...``
Writes a table to stdout and everything to ``build/bench/results.json``. Sizes whose data
(``../shared/data/paperlists``) is absent are skipped with a message.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import importlib.metadata
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil

sys.path.insert(0, str(Path(__file__).parent))
import browser
import paperlists

ROOT = Path(__file__).resolve().parents[2]
GROUP = "ICML.cc/2025/Workshop/ES-FoMo-III"  # the group id of papers/program.toml
SAMPLE_PROGRAM = ROOT / "papers" / "program.toml"
#: The sample's program, as each size's copy (``program.toml`` in its folder) has it.
PROGRAM_NAME = "program.toml"
# The export's real records trip the booklet's own checks (math it will not typeset):
# those are the organizers' warnings to read, not failures of the build being timed.
CONF_EXTRA = '\nsuppress_warnings = [*suppress_warnings, "fomoproc.export"]\n'
# The floor has of fomoproc only what gives the pages their own content: the index entries,
# which the index pages carry as data, and the paper pages' links to them (which plain MyST
# would resolve by going through every label of the project for each link).
FLOOR_CONF = """\
project = "floor"
extensions = [
    "myst_parser",
    "sphinx_design",
    "fomoproc.sphinxext.indexpages",
    "fomoproc.sphinxext.anchors",
]
myst_enable_extensions = ["colon_fence"]
suppress_warnings = ["myst.header"]
exclude_patterns = ["_build", "**/.*.partial"]
html_theme = "basic"
html_sidebars = {"**": []}
html_copy_source = False


def setup(app):
    # The generated pages link citation files with fomoproc's role: here, plain text.
    from docutils import nodes
    from docutils.parsers.rst import roles

    app.add_role("fomoproc-file", roles.GenericRole("fomoproc-file", nodes.inline))
"""
#: Targets at 1,000 papers and above (the table marks a measure that misses one).
TARGETS = {
    "ratio": 1.3,
    "rebuild_edit_s": 5.0,
    "rebuild_add_s": 5.0,
    "rebuild_remove_s": 5.0,
    "peak_mb": 1024,
    "pdf_peak_mb": 2048,
    "search_first_ms": 500,
    "search_complete_ms": 2000,
}


#: The whole build with the PDF (HTML and PDF together) may take longer for more papers.
PDF_TARGETS_S = {1000: 90.0, 5000: 360.0}


def say(message: str) -> None:
    """One progress line on stderr (the table goes to stdout)."""
    sys.stderr.write(f"bench: {message}\n")
    sys.stderr.flush()


def _memory(process: psutil.Process) -> int:
    """PSS where Linux gives it: workers Sphinx forks (-j) share pages, RSS counts them twice."""
    try:
        return int(process.memory_full_info().pss)
    except (AttributeError, psutil.AccessDenied):
        return int(process.memory_info().rss)


#: The sampler's share of one core, at most: reading a process's PSS walks its page tables
#: (53 ms for a 600 MB build process on this machine), and sampling a 5,000-paper build
#: every 50 ms took a third of a core from the build it was timing.
SAMPLER_SHARE = 0.1
SAMPLE_EVERY_S = 0.05


def settle_disk() -> None:
    """What earlier steps wrote and deleted, flushed to disk before a timed step starts.

    On this machine's disk (ext4 with online discard), the write-back of earlier files and
    the discards of deleted trees slow the creation of new files: a bench started right
    after 100,000 files were deleted generated 5,000 papers in 3.9 s (6.6 s of CPU time),
    where the same code takes 2.1 to 2.4 s (3.0 to 3.3 s of CPU time) after a sync.
    """
    os.sync()


def measure(command: list[str], cwd: Path, log: Path, *, check: bool = True) -> dict[str, Any]:
    """Wall time, CPU time and peak memory (PSS) of the process tree.

    The tree's RSS, cheap to read, is checked every 50 ms; its PSS, which cannot exceed
    the RSS, is read only when the RSS is above the peak so far, and no more often than
    keeps the sampler under :data:`SAMPLER_SHARE` of a core. The end of the build is
    seen at once, whatever the interval (the wait returns when the process exits).
    """
    settle_disk()
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Output to a file, not a pipe: a pipe nobody reads fills up and stalls a big build.
    with log.open("w", encoding="utf-8") as out:
        process = psutil.Popen(command, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        peak, samples, next_pss = 0, 0, 0.0
        while process.poll() is None:
            try:
                tree = [process, *process.children(recursive=True)]
                now = time.perf_counter()
                if now >= next_pss and sum(p.memory_info().rss for p in tree) > peak:
                    peak = max(peak, sum(_memory(p) for p in tree if p.is_running()))
                    samples += 1
                    next_pss = now + (time.perf_counter() - now) / SAMPLER_SHARE
            except psutil.Error:
                pass
            with contextlib.suppress(psutil.TimeoutExpired):
                process.wait(SAMPLE_EVERY_S)
    seconds = time.perf_counter() - start
    # CPU time of the build and of the workers it waited for: far less sensitive than wall
    # time to what else the machine is running.
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    output = log.read_text(encoding="utf-8", errors="replace")
    if process.returncode and check:
        raise RuntimeError(f"{' '.join(command)} failed ({process.returncode}), see {log}")
    errors = [line for line in output.splitlines() if "error:" in line]
    return {
        "s": round(seconds, 2),
        "cpu_s": round(cpu, 2),
        "peak_mb": round(peak / 2**20),
        "pss_samples": samples,
        "error": errors[-1] if process.returncode and errors else "",
    }


def fomoproc_build(work: Path, *extra: str) -> list[str]:
    """The command an organizer runs, on the bench's copy of the project."""
    return [
        sys.executable,
        "-m",
        "fomoproc",
        "build",
        "--export",
        str(work / "export.json"),
        "--program",
        str(work / PROGRAM_NAME),
        "--docs",
        str(work / "docs"),
        "--out",
        str(work / "out"),
        *extra,
    ]


def bench_program() -> str:
    """The sample's program, its poster boards given by the overrides rather than numbered.

    Boards numbered by paper number (``boards = "auto"``) follow the papers: removing one
    renumbers every poster after it, and each of their pages changes with its board. The
    rebuilds timed here are those of a change that touches one paper.
    """
    text = SAMPLE_PROGRAM.read_text(encoding="utf-8")
    return text.replace('boards = "auto"\n', "")


def edit_abstract(export: Path) -> str:
    """Add a sentence to the abstract of the middle paper; its id."""
    data = json.loads(export.read_text(encoding="utf-8"))
    note = data["notes"][len(data["notes"]) // 2]
    note["content"]["abstract"]["value"] += " We also report results on one more benchmark."
    export.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(note["id"])


def add_paper(export: Path) -> str:
    """Append one accepted paper to the export; its id."""
    data = json.loads(export.read_text(encoding="utf-8"))
    note = json.loads(json.dumps(data["notes"][0]))
    note["id"] = note["forum"] = "benchAdded01"
    note["number"] = max(int(n.get("number", 0)) for n in data["notes"]) + 1
    note["content"]["title"]["value"] = "An Added Paper: Rebuilding a Booklet After a Late Accept"
    note["content"].pop("_bibtex", None)  # OpenReview's own key is the copied paper's
    data["notes"].append(note)
    export.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(note["id"])


def remove_paper(export: Path) -> str:
    """Remove the paper a third of the way through the export; its id."""
    data = json.loads(export.read_text(encoding="utf-8"))
    note = data["notes"].pop(len(data["notes"]) // 3)
    export.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return str(note["id"])


def pdf_pages(pdf: Path) -> int | None:
    """The PDF's page count, as pdfinfo reads it (None without poppler)."""
    if shutil.which("pdfinfo") is None:
        return None
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=False)
    found = [line.split()[-1] for line in info.stdout.splitlines() if line.startswith("Pages:")]
    return int(found[0]) if found else None


def folder_bytes(folder: Path, pattern: str = "*") -> int:
    """Bytes of the files under ``folder`` matching ``pattern``."""
    return sum(p.stat().st_size for p in folder.rglob(pattern) if p.is_file())


def sizes_of(html: Path, ids: set[str]) -> dict[str, Any]:
    """Sizes of the pages of the papers ``ids``, the whole site and the search data."""
    pages = [p for p in (html / "papers").glob("*.html") if p.stem in ids]
    page_bytes = [p.stat().st_size for p in pages]
    index = html / "searchindex.js"
    summaries = sorted((html / "_static").glob("fomoproc-search*.js"))
    search_data = [index, *summaries]
    return {
        "paper_pages": len(pages),
        "paper_page_mean_bytes": round(sum(page_bytes) / len(pages)) if pages else 0,
        "paper_page_max_bytes": max(page_bytes, default=0),
        "html_bytes": folder_bytes(html, "*.html"),
        "site_bytes": folder_bytes(html),
        "search_index_bytes": index.stat().st_size if index.is_file() else 0,
        "search_data_bytes": sum(p.stat().st_size for p in search_data if p.is_file()),
        "search_data_gzip_bytes": sum(
            len(gzip.compress(p.read_bytes())) for p in search_data if p.is_file()
        ),
    }


GENERATION_RUNS = 3


def generation(work: Path) -> dict[str, Any]:
    """Generation (read, render, write the pages) on its own, in a process of its own per
    run, into a new folder each time: the best of a few runs, and its CPU time."""
    script = (
        "import resource, sys, time, pathlib\n"
        "from fomoproc.pipeline import Sources, load, render, write_pages\n"
        "src, export, program = map(pathlib.Path, sys.argv[1:4])\n"
        "start, used = time.perf_counter(), time.process_time()\n"
        "booklet = load(Sources(export=export, program=program)).booklet\n"
        "read = time.perf_counter() - start\n"
        "write_pages(src, render(booklet, source='export.json').pages)\n"
        "print(time.perf_counter() - start, time.process_time() - used, read)\n"
    )
    runs = []
    for number in range(GENERATION_RUNS):
        target = work / f"generated-{number}"
        settle_disk()
        out = subprocess.run(
            [
                sys.executable,
                "-c",
                script,
                str(target),
                str(work / "export.json"),
                str(work / PROGRAM_NAME),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        runs.append(tuple(map(float, out)))
    # The trees stay until the bench ends: deleting them here slowed the cold build next.
    best = min(runs)
    return {
        "generate_s": round(best[0], 2),
        "generate_cpu_s": round(best[1], 2),
        "generate_read_s": round(min(run[2] for run in runs), 2),
        "generate_runs_s": [round(run[0], 2) for run in runs],
    }


def floor(work: Path, jobs: str) -> dict[str, Any]:
    """The same generated pages, Sphinx's basic theme, no sidebar, no theme or extension
    work of ours beyond the pages' content (:data:`FLOOR_CONF`)."""
    source = work / "floor"
    shutil.rmtree(source, ignore_errors=True)
    shutil.copytree(work / "docs", source, ignore=shutil.ignore_patterns("conf.py"))
    (source / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-j", jobs]
    result = measure([*command, str(source), str(work / "floor-out")], work, work / "floor.log")
    return {
        "floor_s": result["s"],
        "floor_cpu_s": result["cpu_s"],
        "floor_peak_mb": result["peak_mb"],
    }


def bench_size(count: int, args: argparse.Namespace, records: Any) -> dict[str, Any]:
    """Every measurement at one size."""
    work = args.out / str(count)
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    export = work / "export.json"
    (work / PROGRAM_NAME).write_text(bench_program(), encoding="utf-8")
    exported = paperlists.notes(records, count, GROUP)
    paperlists.write(export, exported)
    shutil.copytree(
        ROOT / "docs", work / "docs", ignore=shutil.ignore_patterns("papers", "program", "_build")
    )
    with (work / "docs" / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(CONF_EXTRA)
    row: dict[str, Any] = {"papers": count, "load_before": os.getloadavg()[0]}
    say(f"{count} papers: generation")
    row.update(generation(work))
    html_only = ["--no-pdf", "--jobs", args.jobs]
    say(f"{count} papers: cold HTML build")
    cold = measure(fomoproc_build(work, *html_only), ROOT, work / "cold.log")
    row.update(
        {
            "cold_s": cold["s"],
            "cold_cpu_s": cold["cpu_s"],
            "peak_mb": cold["peak_mb"],
            "peak_samples": cold["pss_samples"],
        }
    )
    row.update(sizes_of(work / "out" / "html", {str(note["id"]) for note in exported}))
    # The same paper at every size: its page must not grow with the booklet.
    same = work / "out" / "html" / "papers" / f"{exported[0]['id']}.html"
    row["same_paper_page_bytes"] = same.stat().st_size
    say(f"{count} papers: no-change rebuild")
    row["rebuild_nochange_s"] = measure(
        fomoproc_build(work, *html_only), ROOT, work / "nochange.log"
    )["s"]
    edited = edit_abstract(export)
    say(f"{count} papers: rebuild after editing the abstract of {edited}")
    row["rebuild_edit_s"] = measure(fomoproc_build(work, *html_only), ROOT, work / "edit.log")["s"]
    page = (work / "out" / "html" / "papers" / f"{edited}.html").read_text(encoding="utf-8")
    row["edit_shown"] = "one more benchmark" in page
    added = add_paper(export)
    say(f"{count} papers: rebuild after adding {added}")
    row["rebuild_add_s"] = measure(fomoproc_build(work, *html_only), ROOT, work / "add.log")["s"]
    row["add_shown"] = (work / "out" / "html" / "papers" / f"{added}.html").is_file()
    removed = remove_paper(export)
    say(f"{count} papers: rebuild after removing {removed}")
    row["rebuild_remove_s"] = measure(fomoproc_build(work, *html_only), ROOT, work / "remove.log")[
        "s"
    ]
    row["remove_shown"] = not (work / "out" / "html" / "papers" / f"{removed}.html").exists()
    if not args.no_floor:
        say(f"{count} papers: floor build (basic theme, no sidebar, -j {args.jobs})")
        row.update(floor(work, args.jobs))
        row["ratio"] = round(row["cold_s"] / row["floor_s"], 2)
        row["ratio_cpu"] = round(row["cold_cpu_s"] / row["floor_cpu_s"], 2)
    if count in args.pdf_sizes:
        say(f"{count} papers: PDF")
        pdf = measure(
            fomoproc_build(work, "--jobs", args.jobs), ROOT, work / "pdf.log", check=False
        )
        row["pdf_s"] = pdf["s"]
        row["pdf_cpu_s"] = pdf["cpu_s"]
        row["pdf_peak_mb"] = pdf["peak_mb"]
        pdf_file = work / "out" / "booklet.pdf"
        if pdf_file.is_file():
            row["pdf_bytes"] = pdf_file.stat().st_size
            row["pdf_pages"] = pdf_pages(pdf_file)
        if pdf["error"]:
            # Timed to the end all the same: the check for missing glyphs runs last.
            row["pdf_error"] = pdf["error"]
            say(f"the PDF build failed: {pdf['error']}")
    if count in args.search_sizes:
        why = browser.available()
        if why:
            say(f"search not timed: {why}")
        else:
            say(f"{count} papers: search for {args.query!r} in headless Chromium")
            settle_disk()  # as before every timed step: the builds' write-back done
            timing = browser.time_search(
                work / "out" / "html", args.query, screenshot=work / "search.png"
            )
            row.update({f"search_{k}": v for k, v in timing.items()})
    row["load_after"] = os.getloadavg()[0]
    return row


def environment() -> dict[str, Any]:
    """What the numbers were measured on."""
    versions = {}
    for name in ("fomoproc", "sphinx", "docutils", "myst-parser", "pydata-sphinx-theme"):
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            versions[name] = "absent"
    chromium = ""
    if Path(browser.CHROMIUM).is_file():
        chromium = subprocess.run(
            [browser.CHROMIUM, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip()
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return {
        "cores": os.cpu_count(),
        "load": os.getloadavg(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "chromium": chromium,
        "commit": commit,
        **versions,
    }


ROWS = [
    ("generation of the pages, best of 3 (s)", "generate_s", None),
    ("  its CPU time (s)", "generate_cpu_s", None),
    ("  of it, reading the inputs (s)", "generate_read_s", None),
    ("cold HTML build (s)", "cold_s", None),
    ("floor: basic theme, no sidebar (s)", "floor_s", None),
    ("cold build / floor", "ratio", "ratio"),
    ("cold build, CPU time (s)", "cold_cpu_s", None),
    ("floor, CPU time (s)", "floor_cpu_s", None),
    ("cold build / floor, CPU time", "ratio_cpu", "ratio"),
    ("no-change rebuild (s)", "rebuild_nochange_s", None),
    ("rebuild, one abstract edited (s)", "rebuild_edit_s", "rebuild_edit_s"),
    ("rebuild, one paper added (s)", "rebuild_add_s", "rebuild_add_s"),
    ("rebuild, one paper removed (s)", "rebuild_remove_s", "rebuild_remove_s"),
    ("build with the PDF, HTML and PDF (s)", "pdf_s", None),
    ("  its CPU time (s)", "pdf_cpu_s", None),
    ("  its peak memory (PSS, MB)", "pdf_peak_mb", "pdf_peak_mb"),
    ("PDF pages", "pdf_pages", None),
    ("PDF file (MB)", "pdf_bytes", None),
    ("peak memory (PSS), cold build (MB)", "peak_mb", "peak_mb"),
    ("paper page, mean (KB)", "paper_page_mean_bytes", None),
    ("paper page, largest (KB)", "paper_page_max_bytes", None),
    ("the first paper's page (KB)", "same_paper_page_bytes", None),
    ("HTML pages in all (MB)", "html_bytes", None),
    ("whole site (MB)", "site_bytes", None),
    ("searchindex.js (KB)", "search_index_bytes", None),
    ("search data, gzipped (KB)", "search_data_gzip_bytes", None),
    ("search: first result (ms)", "search_first_ms", "search_first_ms"),
    ("search: whole list + snippets (ms)", "search_complete_ms", "search_complete_ms"),
    ("search: results", "search_results", None),
    ("load average before / after", "load", None),
]


def cell(row: dict[str, Any], key: str) -> str:
    """One value, in the unit its row names."""
    if key == "load":
        return f"{row['load_before']:.1f} / {row['load_after']:.1f}"
    value = row.get(key)
    if value is None:
        return "-"
    if key.endswith("_bytes") and key.startswith(("html", "site", "pdf")):
        return f"{value / 1e6:.1f}"
    if key.endswith("_bytes"):
        return f"{value / 1e3:.1f}"
    return str(value)


def table(rows: list[dict[str, Any]]) -> str:
    """The results as a Markdown table, one column per size, targets in the last one."""
    head = ["measure", *(f"{r['papers']:,} papers" for r in rows), "target"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, key, target in ROWS:
        if all(row.get(key) is None for row in rows) and key != "load":
            continue
        goal = f"< {TARGETS[target]}" if target else ""
        if key == "pdf_s":
            goal = ", ".join(f"< {s:.0f} ({n:,})" for n, s in PDF_TARGETS_S.items())
        lines.append("| " + " | ".join([label, *(cell(r, key) for r in rows), goal]) + " |")
    return "\n".join(lines)


def save(path: Path, env: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    """The environment, the targets and every size's measurements, as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    targets = {**TARGETS, "pdf_s_by_size": PDF_TARGETS_S}
    results = {"environment": env, "targets": targets, "sizes": rows}
    path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def notes(rows: list[dict[str, Any]]) -> str:
    """What the table cannot say: failed steps and rebuilds that did not show the change."""
    lines = []
    for row in rows:
        if row.get("pdf_error"):
            lines.append(f"- {row['papers']} papers: PDF failed: {row['pdf_error']}")
        limit = PDF_TARGETS_S.get(row["papers"])
        if limit is not None and row.get("pdf_s", 0) > limit:
            lines.append(
                f"- {row['papers']} papers: the build with the PDF took {row['pdf_s']} s, "
                f"over its target of {limit:.0f} s"
            )
        for key, what in (
            ("edit_shown", "the edited abstract"),
            ("add_shown", "the added paper"),
            ("remove_shown", "the removed paper gone"),
        ):
            if key in row and not row[key]:
                lines.append(f"- {row['papers']} papers: the rebuild did not show {what}")
    return "".join(f"{line}\n" for line in lines) + ("\n" if lines else "")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; 0 even when a target is missed (the table says so)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[150, 1000, 5000])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared/data/paperlists")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "bench")
    parser.add_argument("--jobs", default="auto", help="sphinx-build -j for ours and the floor")
    parser.add_argument("--pdf-sizes", nargs="*", type=int, default=[150, 1000])
    parser.add_argument("--search-sizes", nargs="*", type=int, default=[150, 1000, 5000])
    parser.add_argument("--query", default="model", help="a common word to search for")
    parser.add_argument("--no-floor", action="store_true", help="skip the floor builds")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    try:
        records = paperlists.load(args.data)
    except paperlists.DataMissing as err:
        say(f"skipping every size: {err}")
        return 0
    # On this machine's disk (ext4 with online discard) a deleted tree is discarded for
    # seconds to minutes after, and creating files meanwhile is slow: a 5,000-paper
    # generation took 5.2 s right after 15,000 files were deleted, 1.8 s otherwise. So the
    # trees this run makes stay in its output folder (until the next run), and an earlier
    # run's output is moved aside and deleted once everything is measured.
    earlier = args.out.with_name(f"{args.out.name}.earlier")
    shutil.rmtree(earlier, ignore_errors=True)
    if args.out.exists():
        args.out.rename(earlier)
    try:
        return _run(args, records)
    finally:
        shutil.rmtree(earlier, ignore_errors=True)


def _run(args: argparse.Namespace, records: Any) -> int:
    env = environment()
    say(
        f"{env['cores']} cores, load {env['load'][0]:.2f}, Python {env['python']}, "
        f"Sphinx {env['sphinx']}"
    )
    rows = []
    started = time.perf_counter()
    for count in args.sizes:
        if count > paperlists.available(records):
            say(f"skipping {count} papers: {args.data} holds {paperlists.available(records)}")
            continue
        rows.append(bench_size(count, args, records))
        # Saved after each size: a long run cut short keeps what it measured.
        env["bench_s"] = round(time.perf_counter() - started)
        save(args.out / "results.json", env, rows)
    env["bench_s"] = round(time.perf_counter() - started)
    if not rows:
        say("no size was run")
        return 0
    save(args.out / "results.json", env, rows)
    summary = (
        f"{env['cores']} cores, load {env['load'][0]:.2f} at the end, Python {env['python']}, "
        f"Sphinx {env['sphinx']}, pydata-sphinx-theme {env['pydata-sphinx-theme']}, "
        f"{env['chromium']}, commit {env['commit']}, bench took {env['bench_s']} s\n\n"
        f"{table(rows)}\n\n{notes(rows)}"
    )
    (args.out / "results.md").write_text(summary, encoding="utf-8")
    sys.stdout.write(f"{summary}JSON: {args.out / 'results.json'}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
