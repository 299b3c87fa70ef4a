"""The lock files pin every dependency pyproject.toml declares (`make lock` after changing them)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", re.MULTILINE)


def _name(requirement: str) -> str:
    """PEP 503 normalised project name of a requirement string ("scikit-learn>=1.5,<1.10")."""
    name = re.match(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)", requirement)[1]
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(lock: str) -> dict[str, str]:
    text = (ROOT / lock).read_text(encoding="utf-8")
    return {_name(name): version for name, version in PIN.findall(text)}


def _declared() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


@pytest.mark.parametrize(
    ("lock", "groups"),
    [("requirements.lock", ("dependencies",)), ("requirements-dev.lock", ("dependencies", "dev"))],
)
def test_every_declared_dependency_is_pinned_with_hashes(lock, groups):
    project, pins = _declared(), _pins(lock)
    wanted = [
        *project["dependencies"],
        *(project["optional-dependencies"]["dev"] if "dev" in groups else ()),
    ]
    missing = sorted({_name(r) for r in wanted} - set(pins))
    assert not missing, f"{lock} lacks {missing}: run `make lock` and commit the lock files"
    text = (ROOT / lock).read_text(encoding="utf-8")
    unhashed = [n for n, _ in PIN.findall(text) if not re.search(
        rf"^{re.escape(n)}==\S+ \\\n\s+--hash=sha256:", text, re.MULTILINE)]
    assert not unhashed, f"{lock}: pins without hashes {unhashed}"


def test_the_app_and_dev_locks_pin_the_same_versions():
    app, dev = _pins("requirements.lock"), _pins("requirements-dev.lock")
    differ = {n: (v, dev[n]) for n, v in app.items() if n in dev and dev[n] != v}
    assert not differ, f"requirements-dev.lock disagrees with requirements.lock: {differ}"


def test_the_locked_scikit_learn_is_within_the_declared_bound():
    # The upper bound guards a private scikit-learn attribute (models/pay_model.py).
    from models.pay_model import FAST_CATEGORIES_TESTED, _sklearn_minor

    locked = _pins("requirements.lock")["scikit-learn"]
    assert _sklearn_minor(locked) in FAST_CATEGORIES_TESTED
    declared = next(r for r in _declared()["dependencies"] if _name(r) == "scikit-learn")
    assert "<" in declared, "scikit-learn needs an upper bound the tests have seen"
