"""The `payscope` command (also `python -m pipelines`): the Typer app of pipelines/cli/app.py
with every command group registered. Each group is a module that imports only app.py (and
the layers below); importing it here registers its commands on `app`."""

from __future__ import annotations

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
from pipelines.cli.app import app

# The order of `payscope --help`: the first steps first, whatever order the modules load in.
HELP_ORDER = (
    "ingest", "demo", "build-features", "features", "status", "export", "spark-load", "fetch",
    "train", "evaluate", "predict", "ladder", "brief", "refresh", "parse-pay",
)  # fmt: skip
app.registered_commands.sort(
    key=lambda c: HELP_ORDER.index(c.name) if c.name in HELP_ORDER else len(HELP_ORDER)
)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
