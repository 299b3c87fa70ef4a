"""The refresh config (pipelines/refresh/config.py): typed keys, every error one line naming the
file, the key and the fix; exit 2 from `payscope refresh`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.refresh.config import ConfigError, FetchJob, load_config

runner = CliRunner()
SOURCES = ("hh", "superjob", "trudvsem")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "operations.md"


def _load(tmp_path: Path, text: str, **kwargs):
    path = tmp_path / "refresh.toml"
    path.write_text(text, encoding="utf-8")
    return load_config(path, sources=SOURCES, **kwargs)


def test_the_documented_example_config_is_valid(tmp_path):
    blocks = re.findall(r"```toml\n(.*?)```", DOCS.read_text(encoding="utf-8"), re.S)
    [example] = [b for b in blocks if "[[fetch]]" in b]  # the refresh's, not the login's

    settings = _load(tmp_path, example)

    assert settings.retrain is True and settings.data == "auto"
    assert settings.tolerance.max_mae_worse == 0.02
    assert settings.fetch[0] == FetchJob(
        "hh", "chat-moscow", "оператор чата", ("40",), "1", 7, details=False
    )
    assert settings.fetch[1].source == "trudvsem" and settings.fetch[1].name is None


def test_values_are_typed_and_shares_may_be_percentages(tmp_path):
    settings = _load(
        tmp_path,
        '[model]\nretrain = false\nmax_mae_worse = "2,5 %"\ncoverage_target = 0.9\n'
        '[[fetch]]\nsource = "hh"\narea = 1\nroles = "40"\ndays = 0\n',
    )

    assert settings.retrain is False
    assert settings.tolerance.max_mae_worse == pytest.approx(0.025)
    assert settings.tolerance.coverage_target == 0.9
    job = settings.fetch[0]
    assert (job.area, job.roles, job.days) == ("1", ("40",), None)  # 0: the source's default


def test_paths_come_from_the_file_then_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("PAYSCOPE_DB", str(tmp_path / "env.duckdb"))
    monkeypatch.setenv("PAYSCOPE_SNAPSHOTS", str(tmp_path / "snaps"))
    monkeypatch.delenv("PAYSCOPE_MODELS", raising=False)

    settings = load_config(None)
    assert settings.warehouse == tmp_path / "env.duckdb"
    assert settings.models == tmp_path / "env.models"
    assert settings.snapshots == tmp_path / "snaps"
    assert settings.lock == tmp_path / "env.duckdb.refresh.lock"

    settings = _load(tmp_path, f'[paths]\nwarehouse = "{tmp_path / "file.duckdb"}"\n')
    assert settings.warehouse == tmp_path / "file.duckdb"
    assert settings.runs == tmp_path / "refresh_runs"
    assert _load(tmp_path, "", warehouse=tmp_path / "db.duckdb").warehouse == tmp_path / "db.duckdb"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a quoted boolean is an error, never a true
        ('[model]\nretrain = "false"\n',
         'model.retrain: expected true or false, got the string "false"; write retrain = false'),
        ('[[fetch]]\nsource = "hh"\ndetails = "no"\n',
         "fetch[0].details: expected true or false"),
        # unknown keys, with the likely one
        ("[model]\nmax_mae_wrose = 0.05\n",
         "model.max_mae_wrose: unknown key; did you mean max_mae_worse? known here: retrain"),
        ("retrain = true\n", "retrain: unknown key; known here: paths, model, fetch"),
        ('[[fetch]]\nsource = "hh"\nquerry = "a"\n', "fetch[0].querry: unknown key; did you mean"),
        # shares
        ('[model]\nmax_mae_worse = "2 percent"\n',
         "model.max_mae_worse: '2 percent' is not a share; write max_mae_worse = 0.02"),
        ("[model]\nmax_mae_worse = 2\n",
         "model.max_mae_worse: 2 is not a share between -1 and 1 (0.02 = 2 %)"),
        ("[model]\ncoverage_band = true\n",
         "model.coverage_band: expected a number or a quoted string, got true"),
        ('[model]\ndata = "everything"\n',
         "model.data: 'everything' is not allowed; write data = \"auto\""),
        # wrong types and shapes
        ('[[fetch]]\nsource = "hh"\ndays = "7"\n',
         'fetch[0].days: expected a whole number, got the string "7"; write days = 7'),
        ('[[fetch]]\nsource = "hh"\ndays = -1\n', "fetch[0].days: -1 is negative"),
        ("[paths]\nwarehouse = 5\n", "paths.warehouse: expected a quoted string, got 5"),
        ('[fetch]\nsource = "hh"\n', "fetch: expected a list, got a table; write [[fetch]]"),
        # jobs
        ('[[fetch]]\nquery = "a"\n', 'fetch[0]: source is missing; add source = "hh"'),
        ('[[fetch]]\nsource = "avito"\n', "fetch[0].source: unknown source 'avito'; write source"),
        ('[[fetch]]\nsource = "hh"\nname = "../x"\n',
         "fetch[0].name: '../x' cannot be part of a folder name"),
        # two jobs, one folder: the second was skipped as «already complete»
        ('[[fetch]]\nsource = "hh"\nquery = "a"\n[[fetch]]\nsource = "hh"\nquery = "b"\n',
         "fetch[1].name: the same hh folder as fetch[0] (neither has a name), so it would be "
         "skipped as already fetched; give each hh job its own name"),
        ('[[fetch]]\nsource = "hh"\nname = "x"\n[[fetch]]\nsource = "trudvsem"\nname = "x"\n'
         '[[fetch]]\nsource = "hh"\nname = "x"\n',
         'fetch[2].name: the same hh folder as fetch[0] (both name = "x")'),
        # not TOML at all
        ("[model]\nretrain = \n", "not valid TOML (Invalid value (at line 2, column 11))"),
    ],
)  # fmt: skip
def test_every_error_names_the_file_the_key_and_the_fix(tmp_path, text, expected):
    with pytest.raises(ConfigError) as error:
        _load(tmp_path, text)

    message = str(error.value)
    assert message.startswith(f"{tmp_path / 'refresh.toml'}: "), message
    assert expected in message, message
    assert "\n" not in message


def test_a_bad_config_is_one_line_and_exit_2(tmp_path):
    config = tmp_path / "refresh.toml"
    config.write_text('[model]\nretrain = "false"\n', encoding="utf-8")

    result = runner.invoke(app, ["refresh", "--config", str(config), "--offline", str(tmp_path)])

    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1, result.stderr
    assert "model.retrain: expected true or false" in result.stderr
    assert "Traceback" not in result.output
