"""The profession as the vacancy describes it: what it requires, the duties, the systems it
names and the conditions it offers — four lists of codes (docs/features.md) found by phrases
in title, description, snippet and key skills, with negation and modality as the other
extractors. The vocabulary is a data file, profession_cues.csv.

A cue is a phrase (lemmatised like the text), optionally `~ word|word` (one of these lemmas
must stand within a few words in the same clause, either side) and `! word|word` (none of these
may: «пришлите резюме на почту» is no e-mail duty). A denied cue counts for nothing, or for
its `if_negated` code («опыт не требуется» → no_experience_ok); a requirement said only as
nice to have («будет плюсом») is not one.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from functools import cache, lru_cache
from importlib.resources import files
from typing import NamedTuple

from pipelines.features.text import (
    MODAL,
    Phrases,
    after,
    before,
    is_modal_in_clause,
    is_negated,
    lemmas,
    lines_of,
)

CUES_FILE = "profession_cues.csv"
PROFILE_FIELDS = ("requirements", "duties", "tools", "conditions")
# The codes of each list, in the order they are reported. Codes are stable: add, never rename.
CODES = {
    "requirements": (
        "literacy",
        "typing_speed",
        "pc_skills",
        "crm_skills",
        "stress_resistance",
        "politeness",
        "experience_required",
        "no_experience_ok",
        "education_higher",
    ),
    "duties": (
        "chat_support",
        "phone_calls",
        "email_support",
        "consulting",
        "escalation",
        "reporting",
        "knowledge_base",
        "sales_upsell",
        "order_processing",
    ),
    "tools": (
        "amocrm",
        "bitrix24",
        "1c",
        "zendesk",
        "usedesk",
        "omnidesk",
        "jivo",
        "freshdesk",
        "helpdeskeddy",
        "intercom",
        "talk_me",
        "chatra",
        "jira",
        "okdesk",
        "retailcrm",
        "salesforce",
        "telegram",
        "whatsapp",
        # found in the data
        "vk",
        "viber",
        "excel",
        "confluence",
        "redmine",
        "naumen",
        "otrs",
        "youtrack",
        "slack",
        "sap",
        "google_docs",
        "wechat",
    ),
    "conditions": (
        "training_provided",
        "paid_training",
        "official_employment",
        "dms",
        "equipment_provided",
        "combine_with_study",
        "flexible_hours",
        "bonus",
        "career_growth",
    ),
}
# A code that says another: paid training is training.
_IMPLIES = {"paid_training": "training_provided"}
_NEAR = 8  # words either side for `~` and `!`


class Cue(NamedTuple):
    field: str
    codes: tuple[str, ...]
    need: frozenset[str]  # one of these lemmas near the phrase (empty: no condition)
    block: frozenset[str]  # none of these near it
    if_negated: str | None  # the code a denied cue stands for


class Profile(NamedTuple):
    requirements: tuple[str, ...] = ()
    duties: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()


def _words(text: str) -> frozenset[str]:
    return frozenset(w for part in text.split("|") for w in lemmas(part.strip()))


# A weak experience cue («опыт работы в продажах») stands for experience_required only when hh's
# structured experience field is absent; a strong one («опыт от 2 лет») overrides the field.
_WEAK_EXPERIENCE = "experience_mentioned"


@cache
def _tables() -> dict[tuple[str, bool], Phrases[Cue]]:
    """profession_cues.csv → a phrase table per field (read once): one phrase may be a cue of
    several fields («Excel» is a tool and a PC skill); weak experience cues have their own, so
    that «опыт работы» does not mask «опыт … от 2 лет» at the same word."""
    text = files(__package__).joinpath(CUES_FILE).read_text(encoding="utf-8")
    entries: dict[tuple[str, bool], list[tuple[str, Cue]]] = {}
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        field = row["field"].strip()
        codes = tuple(row["code"].split())
        if_negated = (row.get("if_negated") or "").strip() or None
        known = (*CODES.get(field, ()), _WEAK_EXPERIENCE)
        if not codes or any(c not in known for c in (*codes, *filter(None, [if_negated]))):
            raise ValueError(f"{CUES_FILE}, line {line_no}: unknown field or code in {row}")
        phrase, _, block = row["phrase"].partition("!")
        phrase, _, need = phrase.partition("~")
        cue = Cue(field, codes, _words(need), _words(block), if_negated)
        key = (field, codes == (_WEAK_EXPERIENCE,))
        entries.setdefault(key, []).append((phrase.strip(), cue))
    return {f: Phrases(e) for f, e in entries.items()}


def profile_of(
    whole: Sequence[str],
    schedule: str | None,
    experience: str | None,
    experience_from: str | None = None,
) -> Profile:
    """The four lists of one vacancy from its lemma sequence (title, BREAK, body), with the
    schedule and experience already extracted (a flexible schedule is flexible hours; hh's
    experience field decides unless the text says more: «рассмотрим без опыта», «от 3 лет»)."""
    found: dict[str, set[str]] = {f: set() for f in PROFILE_FIELDS}
    # Every test a cue goes through stays within its line (clauses end at line breaks) but one:
    # a requirement or duty under a «Будет плюсом:» heading is only nice to have. So the codes
    # are found line by line, with what the nearest heading above says, and lines repeat from
    # vacancy to vacancy (templates, benefits lists): each distinct one is read once.
    under_modal_heading = False
    for line in lines_of(whole):
        read = _line_codes if len(line) <= _MEMO_TOKENS else _line_codes.__wrapped__
        for field, code in read(line, under_modal_heading):
            found[field].add(code)
        if line and line[-1] == ":" and len(line) <= 6:  # a heading: it decides below it
            under_modal_heading = bool(MODAL.intersection(line))
    return profile_from(found, schedule, experience, experience_from)


def profile_from(
    found: dict[str, set[str]],
    schedule: str | None,
    experience: str | None,
    experience_from: str | None = None,
) -> Profile:
    """The Profile of the codes the cues found per field (changed in place), with what the
    experience and schedule fields add: profile_of's last step."""
    requirements = found["requirements"]
    weak = _WEAK_EXPERIENCE in requirements
    requirements.discard(_WEAK_EXPERIENCE)
    if "no_experience_ok" in requirements:
        requirements.discard("experience_required")  # «опыт не обязателен, но от года — плюс»
    elif "experience_required" not in requirements:
        if experience and (experience_from == "field" or not weak):
            code = "no_experience_ok" if experience == "noExperience" else "experience_required"
            requirements.add(code)
        elif weak:
            requirements.add("experience_required")
    if schedule == "flexible":
        found["conditions"].add("flexible_hours")
    for code, implied in _IMPLIES.items():
        if code in found["conditions"]:
            found["conditions"].add(implied)
    return Profile(
        *(tuple(c for c in CODES[f] if c in found[f]) if found[f] else () for f in PROFILE_FIELDS)
    )


_MEMO_TOKENS = 128  # longer lines are rare and would only fill the memo


@lru_cache(maxsize=1 << 15)
def _line_codes(line: tuple[str, ...], under_modal_heading: bool) -> frozenset[tuple[str, str]]:
    """(field, code) pairs the cues of one line stand for; `under_modal_heading`: whether the
    nearest heading above the line says «желательно» or «плюс» (see text.is_modal)."""
    out: set[tuple[str, str]] = set()
    matches = [m for table in _tables().values() for m in table.find(line)]
    for start, end, cue in matches:
        if cue.need or cue.block:
            window = {*before(line, start, _NEAR), *after(line, end, _NEAR)}
            if cue.need and not cue.need.intersection(window):
                continue
            if cue.block and cue.block.intersection(window):
                continue
        if is_negated(line, start, end):
            if cue.if_negated:
                out.add((cue.field, cue.if_negated))
            continue
        if cue.field in ("requirements", "duties") and (
            under_modal_heading or is_modal_in_clause(line, start, end)
        ):
            continue
        out.update((cue.field, code) for code in cue.codes)
    return frozenset(out)
