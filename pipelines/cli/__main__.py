"""`python -m pipelines.cli` is `payscope` (as `python -m pipelines` is)."""

from pipelines.cli.main import main

main()
