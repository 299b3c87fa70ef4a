"""The `payscope` command (also `python -m pipelines`): the Typer app of pipelines/cli/app.py
with every command group registered. Each group is a module that imports only app.py (and
the layers below); importing it here registers its commands on `app`."""

from __future__ import annotations

import sys

from pipelines.cli import (  # noqa: F401  (imported for their commands)
    demo,
    export,
    fetch,
    ingest,
    model,
    predict,
    profession,
    refresh,
    spark,
    text,
)
from pipelines.cli.app import EXIT_CANNOT_WRITE, EXIT_USAGE, app, err
from pipelines.core.safe_terminal import markup

# The order of `payscope --help`: the first steps first, whatever order the modules load in.
HELP_ORDER = (
    "ingest", "demo", "build-features", "features", "status", "export", "spark-load", "fetch",
    "train", "evaluate", "predict", "ladder", "brief", "refresh", "parse-pay",
)  # fmt: skip
app.registered_commands.sort(
    key=lambda c: HELP_ORDER.index(c.name) if c.name in HELP_ORDER else len(HELP_ORDER)
)


def main() -> None:
    try:
        app()
    except Exception as exc:  # what no command can recover from: one line, not a traceback
        from pipelines.core.fatal_errors import explain

        told = explain(exc, sys.argv[1:], EXIT_CANNOT_WRITE, EXIT_USAGE)
        if told is None:
            raise
        err.print(f"[red]error:[/red] {markup(told[0])}")
        sys.exit(told[1])


if __name__ == "__main__":
    main()
