"""Starting Spark: is it installed, is Java new enough, and a session tuned for small machines."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import warnings

INSTALL_HINT = "pip install 'payscope[spark]' (PySpark 4) and Java 17 or newer"
MIN_JAVA = 17


class SparkUnavailable(RuntimeError):
    """pyspark or a Java runtime is missing; the message says what to install."""


def java_version() -> int | None:
    """The major version of the `java` on PATH (or under $JAVA_HOME); None without one."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.path.exists(java):
        return None
    try:
        done = subprocess.run(  # noqa: S603 - a fixed program and argument
            [java, "-version"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r'version "(\d+)(?:\.(\d+))?', done.stderr + done.stdout)
    if not found:
        return None
    major = int(found.group(1))
    return int(found.group(2) or 0) if major == 1 else major  # "1.8" is Java 8


def unavailable_reason() -> str | None:
    """Why Spark cannot run here (one line), or None when pyspark and Java 17+ are present."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        return f"pyspark is not installed; {INSTALL_HINT}"
    version = java_version()
    if version is None:
        return f"no Java runtime found (java on PATH or $JAVA_HOME); {INSTALL_HINT}"
    if version < MIN_JAVA:
        return f"Java {version} found, Spark 4 needs Java {MIN_JAVA}+; {INSTALL_HINT}"
    return None


def spark_session(master: str = "local[*]", app_name: str = "payscope spark-load"):
    """A SparkSession for `master`. Small defaults for a shared machine, each overridable by
    the usual Spark settings (spark-defaults.conf, PYSPARK_SUBMIT_ARGS)."""
    if reason := unavailable_reason():
        raise SparkUnavailable(reason)
    from pyspark.sql import SparkSession

    # PySpark 4.3 warns on every Arrow call that it has not been tested with pandas 3; the
    # job passes Arrow batches only (mapInArrow), never pandas frames.
    warnings.filterwarnings("ignore", message="PySpark does not yet fully support pandas")

    builder = (
        SparkSession.builder.master(master)
        .appName(app_name)
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", os.environ.get("PAYSCOPE_SPARK_PARTITIONS", "4"))
        .config("spark.driver.memory", os.environ.get("PAYSCOPE_SPARK_DRIVER_MEMORY", "1g"))
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        # The job's own stages decide its partitions; adaptive coalescing would merge buckets.
        .config("spark.sql.adaptive.enabled", "false")
        .config("spark.python.worker.reuse", "true")
    )
    if master.startswith("local") and not os.environ.get("PYSPARK_PYTHON"):
        # Local workers run this interpreter (its packages); a cluster names its own Python.
        os.environ["PYSPARK_PYTHON"] = sys.executable
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(os.environ.get("PAYSCOPE_SPARK_LOG_LEVEL", "ERROR"))
    return session
