"""hh.ru-shaped search items and detail documents of the drawn vacancies at one snapshot."""

from __future__ import annotations

import numpy as np

from pipelines.demo import hh_objects as H
from pipelines.demo import profession as DP
from pipelines.demo import vocab as V
from pipelines.demo import wording as W
from pipelines.demo.settings import (
    BAD_KINDS,
    CURRENCIES,
    CURRENCY_RATES,
    ID_START,
    MODE_DIVISORS,
    MODE_STEPS,
    MODES,
    MONTH_STEPS,
    MSK_OFFSET,
    NET_SHARE,
    NEW_FIELDS_FROM,
    ONE_SIDED_FACTORS,
)


def msk(start64: np.datetime64, seconds: np.ndarray) -> list[str]:
    """hh timestamps: Moscow local time with a colon-less offset."""
    stamps = np.datetime_as_string(start64 + MSK_OFFSET + seconds.astype("timedelta64[s]"), "s")
    return [x + "+0300" for x in stamps.tolist()]


def _posted_amounts(t: dict[str, np.ndarray], idx: np.ndarray, s: int,
                    mode: np.ndarray) -> tuple[list[int | None], list[int | None]]:
    """Posted from/to in the posting's unit and currency (see the module docstring)."""
    currency, kind = t["currency"][idx], t["range_kind"][idx]
    monthly = t["true_pay"][idx] * np.where(t["raise_at"][idx] <= s, t["raise_factor"][idx], 1.0)
    basis = monthly * np.where(t["gross"][idx] == 1, NET_SHARE, 1.0)
    amount = basis / (MODE_DIVISORS[mode] * CURRENCY_RATES[currency])
    step = np.where(mode == 0, MONTH_STEPS[currency], MODE_STEPS[mode])
    w = t["width"][idx]
    low = np.where(kind == 0, 1 - w, np.where(kind == 1, ONE_SIDED_FACTORS[0], np.nan))
    high = np.where(kind == 0, 1 + w, np.where(kind == 2, ONE_SIDED_FACTORS[1], np.nan))
    low = np.round(amount * low / step) * step
    high = np.round(amount * high / step) * step
    high = np.where(high <= low, low + step, high)
    return ([None if v != v else int(v) for v in low.tolist()],
            [None if v != v else int(v) for v in high.tolist()])


_ROW_KEYS = ("role", "hh_role", "pattern", "employer", "sector", "area", "experience", "english",
             "english_level", "text_seed", "has_pay", "gross", "currency", "frequency",
             *DP.COLUMNS)


def hh_records(t: dict[str, np.ndarray], idx: np.ndarray, s: int, start64: np.datetime64,
             bad: np.ndarray, detail: bool) -> list[dict]:
    """Search items (or detail documents) for the vacancies idx as seen at snapshot s."""
    c = {k: t[k][idx].tolist() for k in _ROW_KEYS}
    current = np.where(t["republish"][idx] <= s, t["republish_pub"][idx], t["pub"][idx])
    c["published_at"] = msk(start64, current)
    c["initial_created_at"] = msk(start64, t["created"][idx]) if detail else []
    new = start64 + current.astype("timedelta64[s]") >= NEW_FIELDS_FROM
    # Before salary_range existed hh pay was monthly only, so older postings fall back to MONTH.
    mode = np.where(new, t["mode"][idx], 0)
    c["mode"], c["new_fields"] = mode.tolist(), new.tolist()
    c["from"], c["to"] = _posted_amounts(t, idx, s, mode)
    out = []
    for j, i in enumerate(idx.tolist()):
        rec = _item(c, j, str(ID_START + i))
        if detail:
            rec.update(_detail_fields(c, j))
        else:
            rec["snippet"] = _snippet(c, j)
        if bad[j] >= 0:
            _spoil(rec, BAD_KINDS[bad[j]])
        out.append(rec)
    return out


