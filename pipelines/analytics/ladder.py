"""The career ladder of a role family, from role family and the title's seniority (pure).

Support families climb operator → senior operator → team lead / supervisor → QA / quality
specialist (leads and QA are families of their own: features/roles.py); other families climb
junior → middle → senior → lead by the title's level (features/seniority.py; a title naming no
level counts as middle). Per step: pay P25–P50–P75 and n, the experience it asks for (hh.ru
buckets), and the gain over the step below as a premium with its interval and n.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from pipelines.analytics.profession import premium_row, quartiles
from pipelines.analytics.stats import confidence
from pipelines.features import seniority as lv
from pipelines.features.records import EXPERIENCE, SUPPORT_FAMILIES

OPERATOR_FAMILIES = ("chat_support", "call_centre", "tech_support")
SUPPORT_STEPS = ("operator", "senior_operator", "team_lead", "qa")
GENERAL_STEPS = ("junior", "middle", "senior", "lead")
ALIASES = {"chat_operator": "chat_support", "support": "chat_support"}


def family_code(role: str) -> str:
    """The role family code for `role` (accepts a few aliases such as 'chat_operator')."""
    return ALIASES.get(role, role)


def steps_of(role: str) -> tuple[str, ...]:
    return SUPPORT_STEPS if family_code(role) in SUPPORT_FAMILIES else GENERAL_STEPS


def step_of(role: str, family: str | None, level: int | None) -> str | None:
    """The ladder step of one vacancy (family, title level) on `role`'s ladder; None when the
    vacancy is not on it."""
    role = family_code(role)
    if role in SUPPORT_FAMILIES:
        if family == "support_lead":
            return "team_lead"
        if family == "support_qa":
            return "qa"
        operators = OPERATOR_FAMILIES if role not in OPERATOR_FAMILIES else (role,)
        if family not in operators:
            return None
        return "senior_operator" if level is not None and level >= lv.SENIOR else "operator"
    if family != role or level == lv.DIRECTOR:
        return None
    if level is None or level == lv.MIDDLE:
        return "middle"
    if level <= lv.JUNIOR:
        return "junior"
    return "senior" if level == lv.SENIOR else "lead"


def ladder(frame: pd.DataFrame, role: str, minimum: int = 10) -> pd.DataFrame:
    """One row per step of `role`'s ladder, in order: n, n_pay, p25, p50, p75, confidence, thin,
    experience shares (one column per hh bucket, among vacancies stating one; exp_n is their
    number), exp_top (the commonest bucket), and the gain over the nearest step below that has
    pay (gain_from; gain, gain_low, gain_high, gain_n_with, gain_n_without, gain_verdict,
    gain_confidence, gain_reason; none for the first step)."""
    levels = _levels(frame["title"])
    steps = np.array([step_of(role, f, v) for f, v in zip(frame["role_family"], levels,
                                                           strict=True)], dtype=object)
    pay = pd.to_numeric(frame["pay"], errors="coerce").to_numpy(dtype=float)
    rows = []
    order = steps_of(role)
    for position, step in enumerate(order):
        inside = steps == step
        mine = pd.Series(pay[inside]).dropna()
        experience = frame.loc[inside, "experience"].dropna()
        row = {
            "step": step, "n": int(inside.sum()), "n_pay": len(mine), **quartiles(mine),
            "confidence": confidence(len(mine)),
            "thin": len(mine) < minimum, "exp_n": len(experience),
            "exp_top": experience.mode().iloc[0] if len(experience) else None,
            **{f"exp_{b}": (experience == b).mean() if len(experience) else None
               for b in EXPERIENCE},
        }  # fmt: skip
        below = [r["step"] for r in rows if r["n_pay"]]  # the nearest step below with pay
        if position and below and len(mine):
            row["gain_from"] = below[-1]
            pair = (steps == step) | (steps == below[-1])
            gain = premium_row(pay[pair], (steps[pair] == step).astype(float),
                               np.zeros(pair.sum()), minimum)
            row.update({"gain": gain["estimate"], "gain_low": gain["low"],
                        "gain_high": gain["high"], "gain_n_with": gain["n_with"],
                        "gain_n_without": gain["n_without"], "gain_verdict": gain["verdict"],
                        "gain_confidence": gain["premium_confidence"],
                        "gain_reason": gain["reason"]})  # fmt: skip
        rows.append(row)
    return pd.DataFrame(rows)


def _levels(titles: pd.Series) -> list[int | None]:
    # Titles repeat a lot (one employer posts the same title many times): lemmatise each once.
    distinct = {t: lv.seniority_of(t) for t in set(titles.fillna(""))}
    return [distinct[t] for t in titles.fillna("")]



def ladder_families(role: str) -> tuple[str, ...]:
    """The role families `role`'s ladder reads (support ladders reach leads and QA)."""
    role = family_code(role)
    if role in SUPPORT_FAMILIES:
        operators = OPERATOR_FAMILIES if role not in OPERATOR_FAMILIES else (role,)
        return (*operators, "support_lead", "support_qa")
    return (role,)


def gain_of(step: dict) -> dict | None:
    """A ladder row's gain as a premium_row-like dict (for profession_labels.premium_text);
    None for a step with no step below to compare with."""
    if not isinstance(step.get("gain_from"), str):
        return None
    return {"estimate": step["gain"], "low": step["gain_low"], "high": step["gain_high"],
            "verdict": step["gain_verdict"], "level": 0.9, "n_with": step["gain_n_with"],
            "n_without": step["gain_n_without"]}  # fmt: skip
