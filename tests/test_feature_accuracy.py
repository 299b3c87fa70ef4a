"""The extractors against the hand labels of real vacancies (tests/labels/; skips without data)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines.features.profession import PROFILE_FIELDS
from pipelines.features.scoring import code_list_scores, render, score
from pipelines.warehouse import db
from pipelines.warehouse.feature_store import update_features
from pipelines.warehouse.load import ingest
from tests.conftest import REAL

HH_API = REAL / "hh-api"
LABELS = Path(__file__).parent / "labels" / "hh_real_features.jsonl"
# Sector only, for vacancies outside LABELS, labelled without looking at the extractor's answers.
SECTOR_LABELS = Path(__file__).parent / "labels" / "hh_real_sector.jsonl"
pytestmark = pytest.mark.skipif(not HH_API.is_dir(), reason=f"real samples not found at {HH_API}")

# Precision targets of the feature work; recall floors guard against silent regressions.
TARGETS = {
    "sector": (0.90, 0.80),
    "languages": (0.90, 0.80),
    "night_shifts": (0.90, 0.75),
    "remote": (0.90, 0.85),
    "role_family": (0.80, 0.75),
    "work_format": (0.85, 0.80),
    "schedule": (0.85, 0.70),
}


@pytest.fixture(scope="module")
def predictions(tmp_path_factory):
    con = db.connect(tmp_path_factory.mktemp("labels") / "warehouse.duckdb")
    ingest(con, [HH_API])
    update_features(con)
    cursor = con.execute("select * from vacancy_features")
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    con.close()
    return {f"{r['source']}:{r['vacancy_id']}": r for r in rows}


def _labels(path: Path) -> dict[str, dict]:
    labels = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        label = json.loads(line)
        labels[f"{label['source']}:{label['vacancy_id']}"] = label
    return labels


@pytest.fixture(scope="module")
def scores(predictions):
    labels = _labels(LABELS)
    assert len(labels) >= 200 and labels.keys() <= predictions.keys()
    found = score(labels, predictions)
    print("\n" + render(found))
    return found


@pytest.mark.parametrize("field", TARGETS)
def test_extractors_meet_their_precision_and_recall_on_labelled_real_vacancies(scores, field):
    precision, recall = TARGETS[field]
    assert scores[field].precision >= precision, render(scores)
    assert scores[field].recall >= recall, render(scores)


def test_sector_holds_on_vacancies_labelled_apart_from_the_feature_labels(predictions):
    labels = _labels(SECTOR_LABELS)
    assert not labels.keys() & _labels(LABELS).keys() and labels.keys() <= predictions.keys()
    found = score(labels, predictions)["sector"]
    print(f"\nsector on {SECTOR_LABELS.name}: {found}")
    assert found.precision >= 0.90 and found.recall >= 0.80, found


# The profession lists (tests/labels/hh_real_profession.jsonl, labelled apart from the features
# above): precision and recall over (vacancy, code) pairs, micro-averaged per list.
PROFESSION_LABELS = Path(__file__).parent / "labels" / "hh_real_profession.jsonl"
PROFESSION_TARGETS = {field: (0.90, 0.80) for field in PROFILE_FIELDS}


@pytest.fixture(scope="module")
def profession_scores(predictions):
    labels = _labels(PROFESSION_LABELS)
    assert len(labels) >= 200 and labels.keys() <= predictions.keys()
    found = code_list_scores(labels, predictions, PROFILE_FIELDS)
    print(f"\n{PROFESSION_LABELS.name}\n" + render(found))
    return found


@pytest.mark.parametrize("field", PROFILE_FIELDS)
def test_profession_lists_meet_their_targets_on_labelled_real_vacancies(profession_scores, field):
    precision, recall = PROFESSION_TARGETS[field]
    assert profession_scores[field].precision >= precision, render(profession_scores)
    assert profession_scores[field].recall >= recall, render(profession_scores)
