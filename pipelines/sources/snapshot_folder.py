"""A snapshot folder being fetched: gzipped responses as received, a checkpoint of what is
done (so an interrupted fetch continues), and manifest.json written last when complete."""

from __future__ import annotations

import gzip
from datetime import datetime
from pathlib import Path

import orjson

from pipelines.core.atomic_write import write_bytes
from pipelines.core.gunzip import TooLarge, gunzip
from pipelines.sources.fetch_session import FetchError
from pipelines.sources.snapshot_files import MANIFEST, display_path

CHECKPOINT = "checkpoint.json"


class SnapshotFolder:
    """Files are written atomically (pipelines/core/atomic_write.py), the checkpoint after the
    file it records: whatever moment a fetch is stopped at, what is listed is complete."""

    def __init__(self, folder: Path, state: dict):
        self.folder = folder
        self.state = state

    @classmethod
    def open(cls, folder: Path, source: str, query: dict, started: datetime) -> SnapshotFolder:
        """The folder's unfinished fetch of the same query, or a new one started at `started`."""
        path = folder / CHECKPOINT
        if path.is_file():
            try:
                state = orjson.loads(path.read_bytes())
            except (OSError, orjson.JSONDecodeError) as exc:
                raise FetchError(
                    f"{display_path(path)}: cannot read the checkpoint ({exc}); "
                    "delete the folder to start again"
                ) from None
            if state.get("source") != source or state.get("query") != query:
                raise FetchError(
                    f"{display_path(folder)} holds an unfinished fetch of other parameters "
                    f"({state.get('source')}: {_describe(state.get('query'))}); finish it with "
                    "those, or give another --out"
                )
            return cls(folder, state)
        folder.mkdir(parents=True, exist_ok=True)
        state = {
            "source": source,
            "query": query,
            "started_at": started.isoformat(),
            "pages": {},
            "split": {},
            "truncated": {},
        }
        store = cls(folder, state)
        store._save_state()
        return store

    @property
    def started(self) -> datetime:
        return datetime.fromisoformat(self.state["started_at"])

    @property
    def until(self) -> datetime:
        """The end of the fetched period: when the first run began, kept across resumes."""
        return self.started

    @property
    def pages(self) -> dict[str, dict]:
        return self.state["pages"]

    @property
    def split(self) -> dict[str, int]:
        return self.state["split"]

    @property
    def truncated(self) -> dict[str, int]:
        return self.state["truncated"]

    def has_page(self, key: str, page: int) -> bool:
        return f"{key}#{page}" in self.pages

    def is_last(self, key: str, page: int) -> bool:
        return self.pages[f"{key}#{page}"]["last"]

    def found(self, key: str) -> int:
        return self.pages[f"{key}#0"]["found"]

    def save_page(self, key: str, page: int, body: bytes, items: int, found: int, last: bool):
        name = f"page-{len(self.pages) + 1:04d}.json.gz"
        self.write(name, body)
        self.pages[f"{key}#{page}"] = {"file": name, "items": items, "found": found, "last": last}
        self._save_state()

    def mark_split(self, key: str, found: int) -> None:
        self.split[key] = found
        self._save_state()

    def mark_truncated(self, key: str, found: int) -> None:
        self.truncated[key] = found
        self._save_state()

    def page_files(self) -> list[str]:
        return [entry["file"] for entry in self.pages.values()]

    def has_file(self, name: str) -> bool:
        return (self.folder / name).is_file()

    def write(self, name: str, body: bytes) -> None:
        """`body` exactly as received, gzipped (mtime 0: the same body gives the same file)."""
        write_bytes(self.folder / name, gzip.compress(body, compresslevel=6, mtime=0))

    def read(self, name: str) -> bytes:
        """A file written by `write`, unpacked within the limits of pipelines/core/gunzip.py."""
        path = self.folder / name
        try:
            unpacked = gunzip(path.read_bytes())
        except TooLarge as exc:
            raise FetchError(f"{display_path(path)}: {exc}") from None
        if unpacked.corrupt or unpacked.cut:
            raise FetchError(
                f"{display_path(path)}: a broken gzip file; delete the folder to start again"
            )
        return unpacked.data

    def finish(self, manifest: dict) -> None:
        """Mark the snapshot complete: `payscope ingest` reads the folder by this file."""
        write_bytes(self.folder / MANIFEST, orjson.dumps(manifest, option=orjson.OPT_INDENT_2))

    def _save_state(self) -> None:
        write_bytes(self.folder / CHECKPOINT, orjson.dumps(self.state, option=orjson.OPT_INDENT_2))


def _describe(query: object) -> str:
    if not isinstance(query, dict):
        return "unknown"
    return ", ".join(f"{k}={v}" for k, v in query.items() if v not in (None, [], False)) or "all"
