"""Unpacking .gz files with a ceiling: a decompression bomb stops with one line naming the file,
and the rest of the folder loads."""

from __future__ import annotations

import gzip
import io
import json
import os

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.core import gunzip as gunzip_module
from pipelines.core.gunzip import Gunzipped, TooLarge, UnpackLimits, gunzip, gunzip_file
from pipelines.sources.framing import UnreadableFile, decompress
from tests.conftest import hh_item, hh_page, write_json

runner = CliRunner()
SMALL = UnpackLimits(max_bytes=1 << 20, max_ratio=50, ratio_from=64 << 10)


def bomb(unpacked: int) -> bytes:
    """A valid JSON page padded with blanks: packs about 1000 : 1."""
    body = b'{"items": [' + b" " * unpacked + b"]}"
    return gzip.compress(body, compresslevel=9)


def test_ordinary_gzip_unpacks_as_gzip_does_across_several_inflate_steps():
    body = b"".join(b'{"id": "%d", "name": "\xd0\x9e\xd0\xbf"}\n' % i for i in range(400_000))
    packed = gzip.compress(body) + gzip.compress(b'{"id": "last"}\n')  # two members, ~12 MB

    assert gunzip(packed, UnpackLimits()) == Gunzipped(body + b'{"id": "last"}\n')


def test_a_cut_and_a_corrupt_stream_keep_what_came_out_before():
    packed = gzip.compress(os.urandom(1 << 20).hex().encode())
    cut = gunzip(packed[: len(packed) // 2])
    assert cut.cut and cut.corrupt is None and 0 < len(cut.data) < 2 << 20

    corrupt = bytearray(packed)
    corrupt[len(packed) // 2 : len(packed) // 2 + 64] = b"\xff" * 64
    broken = gunzip(bytes(corrupt))
    assert broken.corrupt and not broken.cut


def test_unpacking_stops_at_the_size_limit():
    random_text = os.urandom(3 << 19).hex().encode()  # 3 MiB of text that packs only 2 : 1

    with pytest.raises(TooLarge, match=r"more than 1\.0 MiB \(the limit, \$PAYSCOPE_MAX_UNPACKED"):
        gunzip(gzip.compress(random_text), SMALL)


def test_unpacking_stops_at_the_ratio_once_past_the_floor():
    with pytest.raises(TooLarge, match=r"more than 50 times its size .*MAX_UNPACK_RATIO"):
        gunzip(bomb(900 << 10), SMALL)
    # Below the floor a tightly packed small file is fine: tiny JSON packs well.
    assert len(gunzip(bomb(32 << 10), SMALL).data) == (32 << 10) + 13


def test_decompress_turns_a_limit_into_an_unreadable_file():
    with pytest.raises(UnreadableFile, match="decompression bomb"):
        decompress(bomb(900 << 10), SMALL)


def test_decompress_keeps_its_answers_for_broken_gzip():
    with pytest.raises(UnreadableFile, match="not a valid gzip file"):
        decompress(b"\x1f\x8b" + b"\x00" * 40)
    data, broken = decompress(gzip.compress(b'{"id": "1"}\n' * 1000)[:-30])
    assert broken is not None and broken.reason == "truncated_gzip" and data


@pytest.mark.parametrize(
    ("env", "limits"),
    [
        ({}, UnpackLimits(1 << 30, 200.0, 16 << 20)),
        ({"PAYSCOPE_MAX_UNPACKED": "2G"}, UnpackLimits(2 << 30, 200.0, 16 << 20)),
        ({"PAYSCOPE_MAX_UNPACKED": "512 MiB"}, UnpackLimits(512 << 20, 200.0, 16 << 20)),
        ({"PAYSCOPE_MAX_UNPACKED": "1048576"}, UnpackLimits(1 << 20, 200.0, 16 << 20)),
        ({"PAYSCOPE_MAX_UNPACK_RATIO": "1000", "PAYSCOPE_UNPACK_RATIO_FROM": "1.5k"},
         UnpackLimits(1 << 30, 1000.0, 1536)),
    ],
)  # fmt: skip
def test_limits_come_from_the_environment(env, limits):
    assert UnpackLimits.from_env(env) == limits


@pytest.mark.parametrize(
    "env",
    [{"PAYSCOPE_MAX_UNPACKED": "lots"}, {"PAYSCOPE_MAX_UNPACK_RATIO": "0"},
     {"PAYSCOPE_MAX_UNPACK_RATIO": "x"}],
)  # fmt: skip
def test_a_bad_setting_is_named(env):
    with pytest.raises(ValueError, match=next(iter(env))):
        UnpackLimits.from_env(env)


def test_a_bomb_in_a_folder_fails_in_one_line_and_the_rest_loads(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_UNPACK_RATIO_FROM", "256K")
    folder = tmp_path / "saved"
    write_json(folder / "a-page.json", hh_page(hh_item("1"), hh_item("2")))
    (folder / "b-bomb.json.gz").write_bytes(bomb(4 << 20))
    write_json(folder / "c-page.json", hh_page(hh_item("3")))

    result = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "w.duckdb")])

    assert result.exit_code == 1, result.output
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and "b-bomb.json.gz: unpacks to more than 200 times" in errors[0]
    assert "1 snapshot(s) loaded, 0 already loaded, 0 failed" in result.stdout
    assert "3 loaded" in result.stdout
    assert "Traceback" not in result.output


def test_a_bad_limit_setting_is_a_usage_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_MAX_UNPACKED", "a lot")
    (tmp_path / "p.json.gz").write_bytes(gzip.compress(json.dumps(hh_page(hh_item("1"))).encode()))

    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "w.duckdb")])

    assert result.exit_code == 2
    assert "PAYSCOPE_MAX_UNPACKED='a lot' is not a size" in result.stderr


def _file_gunzip(packed: bytes, limits: UnpackLimits | None = None) -> Gunzipped:
    out = io.BytesIO()
    status = gunzip_file(io.BytesIO(packed), out, len(packed), limits)
    return Gunzipped(out.getvalue(), status.corrupt, status.cut)


def test_a_file_unpacks_block_by_block_as_its_bytes_do(monkeypatch):
    monkeypatch.setattr(gunzip_module, "_BLOCK", 1000)  # members and cuts across blocks
    body = b"".join(b'{"id": "%d", "name": "\xd0\x9e\xd0\xbf"}\n' % i for i in range(50_000))
    packed = gzip.compress(body) + gzip.compress(b'{"id": "last"}\n') + b"\0trailing"
    corrupt = bytearray(packed)
    corrupt[len(packed) // 3 : len(packed) // 3 + 64] = b"\xff" * 64
    for case in (packed, packed[: len(packed) // 2], packed[:1], b"plain"):
        assert _file_gunzip(case) == gunzip(case)
    # Corrupt, both stop with zlib's reason; block by block, what came out before it is kept
    # (read whole, zlib fails inside one 4 MiB step and nothing of that step is).
    broken = _file_gunzip(bytes(corrupt))
    assert broken.corrupt == gunzip(bytes(corrupt)).corrupt and body.startswith(broken.data)
    assert len(broken.data) > len(gunzip(bytes(corrupt)).data)
    with pytest.raises(TooLarge, match="MAX_UNPACK_RATIO"):
        _file_gunzip(bomb(900 << 10), SMALL)
