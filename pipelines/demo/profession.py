"""The demo's profession portrait: requirements, duties, tools, conditions and request load,
drawn per vacancy with known pay effects and written into its text so that the extractors
(pipelines/features/profession.py, load.py) find them. The vocabulary is profession.csv:
one row per item — the field and code it stands for, the roles that may have it («support» for
the five support roles, «all»), its share among them, its pay factor and its wording. A `load`
row draws a number in [low, high] for `{n}`; its factor applies when the number is above `above`.

Known effects (what the Profession page should recover within a role family): a CRM
requirement ×1.05, more than 100 requests a shift ×0.97; every other item ×1.00. Key skills of
some detail documents («Работа в CRM») name CRM without the effect, so a measured CRM effect is
a little diluted (≈1 percentage point).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import numpy as np

from pipelines.demo import vocab as V

CSV_FILE = "profession.csv"
SUPPORT_ROLES = ("chat_operator", "call_operator", "tech_support", "support_lead", "support_qa")
_HEADINGS = ("Что для нас важно", "Чем предстоит заниматься", "Что предлагаем")


@dataclass(frozen=True)
class Item:
    field: str  # requirements | duties | tools | conditions | load
    code: str
    roles: frozenset[str]
    share: float
    effect: float
    text: str
    low: int = 0
    high: int = 0
    above: float = float("inf")


@cache
def items() -> tuple[Item, ...]:
    text = files("pipelines.demo").joinpath(CSV_FILE).read_text(encoding="utf-8")
    out = []
    all_roles = {r.key for r in V.ROLES}
    for line_no, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        roles: set[str] = set()
        for name in row["roles"].split():
            roles |= set(SUPPORT_ROLES if name == "support" else all_roles if name == "all"
                         else (name,))
        if not roles <= all_roles:
            raise ValueError(f"{CSV_FILE}, line {line_no}: unknown role in {row['roles']!r}")
        out.append(Item(
            row["field"], row["code"], frozenset(roles), float(row["share"]),
            float(row["effect"]), row["text"], int(row["low"] or 0), int(row["high"] or 0),
            float(row["above"]) if row["above"] else float("inf"),
        ))
    for a in out:  # a code's factor must apply once: rows of one code name different roles
        if any(b is not a and b.code == a.code and b.roles & a.roles for b in out):
            raise ValueError(f"{CSV_FILE}: two rows give {a.code} to the same role")
    if len(out) > 62:
        raise ValueError(f"{CSV_FILE}: at most 62 items fit the bit mask")
    return tuple(out)


def effects() -> dict[str, float]:
    """Pay factor per item code (load codes: the factor above their threshold)."""
    return {i.code: i.effect for i in items() if i.effect != 1.0}


COLUMNS = ("profile_bits", "load_chats", "load_shift")


def draw(rng: np.random.Generator, t: dict[str, np.ndarray]) -> None:
    """Add the profile columns to the draw `t` and apply their effects to t["true_pay"]."""
    n = len(t["role"])
    role_keys = np.array([r.key for r in V.ROLES])[t["role"]]
    bits = np.zeros(n, dtype=np.int64)
    loads = {"chats_at_once": np.full(n, np.nan), "requests_per_shift": np.full(n, np.nan)}
    factor = np.ones(n)
    for k, item in enumerate(items()):
        chosen = np.isin(role_keys, list(item.roles)) & (rng.random(n) < item.share)
        if item.field == "load":
            values = rng.integers(item.low, item.high + 1, n).astype(float)
            loads[item.code] = np.where(chosen, values, loads[item.code])
            factor *= np.where(chosen & (values > item.above), item.effect, 1.0)
        else:
            bits |= chosen.astype(np.int64) << k
            factor *= np.where(chosen, item.effect, 1.0)
    t["profile_bits"] = bits
    t["load_chats"] = loads["chats_at_once"]
    t["load_shift"] = loads["requests_per_shift"]
    t["true_pay"] = t["true_pay"] * factor


def chosen(bits: int, chats: float, shift: float) -> list[tuple[Item, str]]:
    """The items of one vacancy with their wording ({n} filled)."""
    out = []
    for k, item in enumerate(items()):
        if item.field == "load":
            value = chats if item.code == "chats_at_once" else shift
            if value == value:  # not NaN
                out.append((item, item.text.format(n=int(value))))
        elif bits >> k & 1:
            out.append((item, item.text))
    return out


def codes(bits: int, chats: float, shift: float) -> dict[str, object]:
    """What the extractors should find in the vacancy's text: code lists and the load."""
    found: dict[str, object] = {"requirements": [], "duties": [], "tools": [], "conditions": []}
    for item, _ in chosen(bits, chats, shift):
        if item.field != "load":
            found[item.field].append(item.code)
    found["chats_at_once"] = None if chats != chats else chats
    found["requests_per_shift"] = None if shift != shift else shift
    return found


def extend_snippet(snippet: dict[str, str], bits: int, chats: float, shift: float) -> None:
    """Requirements and tools go to the snippet's requirement, the rest to its responsibility."""
    need, work, _ = _texts(bits, _key(chats), _key(shift))
    if need:
        snippet["requirement"] += " " + need
    if work:
        snippet["responsibility"] += " " + work


def description_extra(bits: int, chats: float, shift: float) -> str:
    """An HTML block with the vacancy's items under the usual headings."""
    return _texts(bits, _key(chats), _key(shift))[2]


def _key(value: float) -> int:
    return -1 if value != value else int(value)  # NaN never equals itself: no cache key


@lru_cache(maxsize=1 << 16)
def _texts(bits: int, chats: int, shift: int) -> tuple[str, str, str]:
    """(snippet requirement, snippet responsibility, description HTML), memoised: a vacancy is
    written once per snapshot it is open in, and few combinations repeat a lot."""
    nan = float("nan")
    items_ = chosen(bits, nan if chats < 0 else chats, nan if shift < 0 else shift)
    need = [text for item, text in items_ if item.field in ("requirements", "tools")]
    work = [text for item, text in items_ if item.field not in ("requirements", "tools")]
    sections: dict[str, list[str]] = {h: [] for h in _HEADINGS}
    for item, text in items_:
        heading = (_HEADINGS[0] if item.field in ("requirements", "tools")
                   else _HEADINGS[2] if item.field == "conditions" else _HEADINGS[1])
        sections[heading].append(text)
    html = "".join(
        f"<p><strong>{h} ещё:</strong></p><ul>" + "".join(f"<li>{x}</li>" for x in xs) + "</ul>"
        for h, xs in sections.items() if xs
    )
    return (
        ". ".join(need) + "." if need else "",
        ". ".join(work) + "." if work else "",
        html,
    )
