"""The command line, one module per command group (see main.py). `from pipelines.cli import
app, main` gives the app with every command registered."""

from pipelines.cli.main import app, main

__all__ = ["app", "main"]
