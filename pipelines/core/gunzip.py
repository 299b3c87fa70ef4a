"""Gunzip with a ceiling: a decompression bomb stops at a documented size and ratio, in bounded
steps, before it can fill the memory (docs/reliability.md).

Limits, from the environment:
- PAYSCOPE_MAX_UNPACKED: bytes one file may unpack to (default 1G; K, M, G suffixes allowed);
- PAYSCOPE_MAX_UNPACK_RATIO: unpacked ÷ packed size (default 200), checked once more than
  PAYSCOPE_UNPACK_RATIO_FROM (default 16M) has come out, because small files of repetitive
  JSON legitimately pack very tightly. Real vacancy JSON packs 5–20 : 1.
"""

from __future__ import annotations

import io
import os
import re
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"
_STEP = 4 << 20  # output bytes per inflate call: the most a bomb gets past a limit
_BLOCK = 1 << 20  # input bytes read at a time from a file
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([kmg]?)i?b?\s*", re.IGNORECASE)
_UNITS = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


class TooLarge(Exception):
    """A file that unpacks beyond a limit; the message names the limit and how to raise it."""


@dataclass(frozen=True)
class UnpackLimits:
    max_bytes: int = 1 << 30
    max_ratio: float = 200.0
    ratio_from: int = 16 << 20

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> UnpackLimits:
        """The defaults, overridden by $PAYSCOPE_MAX_UNPACKED, _MAX_UNPACK_RATIO and
        _UNPACK_RATIO_FROM; ValueError names a setting that is not a size or a number."""
        env = os.environ if env is None else env
        return cls(
            max_bytes=_size(env, "PAYSCOPE_MAX_UNPACKED", cls.max_bytes),
            max_ratio=_ratio(env, "PAYSCOPE_MAX_UNPACK_RATIO", cls.max_ratio),
            ratio_from=_size(env, "PAYSCOPE_UNPACK_RATIO_FROM", cls.ratio_from),
        )

    def check(self, unpacked: int, packed: int) -> None:
        """Raise TooLarge when `unpacked` bytes out of `packed` pass a limit."""
        if unpacked > self.max_bytes:
            raise TooLarge(
                f"unpacks to more than {_human(self.max_bytes)} (the limit, "
                "$PAYSCOPE_MAX_UNPACKED): a decompression bomb? Stopped there; raise the limit "
                "if the file is genuine"
            )
        if unpacked > self.ratio_from and unpacked > self.max_ratio * packed:
            raise TooLarge(
                f"unpacks to more than {self.max_ratio:g} times its size ({_human(unpacked)} "
                f"from {_human(packed)}; the limit, $PAYSCOPE_MAX_UNPACK_RATIO): a decompression "
                "bomb? Stopped there; raise the limit if the file is genuine"
            )


@dataclass(frozen=True)
class Gunzipped:
    """What came out of a gzip file; `corrupt` (zlib's reason) or `cut` when it broke early."""

    data: bytes
    corrupt: str | None = None
    cut: bool = False


def gunzip(data: bytes, limits: UnpackLimits | None = None) -> Gunzipped:
    """Unpack every gzip member of `data` in bounded steps (TooLarge past a limit); a broken or
    cut stream keeps what came out before the break."""
    out = io.BytesIO()  # BytesIO.getvalue() hands over its buffer without a copy
    corrupt, cut = _inflate(iter((data,)), out, len(data), limits or UnpackLimits.from_env())
    return Gunzipped(out.getvalue(), corrupt, cut)


def gunzip_file(
    src: BinaryIO, dst: BinaryIO, packed: int, limits: UnpackLimits | None = None
) -> Gunzipped:
    """`gunzip` from one open file into another, block by block: the unpacked bytes never sit
    in memory (a file too large to read whole is then read from `dst`). Its `data` is empty."""
    blocks = iter(lambda: src.read(_BLOCK), b"")
    corrupt, cut = _inflate(blocks, dst, packed, limits or UnpackLimits.from_env())
    return Gunzipped(b"", corrupt, cut)


def _inflate(
    blocks: Iterator[bytes], out: BinaryIO, packed: int, limits: UnpackLimits
) -> tuple[str | None, bool]:
    """Inflate the gzip members that `blocks` hold into `out`: (zlib's reason when the data is
    corrupt, whether a stream was cut short). Output bytes are counted from out's position."""
    start = out.tell()
    rest = next(blocks, b"")
    while True:
        while len(rest) < 2 and (more := next(blocks, b"")):
            rest += more
        if not rest.startswith(GZIP_MAGIC):
            return None, False  # the end, or bytes after the last member (ignored)
        stream = zlib.decompressobj(wbits=31)
        pending = rest
        try:
            while not stream.eof:
                chunk = stream.decompress(pending, _STEP)
                out.write(chunk)
                limits.check(out.tell() - start, packed)
                pending = stream.unconsumed_tail or next(blocks, b"")
                if not chunk and not pending:  # the input ends before the stream does
                    break
        except zlib.error as exc:
            return str(exc), False
        if not stream.eof:
            out.write(stream.flush())  # drained above: at most a few bytes
            return None, True
        rest = stream.unused_data


def _size(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name)
    if not text:
        return default
    match = _SIZE.fullmatch(text)
    if not match:
        raise ValueError(f"{name}={text!r} is not a size in bytes (e.g. 1G, 500M, 1048576)")
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def _ratio(env: Mapping[str, str], name: str, default: float) -> float:
    text = env.get(name)
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not value > 0:
        raise ValueError(f"{name}={text!r} is not a positive number (e.g. 200)")
    return value


def _human(n: int) -> str:
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size:
            return f"{n / size:.1f} {unit}"
    return f"{n} bytes"
