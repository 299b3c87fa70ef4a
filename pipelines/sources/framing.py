"""JSON values out of snapshot bytes: documents, back-to-back values, JSON Lines, gzip, salvaged."""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import BinaryIO

import orjson

from pipelines.core.gunzip import (
    GZIP_MAGIC,
    Gunzipped,
    TooLarge,
    UnpackLimits,
    gunzip,
    gunzip_file,
)
from pipelines.core.json_salvage import Broken, Salvager, has_bad_encoding

__all__ = [
    "Broken",
    "UnreadableFile",
    "decode_text",
    "decompress",
    "has_bad_encoding",
    "json_values",
]

# A Python list or dict printed with repr(): an object whose first key is single-quoted.
_PYTHON_REPR = re.compile(r"[\[\s]*\{\s*'")
PYTHON_REPR_HINT = (
    "looks like Python repr, not JSON (single-quoted keys, True/None): convert it with "
    'python -c "import ast, json, sys; json.dump(ast.literal_eval(open(sys.argv[1], '
    "encoding='utf-8').read()), open(sys.argv[2], 'w', encoding='utf-8'), ensure_ascii=False)\" "
    "IN.txt OUT.json"
)


class UnreadableFile(Exception):
    """The file holds nothing that can be read as JSON; the message says why."""


def decompress(data: bytes, limits: UnpackLimits | None = None) -> tuple[bytes, Broken | None]:
    """Gunzip when the bytes are gzip (several members allowed); a cut stream keeps what it had.
    UnreadableFile past the unpacking limits (pipelines/core/gunzip.py, $PAYSCOPE_MAX_UNPACKED…)."""
    if not data.startswith(GZIP_MAGIC):
        return data, None
    try:
        unpacked = gunzip(data, limits)
    except TooLarge as exc:
        raise UnreadableFile(str(exc)) from None
    return unpacked.data, _gzip_problem(unpacked, bool(unpacked.data))


def decompress_file(src: BinaryIO, dst: BinaryIO, packed: int) -> Broken | None:
    """`decompress` of an open gzip file into another, block by block (core/gunzip.py): what
    broke, as `decompress` says it; UnreadableFile past the limits or before any data."""
    try:
        unpacked = gunzip_file(src, dst, packed)
    except TooLarge as exc:
        raise UnreadableFile(str(exc)) from None
    return _gzip_problem(unpacked, dst.tell() > 0)


@contextmanager
def opened_unpacked(path: Path) -> Iterator[tuple[BinaryIO, Broken | None]]:
    """The file open for reading, and what broke in it: a gzip file is unpacked first, block by
    block into a temporary file (removed after), so that a file too large to read whole never is."""
    with ExitStack() as files:
        f = files.enter_context(path.open("rb"))
        problem = None
        if f.read(2) == GZIP_MAGIC:
            f.seek(0)
            unpacked = files.enter_context(tempfile.TemporaryFile(prefix="payscope-unpacked-"))
            problem = decompress_file(f, unpacked, path.stat().st_size)
            f = unpacked
        f.seek(0)
        yield f, problem


def _gzip_problem(unpacked: Gunzipped, has_data: bool) -> Broken | None:
    if unpacked.corrupt is not None:
        if not has_data:
            raise UnreadableFile(f"not a valid gzip file ({unpacked.corrupt})")
        why = f"gzip data is corrupt ({unpacked.corrupt})"
        return Broken("truncated_gzip", why, 0, "")
    if unpacked.cut:
        if not has_data:
            raise UnreadableFile("a gzip file that ends or breaks before any data")
        note = "gzip stream ends early (truncated file?); the records before the cut were read"
        return Broken("truncated_gzip", note, 0, "")
    return None


def decode_text(data: bytes) -> str:
    """Bytes → text; bytes that are not UTF-8 survive as lone surrogates (see has_bad_encoding)."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")  # a file cut inside a character: U+FFFD
    return data.decode("utf-8", "surrogateescape")


def json_values(data: bytes) -> list:
    """Every JSON value in the (already decompressed) bytes, with `Broken` for unreadable spans.

    One valid document takes the fast path; anything else is read value by value, and a
    broken value inside an array or a search page costs only that value.
    """
    try:
        return [orjson.loads(data)]
    except orjson.JSONDecodeError:
        pass
    text = decode_text(data)
    stripped = text.lstrip()
    if not stripped:
        return []
    if stripped[0] not in "[{":
        raise UnreadableFile("not JSON: the content does not start with '{' or '['")
    if _PYTHON_REPR.match(stripped):
        raise UnreadableFile(PYTHON_REPR_HINT)
    return Salvager(text).top_level()
