"""`payscope fetch hh|superjob|trudvsem`: a source's search results into a snapshot folder."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

from pipelines.cli.app import JsonOption, _fail, app, err
from pipelines.core import config
from pipelines.core.safe_terminal import echo, markup
from pipelines.sources.snapshot_files import display_path

if TYPE_CHECKING:
    from pipelines.sources.fetch import FetchSummary

EXIT_INTERRUPTED = 130


def apis() -> dict:
    """The source clients by name. Imported when a fetch runs, not at start-up: they bring
    httpx, which `payscope --help` must not wait for."""
    from pipelines.sources.hh.client import HhApi
    from pipelines.sources.superjob.client import SuperJobApi
    from pipelines.sources.trudvsem.client import TrudvsemApi

    return {"hh": HhApi, "superjob": SuperJobApi, "trudvsem": TrudvsemApi}


class Source(StrEnum):
    hh = "hh"
    superjob = "superjob"
    trudvsem = "trudvsem"


@app.command("fetch")
def fetch_command(
    source: Annotated[Source, typer.Argument(help="Which API to fetch from.")],
    query: Annotated[
        str | None, typer.Option("--query", help="Search text (hh `text`, SuperJob `keyword`).")
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option(
            "--role", help="hh professional_role / SuperJob catalogue id; repeat for several."
        ),
    ] = None,
    area: Annotated[
        str | None,
        typer.Option("--area", help="hh area id, SuperJob town id, Trudvsem 13-digit region."),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            help="Published since this date, YYYY-MM-DD (default: hh, SuperJob 30 days back; "
            "Trudvsem everything listed).",
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Snapshot folder (default: data/snapshots/<source>/<date>)."),
    ] = None,
    details: Annotated[
        bool, typer.Option("--details", help="hh: also fetch each vacancy (description, skills).")
    ] = False,
    interval: Annotated[
        float | None,
        typer.Option(
            min=0, help="Seconds between requests (default: $PAYSCOPE_FETCH_INTERVAL or 0.5)."
        ),
    ] = None,
    per_page: Annotated[int, typer.Option(min=1, max=100, help="Results per page.")] = 100,
    json_output: JsonOption = False,
) -> None:
    """Fetch vacancies from a live API into gzipped pages + manifest.json, ready for
    `payscope ingest`. Interrupted? Run the same command again: it continues where it stopped."""
    from pipelines.sources.fetch import FetchError, FetchSettings, SearchQuery, fetch_snapshot

    api = apis()[source.value]()
    if details and not api.has_details:
        raise _fail(f"--details is for hh only: {source.value} search results carry the full text")
    search = SearchQuery(
        text=query,
        roles=tuple(role or ()),
        area=area,
        since=_date(since),
        per_page=per_page,
        details=details,
    )
    folder = out or config.snapshots_dir() / source.value / f"{datetime.now(UTC):%Y-%m-%d}"
    if source is Source.hh and not os.environ.get("PAYSCOPE_CONTACT"):
        err.print("note: set PAYSCOPE_CONTACT to your e-mail; hh.ru wants a contact in the UA")
    started = time.perf_counter()
    try:
        settings = FetchSettings.from_env(interval)
        with _fetch_progress(source.value, not json_output) as progress:
            summary = fetch_snapshot(api, search, folder, settings, progress)
    except FetchError as exc:
        raise _fail(f"{exc}{_resume_hint(folder)}", 1) from None
    except KeyboardInterrupt:
        err.print(f"interrupted{markup(_resume_hint(folder))}")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    _report(summary, time.perf_counter() - started, json_output)


def _date(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise _fail(f"--since {text!r} is not a date (YYYY-MM-DD)") from None


def _resume_hint(folder: Path) -> str:
    if (folder / "checkpoint.json").is_file():
        return (
            f" (what was fetched is kept in {display_path(folder)}; the same command continues "
            "from there)"
        )
    return ""


@contextmanager
def _fetch_progress(source: str, enabled: bool):
    """A spinner with pages and vacancies so far, on stderr when it is a terminal."""
    if not enabled or not err.is_terminal:
        yield None
        return
    from rich.progress import Progress, SpinnerColumn, TextColumn

    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), console=err.console, transient=True
    ) as bar:
        task = bar.add_task(f"{source}: starting", total=None)

        def show(s: FetchSummary) -> None:
            detail = f", {s.details} details" if s.details else ""
            bar.update(task, description=f"{source}: {s.pages} pages, {s.items} vacancies{detail}")

        yield show


def _report(s: FetchSummary, seconds: float, as_json: bool) -> None:
    if as_json:
        payload = {**s.__dict__, "folder": str(s.folder), "seconds": round(seconds, 3)}
        sys.stdout.write(orjson.dumps(payload, option=orjson.OPT_INDENT_2).decode() + "\n")
        return
    where = display_path(s.folder)
    if s.status == "already_complete":
        echo(f"{where}: already complete (manifest.json is there); nothing to fetch")
        return
    for window, found in s.truncated.items():
        err.print(
            f"[yellow]warning:[/yellow] {markup(window)}: {found} found, more than one query can "
            "page through; narrow the query (--area, --role) to get the rest"
        )
    resumed = f" ({s.resumed_pages} from an earlier run)" if s.resumed_pages else ""
    details = (
        f", {s.details} details ({s.details_gone} gone)" if s.details or s.details_gone else ""
    )
    echo(
        f"{s.source}: {s.pages} pages{resumed}, {s.items} vacancies of {s.found} found in "
        f"{s.slices} slice(s){details}; {s.requests} requests, {s.retries} retries, "
        f"{seconds:.1f} s → {where} (load it with `payscope ingest {where} --source {s.source}`)"
    )