def _item(c: dict[str, list], j: int, vid: str) -> dict:
    """The fields a search item and a detail document share."""
    role, p = V.ROLES[c["role"][j]], c["pattern"][j]
    salary = salary_range = None
    if c["has_pay"][j]:
        m = c["mode"][j]
        salary = {"from": c["from"][j], "to": c["to"][j], "currency": CURRENCIES[c["currency"][j]],
                  "gross": (True, False, None)[c["gross"][j]]}
        salary_range = {**salary, "mode": H.PAY_MODE_OBJECTS[m],
                        "frequency": H.FREQUENCY_OBJECTS[m > 0][c["frequency"][j]]}
    published = c["published_at"][j]
    rec = {
        "id": vid, "premium": False,
        "name": W.title(role, V.PATTERNS[p].work_format == "REMOTE", c["text_seed"][j]),
        "department": None, "has_test": False, "response_letter_required": False,
        "area": H.AREA_OBJECTS[c["area"][j]], "salary": salary, "salary_range": salary_range,
        "type": H.TYPE_OPEN, "address": None,
        "published_at": published, "created_at": published, "archived": False,
        "apply_alternate_url": f"https://hh.ru/applicant/vacancy_response?vacancyId={vid}",
        "url": f"https://api.hh.ru/vacancies/{vid}?host=hh.ru",
        "alternate_url": f"https://hh.ru/vacancy/{vid}", "relations": [],
        "employer": H.EMPLOYER_OBJECTS[c["employer"][j]], "contacts": None,
        "professional_roles": [H.PROFESSIONAL_ROLE_OBJECTS[role.hh_roles[c["hh_role"][j]][0]]],
        "experience": H.EXPERIENCE_OBJECTS[c["experience"][j]],
        **H.PATTERN_LEGACY_FIELDS[p],
    }
    if c["new_fields"][j]:
        rec.update(H.PATTERN_NEW_FIELDS[p])
    else:
        del rec["salary_range"]
    return rec


def _english(c: dict[str, list], j: int) -> str | None:
    if not c["english"][j]:
        return None
    return W.english_phrase(V.LANGUAGE_LEVELS[c["english_level"][j]][0], c["text_seed"][j])


def _snippet(c: dict[str, list], j: int) -> dict[str, str]:
    role, pattern = V.ROLES[c["role"][j]], V.PATTERNS[c["pattern"][j]]
    snippet = W.snippet(role, pattern, _english(c, j), c["text_seed"][j])
    DP.extend_snippet(snippet, *(c[k][j] for k in DP.COLUMNS))
    return snippet


def _detail_fields(c: dict[str, list], j: int) -> dict:
    """What a detail document adds to the search item: HTML description, skills, languages."""
    role, h, english = V.ROLES[c["role"][j]], c["text_seed"][j], _english(c, j)
    description = W.description(role, V.PATTERNS[c["pattern"][j]], V.SECTORS[c["sector"][j]],
                                V.EMPLOYERS[c["employer"][j]][0], english,
                                MODES[c["mode"][j]] if c["has_pay"][j] else None, h)
    description += DP.description_extra(*(c[k][j] for k in DP.COLUMNS))
    return {
        "description": description, "branded_description": None,
        "key_skills": [{"name": x} for x in W.key_skills(role, h)],
        "languages": [H.LANGUAGE_OBJECTS[c["english_level"][j]]] if english else [],
        "driver_license_types": [{"id": "B"}] if role.key == "courier" and h % 3 == 0 else [],
        "accept_handicapped": h % 5 == 0, "accept_kids": False,
        "initial_created_at": c["initial_created_at"][j], "allow_messages": True, "code": None,
        "billing_type": {"id": "standard", "name": "Стандарт"}, "hidden": False, "test": None,
    }


def _spoil(rec: dict, kind: str) -> None:
    """Turn a record into one of the deliberately bad ones the loader must quarantine or flag."""
    pays = [p for p in (rec.get("salary"), rec.get("salary_range")) if p]
    if not pays and kind not in ("missing_id", "bad_date"):
        kind = "bad_date"  # nothing to spoil in a record without pay
    if kind == "missing_id":
        del rec["id"]
    elif kind == "bad_date":
        rec["published_at"] = "не указана"
    for pay in pays:
        low, high = pay["from"], pay["to"]
        if kind == "inverted_range":
            bound = low or high
            pay["from"], pay["to"] = (high, low) if low and high else (bound, bound // 2)
        elif kind == "unknown_currency":
            pay["currency"] = "XXX"
        elif kind == "negative_pay":
            pay["from" if low is not None else "to"] = -(low if low is not None else high)
