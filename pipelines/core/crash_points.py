"""Test-only crash points: kill this process with SIGKILL at a chosen moment of a command.

`PAYSCOPE_CRASH_AT=<label>:<n>` kills the process the n-th time (1-based) it reaches
`crash_point(label)`; `PAYSCOPE_CRASH_TRACE=<file>` appends every label reached, one a line, so
a test can list a command's moments from a clean run and then kill it at seeded ones
(tests/reliability/, docs/reliability.md). A random delay alone mostly hits start-up. With
neither variable set, which is always the case outside those tests, a point costs one check.
"""

from __future__ import annotations

import os
import signal

_AT = os.environ.get("PAYSCOPE_CRASH_AT", "")
_TRACE = os.environ.get("PAYSCOPE_CRASH_TRACE", "")
_hits: dict[str, int] = {}


def crash_point(label: str) -> None:
    if not (_AT or _TRACE):
        return
    _hits[label] = n = _hits.get(label, 0) + 1
    if _TRACE:
        with open(_TRACE, "a", encoding="utf-8") as trace:
            trace.write(f"{label}:{n}\n")
    if _AT == f"{label}:{n}":
        os.kill(os.getpid(), signal.SIGKILL)
