"""`python -m pipelines` is `payscope`."""

from pipelines.cli.main import main

main()
