"""Pay as people write it in vacancy posts («от 40 тыс. на руки») → a pay record (pure, no I/O).

The grammar, its cues and what it ignores are in docs/pay-text.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipelines.normalise.currency import RUB, canonical_currency
from pipelines.normalise.pay import MAX_POSTED_AMOUNT

__all__ = ["PayText", "parse_pay_text"]


@dataclass(frozen=True, slots=True)
class PayText:
    """Pay found in free text, in the vocabulary of PayInput (amounts as posted, not monthly)."""

    low: float | None  # lower bound; None when only «до …» is stated
    high: float | None  # upper bound; None for «от …» and for a base «оклад X + премии»
    currency: str  # ISO code as normalise_pay takes it: 'RUB', 'USD', 'KZT', …
    period: str  # one of pay.PERIODS: 'month', 'hour', 'shift', 'day', 'week', 'year', …
    gross: bool | None  # True = before tax, False = net («на руки»), None = not stated


# Thin, narrow no-break, figure and no-break spaces all group digits like a plain space.
_SPACES = str.maketrans({c: " " for c in "\u00a0\u2009\u202f\u2007\u2002\u2003\t"})
_DASHES = str.maketrans({c: "-" for c in "–—‒−"})
# Russian mobile and landline numbers: +7/8, then 10 digits in any grouping.
_PHONE = re.compile(r"(?<!\d)(?:\+7|8|7)[\s\-(]*\d{3}[\s\-)]*\d{3}[\s\-]*\d{2}[\s\-]*\d{2}(?!\d)")

_CURRENCY_WORDS = (
    (r"бел(?:\.|орусск\w*)?\s?руб\w*\.?", "BYN"),
    (r"т\.?\s?р\.?(?![а-я])|тр(?![а-я])", RUB),  # «тысяч рублей»: also a multiplier, see below
    (r"₽|руб(?:л[а-я]*)?\.?|р\.?(?![а-я])|rub(?![a-z])|rur(?![a-z])", RUB),
    (r"\$|usd(?![a-z])|долл(?:ар[а-я]*)?\.?|у\.\s?е\.?", "USD"),
    (r"€|eur(?![a-z])|евро(?![а-я])", "EUR"),
    (r"₸|тенге|kzt(?![a-z])|тг\.?(?![а-я])", "KZT"),
    (r"byn(?![a-z])|byr(?![a-z])", "BYN"),
    (r"сум(?![а-я])|uzs(?![a-z])", "UZS"),
    (r"₴|грн\.?|гривен|uah(?![a-z])", "UAH"),
    (r"сом(?![а-я])|kgs(?![a-z])", "KGS"),
    (r"¥|юан[а-я]*|cny(?![a-z])", "CNY"),
    (r"лари(?![а-я])|gel(?![a-z])", "GEL"),
    (r"драм[а-я]*|amd(?![a-z])", "AMD"),
    (r"манат[а-я]*|azn(?![a-z])", "AZN"),
)
_CURRENCY = "|".join(f"(?:{pattern})" for pattern, _ in _CURRENCY_WORDS)
_CURRENCY_BEFORE = r"[$€₽₸£¥]|usd|eur|rub|kzt|byn"
_MULTIPLIER = (
    r"т\.?\s?р\.?(?![а-я])|тр(?![а-я])|тыс(?:яч[аиу]?)?\.?|млн\.?|миллион[а-я]*"
    r"|(?<=\d)[кkт](?![а-яa-z])"
)
_ATOM = re.compile(
    rf"(?P<pre>(?:{_CURRENCY_BEFORE})\s?)?"
    r"(?<![\w.,/:])(?<!/ )(?<!\d )"  # not inside a word, a number, a date, a time or «5/2»
    r"(?P<int>\d{1,3}(?: \d{3})+|\d+)(?:[.,](?P<frac>\d+))?"
    r"(?![.,]?\d)(?!\s?[/:]\s?\d)"
    rf"(?:\s?(?P<mult>{_MULTIPLIER}))?"
    rf"(?:\s?(?P<cur>{_CURRENCY}))?"
)
_RANGE_GLUE = re.compile(r"\s*(?:-|до|по)\s*")
_FROM = re.compile(r"(?:^|[^а-яa-z])(от|до|с)\s*$")
_BASE_PLUS = re.compile(r"\s*(?:\+|плюс(?![а-я]))")

_KEYWORD = (
    r"з\s?/\s?пл?|з\.\s?п\.?|(?<![а-я])зп(?![а-я])|зарплат|заработ|оплат|доход|оклад|ставк"
    r"|вознагражд|платим|зарабат|выплат|получа|salary|income|pay(?![a-z])"
)
# Money that is not the pay: bonuses, perks, costs. The nearest cue word before an amount wins.
_NOT_PAY = (
    r"преми|бонус|компенсац|скидк|штраф|кэшб|залог|стоимост|цен[аеуы](?![а-я])|связ|проезд"
    r"|питани|обучени|подар|кредит|ипотек|помощ|аренд|депозит|взнос|чаев"
)
_CUE_WORD = re.compile(rf"(?P<pay>{_KEYWORD})|(?P<other>{_NOT_PAY})")
# Words that may follow an amount without a currency; any other word makes it a count
# («2 раза», «5 дней», «18 лет», «3 млн клиентов»).
_ALLOWED_NEXT = re.compile(
    r"\s*+(?:$|[^\w%]|(?:до|от|в|за|на|плюс|чистыми|грязными|gross|гросс|net|нетто|брутто"
    r"|ежемесячно|включая|после|с|per|белая|белой|официальн\w*|фикс\w*|гарант\w*)(?![а-яa-z]))"
)

_PERIODS = (
    ("hour", r"(?:в|за|/)\s?час(?![а-я])|/\s?ч(?![а-я])|в\s?ч\.|почасов|per hour|/h(?![a-z])"),
    ("shift", r"(?:в|за|/)\s?смен[уаы]?(?![а-я])|посменн|за выход|(?:в|за|/)\s?сутки"),
    ("day", r"(?:в|за|/)\s?день|/\s?дн|ежедневн|per day"),
    ("week", r"(?:в|за|/)\s?недел[юя]|/\s?нед|еженедельн|per week"),
    ("month", r"(?:в|за|/)\s?мес|ежемесячн|per month"),
    ("year", r"(?:в|за|/)\s?год(?![а-я])|годов[а-я]+ доход|per year"),
    ("project", r"за\s?проект|/\s?проект|за весь проект"),
    ("service", r"за\s?(?:заказ|услугу|задачу|выезд)(?![а-я])"),
)
_PERIOD = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _PERIODS))

_GROSS = (
    r"до\s(?:вычета|уплаты|удержания)|до\sналог|до\sндфл|gross|гросс|брутто|грязными"
    r"|включая\sндфл"
)
_NET = r"на\sруки|чистыми|(?<![a-z])net(?![a-z])|нетто|(?:после|за)\s(?:вычет|уплат|удержан)"
_TAX = re.compile(rf"(?P<gross>{_GROSS})|(?P<net>{_NET})")

_FREQUENCY = re.compile(r"раза?\s$")
_CAPITAL_NEXT = re.compile(r"\.?\s+[A-ZА-ЯЁ]")
_CLAUSE_END = re.compile(r"[\n;!?•|]")
_WINDOW = 50  # characters either side of an amount in which cues count
_KEYWORD_ONLY_MIN = 1000.0  # «зарплата 50000» is pay, «ставка 0,5» and «зп 2 раза» are not


@dataclass(frozen=True, slots=True)
class _Atom:
    start: int
    end: int
    value: float
    multiplier: float | None
    currency: str | None
    is_count: bool  # followed by %, a noun or a time: not an amount of money


def _currency_code(word: str | None) -> str | None:
    if not word:
        return None
    word = word.strip()
    for pattern, code in _CURRENCY_WORDS:
        if re.fullmatch(pattern, word):
            return code
    return canonical_currency(word)  # the codes written before the number: usd, eur, …


def _multiplier(word: str | None) -> float | None:
    if not word:
        return None
    return 1e6 if word.startswith(("млн", "милл")) else 1e3


def _atoms(text: str, cased: str) -> list[_Atom]:
    """Every number with its multiplier and currency; `cased` is `text` before lower-casing."""
    atoms = []
    for m in _ATOM.finditer(text):
        digits = m["int"].replace(" ", "")
        frac = m["frac"] or ""
        mult = _multiplier(m["mult"])
        currency = _currency_code(m["cur"]) or _currency_code(m["pre"])
        if m["mult"] and m["mult"].startswith(("т.", "тр")) and not m["cur"]:
            currency = RUB  # «40 т.р.» = thousand roubles
        if len(frac) == 3 and mult is None:  # «40.000» groups thousands
            digits, frac = digits + frac, ""
        value = float(f"{digits}.{frac or 0}") * (mult or 1)
        time_like = (
            mult is None
            and currency is None
            and len(frac) == 2
            and len(digits) <= 2
            and int(digits) <= 24
        )
        next_ok = _ALLOWED_NEXT.match(text, m.end()) or _sentence_ends(cased, m.end())
        is_count = time_like or text.startswith("%", m.end()) or (currency is None and not next_ok)
        atoms.append(_Atom(m.start(), m.end(), value, mult, currency, is_count))
    return atoms


def _sentence_ends(cased: str, end: int) -> bool:
    """«35-40 тысяч. Тел.»: a full stop then a capital ends the sentence, not a count."""
    stop = cased[end - 1 : end] == "." or cased.startswith(".", end)
    return stop and _CAPITAL_NEXT.match(cased, end) is not None


def _clause_before(text: str, start: int) -> str:
    window = text[max(0, start - _WINDOW) : start]
    ends = list(_CLAUSE_END.finditer(window))
    return window[ends[-1].end() :] if ends else window


def _clause_after(text: str, end: int, upto: int, stop: str = "") -> str:
    """Text after an amount up to the clause end or the next amount (`upto`), at most _WINDOW."""
    window = text[end : min(end + _WINDOW, upto)]
    cut = re.search(rf"[\n;!?•|{stop}]", window)
    return window[: cut.start()] if cut else window


def _nearest_cue(before: str) -> str | None:
    """'pay' or 'other' for the cue word nearest before an amount, None when there is none."""
    found = None
    for m in _CUE_WORD.finditer(before):
        found = "pay" if m["pay"] else "other"
    return found


def _period(text: str) -> str | None:
    """The first period phrase in `text`, skipping frequencies like «2 раза в месяц»."""
    for m in _PERIOD.finditer(text):
        if not _FREQUENCY.search(text, 0, m.start()):
            return m.lastgroup
    return None


def _gross(before: str, after: str) -> bool | None:
    m = _TAX.search(after[:40])
    if m is None:
        matches = list(_TAX.finditer(before))
        m = matches[-1] if matches else None
    return None if m is None else m.lastgroup == "gross"


def _bounds(text: str, left: _Atom, right: _Atom | None) -> tuple[float | None, float | None]:
    if right is not None:
        low, high = left.value, right.value
        if left.multiplier is None and right.multiplier and low < 1000:
            low *= right.multiplier  # «40–60 тыс.»: the multiplier is shared
        return (low, high) if low <= high else (high, low)
    prefix = _FROM.search(text, max(0, left.start - 4), left.start)
    word = prefix[1] if prefix else None
    if word == "от" or _BASE_PLUS.match(text, left.end):
        return left.value, None  # «от X», and a base «оклад X + премии» is the lower bound
    if word == "до":
        return None, left.value
    return left.value, left.value


def _expression(text: str, left: _Atom, right: _Atom | None, upto: int) -> PayText | None:
    """The pay stated by one amount or a range of two; `upto` is where the next amount starts."""
    atoms = (left,) if right is None else (left, right)
    if any(a.is_count for a in atoms):
        return None
    start, end = left.start, atoms[-1].end
    before = _clause_before(text, start)
    tail = re.split(r"[,()]", before)[-1]  # «премия, оклад 40 000»: only the tail can veto
    if _nearest_cue(tail) == "other":
        return None
    # «44 500 р, на руки 38 715 р»: a tax word after a comma belongs to the next amount.
    after = _clause_after(text, end, upto, "," if upto < min(len(text), end + _WINDOW) else "")
    period = _period(_clause_after(text, end, upto, ",")[:30]) or _period(tail)
    gross = _gross(before, after)
    low, high = _bounds(text, left, right)
    top = max(v for v in (low, high) if v is not None)
    if not (0 < top <= MAX_POSTED_AMOUNT):
        return None
    currency = next((a.currency for a in atoms if a.currency), None)
    strong = currency or any(a.multiplier for a in atoms) or period or gross is not None
    if not strong and not (_nearest_cue(before) == "pay" and top >= _KEYWORD_ONLY_MIN):
        return None
    return PayText(low, high, currency or RUB, period or "month", gross)


def parse_pay_text(text: str) -> PayText | None:
    """The first pay stated in `text` (a post, a title, a salary line); None = not stated.

    Amounts are as posted (not converted to a month or to gross); a missing currency is RUB and
    a missing period is a month, as for the API sources.
    """
    if not isinstance(text, str):
        return None
    cased = _PHONE.sub(lambda m: " " * len(m[0]), text.translate(_SPACES).translate(_DASHES))
    # Lower-cased character by character so that positions in `text` and `cased` agree.
    text = "".join(c if len(c.lower()) != 1 else c.lower() for c in cased).replace("ё", "е")
    atoms = _atoms(text, cased)
    i = 0
    while i < len(atoms):
        left = atoms[i]
        right = atoms[i + 1] if i + 1 < len(atoms) else None
        if right is not None and _RANGE_GLUE.fullmatch(text, left.end, right.start):
            upto = atoms[i + 2].start if i + 2 < len(atoms) else len(text)
            found = _expression(text, left, right, upto)
            if found is not None:
                return found
            i += 1
            continue
        found = _expression(text, left, None, right.start if right else len(text))
        if found is not None:
            return found
        i += 1
    return None
