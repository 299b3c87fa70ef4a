"""The `payscope` Typer app and what every command shares: options, exit codes, the error
console, opening the warehouse, progress bars. Commands live in sibling modules that import this
one (never each other in a circle); pipelines/cli/main.py imports them all, which registers them.

Nothing heavy is imported here: `payscope --help` must start at once (bench/startup.py).
"""

from __future__ import annotations

import functools
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated

import typer

from pipelines.core import config
from pipelines.core.safe_terminal import markup

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="PayScope: salary and labour-market analytics for the Russian job market.",
)


class _LazyConsole:
    """rich's Console on stderr, made on first use: a command that prints nothing there (most
    `parse-pay` runs) does not pay for importing rich.console at start-up. Reads like the
    Console it wraps (err.print, err.is_terminal); `err.console` is the Console itself."""

    def __init__(self) -> None:
        self._console = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            # Data never goes into markup unescaped (safe_terminal.markup); emoji stay text.
            self._console = Console(stderr=True, highlight=False, soft_wrap=True, emoji=False)
        return self._console

    def __getattr__(self, name: str):
        return getattr(self.console, name)


err = _LazyConsole()

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file [default: $PAYSCOPE_DB or data/warehouse.duckdb]"),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]

EXIT_FAILED_INPUT = 1  # some file could not be read; everything else was loaded
EXIT_USAGE = 2
EXIT_BUSY = 3  # another process holds the warehouse or its writer lock; try again later
EXIT_CANNOT_WRITE = 4  # the system refused a write: disk full, size limit, read-only folder


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    err.print(f"[red]error:[/red] {markup(message)}")
    return typer.Exit(code)


def writes_warehouse(command: str):
    """The decorated command runs holding the warehouse's writer lock (pipelines/warehouse/lock.py),
    so two writers never race; when another command holds it: one line naming it, exit 3."""

    def decorate(function):
        @functools.wraps(function)
        def run(*args, **kwargs):
            from pipelines.warehouse.lock import LockHeld, writer_lock

            with ExitStack() as held:
                try:
                    warehouse = config.db_path(kwargs.get("db_file"))
                    held.enter_context(writer_lock(warehouse, command))
                except LockHeld as exc:
                    raise _fail(str(exc), EXIT_BUSY) from None
                return function(*args, **kwargs)

        return run

    return decorate


@contextmanager
def _open_warehouse(path: Path | None, read_only: bool = False):
    from pipelines.warehouse import db

    try:
        con = db.connect(config.db_path(path), read_only=read_only)
    except db.WarehouseBusy as exc:
        raise _fail(str(exc), EXIT_BUSY) from None
    except db.WarehouseError as exc:
        from pipelines.core.fatal_errors import refused_write

        raise _fail(str(exc), EXIT_CANNOT_WRITE if refused_write(exc) else EXIT_USAGE) from None
    try:
        yield con
    finally:
        con.close()


@contextmanager
def _byte_progress(total: int, label: str, enabled: bool):
    """A progress bar on stderr for long loads; silent when not on a terminal."""
    if not enabled or not err.is_terminal:
        yield None
        return
    from rich.progress import (
        BarColumn,
        DownloadColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
        TransferSpeedColumn,
    )

    columns = (
        TextColumn(label),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err.console, transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda n: bar.advance(task, n)


@contextmanager
def _count_progress(label: str):
    """A spinner with a running count, for work whose total is not known in advance."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn

    columns = (TextColumn(label), BarColumn(), TextColumn("{task.completed} records"))
    with Progress(*columns, console=err.console, transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done: bar.update(task, completed=done)
