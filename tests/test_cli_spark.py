"""`payscope spark-load` without Spark: exit 2 and how to install it; Java's version read."""

from __future__ import annotations

import subprocess

from typer.testing import CliRunner

from pipelines.cli import app
from pipelines.spark import session


def test_without_pyspark_or_java_it_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(session, "unavailable_reason", lambda: "pyspark is not installed; "
                        + session.INSTALL_HINT)  # fmt: skip
    result = CliRunner().invoke(app, ["spark-load", str(tmp_path), "--out", str(tmp_path / "l")])
    assert result.exit_code == 2
    assert "payscope[spark]" in result.output and "Java 17" in result.output
    assert not (tmp_path / "l").exists()


def test_java_versions_old_and_new(monkeypatch):
    def fake(text):
        return lambda *a, **k: subprocess.CompletedProcess(a, 0, "", text)

    monkeypatch.setattr(session.shutil, "which", lambda _: "/bin/true")
    monkeypatch.delenv("JAVA_HOME", raising=False)
    monkeypatch.setattr(session.subprocess, "run", fake('openjdk version "17.0.15" 2025-04-15'))
    assert session.java_version() == 17
    monkeypatch.setattr(session.subprocess, "run", fake('java version "1.8.0_392"'))
    assert session.java_version() == 8
    monkeypatch.setattr(session.subprocess, "run", fake("no version here"))
    assert session.java_version() is None
