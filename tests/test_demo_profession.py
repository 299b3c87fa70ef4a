"""The demo writes its profession portrait into the text, and the extractors read it back."""

from __future__ import annotations

import numpy as np

from pipelines import demo
from pipelines.demo import draw
from pipelines.demo import profession as DP
from pipelines.demo.records import hh_records
from pipelines.features import VacancyInput, extract_features
from pipelines.normalise.text import html_to_text


def _records(n: int, detail: bool) -> tuple[dict, list[dict]]:
    t = draw.table(n, seed=7, snapshots=2)
    idx = np.arange(n)
    start64 = np.datetime64("2026-01-01T06:00:00", "s")
    return t, hh_records(t, idx, 1, start64, np.full(n, -1), detail=detail)


def _input(rec: dict) -> VacancyInput:
    snippet = rec.get("snippet") or {}
    return VacancyInput(
        title=rec["name"],
        snippet_text=" ".join(x for x in snippet.values() if x) or None,
        description_text=html_to_text(rec.get("description")),
        key_skills=tuple(k["name"] for k in rec.get("key_skills", ())),
    )


def test_the_text_of_search_items_and_details_yields_the_drawn_profile():
    for detail in (False, True):
        t, records = _records(400, detail)
        for i, rec in enumerate(records):
            want = DP.codes(*(t[k][i].item() for k in DP.COLUMNS))
            got = extract_features(_input(rec))
            for field in ("requirements", "duties", "tools", "conditions"):
                assert set(want[field]) <= set(getattr(got, field)), (field, rec["name"])
            assert got.request_load.chats_at_once == want["chats_at_once"]
            assert got.request_load.requests_per_shift == want["requests_per_shift"]


def test_the_known_effects_are_in_the_true_pay(monkeypatch):
    n = 4000
    t = draw.table(n, seed=11, snapshots=2)

    monkeypatch.setattr(DP, "draw", lambda rng, t: t.__setitem__("_base", t["true_pay"].copy()))
    base = draw.table(n, seed=11, snapshots=2)["_base"]
    crm = np.zeros(n, dtype=bool)
    for k, item in enumerate(DP.items()):
        if item.code == "crm_skills":
            crm |= (t["profile_bits"] >> k & 1).astype(bool)
    over = np.nan_to_num(t["load_shift"]) > 100
    assert DP.effects() == {"crm_skills": 1.05, "requests_per_shift": 0.97}
    assert crm.sum() > 300 and over.sum() > 300
    expected = base * np.where(crm, 1.05, 1.0) * np.where(over, 0.97, 1.0)
    np.testing.assert_allclose(t["true_pay"], expected, rtol=1e-12)


def test_sample_vacancies_carry_the_profile():
    vacancies = demo.sample_vacancies(200, seed=3, snapshots=2)
    support = [v for v in vacancies if v.role in DP.SUPPORT_ROLES]
    assert any("crm_skills" in v.profile["requirements"] for v in support)
    assert any(v.profile["requests_per_shift"] for v in support)
    assert all(not v.profile["chats_at_once"] for v in vacancies if v.role != "chat_operator")
