"""PayScope: salary and labour-market analytics. One sub-package per layer, each importing only
the ones below it (docs/architecture.md): core → normalise → features → sources → warehouse →
(models) → analytics → refresh → cli."""

__version__ = "0.1.0"
