"""Writes the nasty-input corpus: per source, files that once crashed a load or lost records.

    python tests/data/nasty/make_corpus.py

Each source folder holds one good file (`good.*`) and the nasty ones. The expected outcome of
every file is in `expected.csv` beside this script, which tests/test_nasty_inputs.py reads; the
folders are written by this script so that they can be regenerated, and committed so that the
test needs nothing but the files.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).parent
DATA = HERE.parent
DIGITS = "1" + "0" * 5000  # a number of thousands of digits
DEEP = 20_000  # nesting far past any parser's recursion limit


def hh_record() -> dict:
    return json.loads((DATA / "hh" / "search_page.json").read_text("utf-8"))["items"][0]


def superjob_record() -> dict:
    page = json.loads((DATA / "superjob" / "snapshot" / "page-0.json").read_text("utf-8"))
    return page["objects"][0]


def trudvsem_record() -> dict:
    page = json.loads((DATA / "trudvsem" / "snapshot" / "page-0.json").read_text("utf-8"))
    return page["results"]["vacancies"][0]["vacancy"]


def telegram_record() -> dict:
    export = json.loads((DATA / "telegram" / "remote_jobs" / "result.json").read_text("utf-8"))
    return export["messages"][1]


class Source:
    """How one source holds records in a file, and where a record keeps its id, date and pay."""

    def __init__(self, name, record, wrap, set_id, set_date, set_pay, suffix=".json"):
        self.name, self.record, self.wrap = name, record, wrap
        self.set_id, self.set_date, self.set_pay, self.suffix = set_id, set_date, set_pay, suffix

    def variant(self, number: int, change: Callable[[dict], None] | None = None) -> dict:
        record = copy.deepcopy(self.record)
        self.set_id(record, str(number))
        if change:
            change(record)
        return record


def _set(path: list[str]):
    def setter(record: dict, value) -> None:
        target = record
        for key in path[:-1]:
            target = target.setdefault(key, {})
        target[path[-1]] = value

    return setter


def _telegram_id(record: dict, value: str) -> None:
    record["id"] = int(value) if value.strip().isdigit() else value


def _telegram_date(record: dict, value: str) -> None:
    record["date"] = value
    record.pop("date_unixtime", None)


def _telegram_pay(record: dict, value: str) -> None:
    record["text"] = record["text"].replace("от 45 000 до 60 000", f"от {value}")


def _hh_pay(record: dict, value) -> None:
    for key in ("salary", "salary_range"):
        if isinstance(record.get(key), dict):
            record[key]["from"] = value


def _superjob_date(record: dict, value: str) -> None:
    years = {"0000": -62_167_219_200, "10000": 253_402_300_800, "2999": 32_503_680_000,
             "1900": -2_208_988_800}  # fmt: skip
    record["date_published"] = years[value.split("-")[0]]


SOURCES = [
    Source("hh", hh_record(), lambda rs: {"items": rs, "found": len(rs)}, _set(["id"]),
           lambda r, v: r.__setitem__("published_at", v), _hh_pay),
    Source("superjob", superjob_record(), lambda rs: {"objects": rs, "total": len(rs)},
           _set(["id"]), _superjob_date, _set(["payment_from"])),
    Source("trudvsem", trudvsem_record(),
           lambda rs: {"results": {"vacancies": [{"vacancy": r} for r in rs]}},
           _set(["id"]), lambda r, v: r.__setitem__("creation-date", v.split("T")[0]),
           _set(["salary_min"])),
    Source("telegram", telegram_record(),
           lambda rs: {"name": "Вакансии", "type": "public_channel", "id": 1712345678,
                       "messages": rs},
           _telegram_id, _telegram_date, _telegram_pay),
]  # fmt: skip


def dump(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, indent=1).encode("utf-8")


def write_json_source(source: Source) -> None:
    folder = HERE / source.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()

    def put(name: str, data: bytes) -> None:
        (folder / f"{name}{source.suffix}").write_bytes(data)

    good = [source.variant(n) for n in (1, 2, 3)]
    put("good", dump(source.wrap(good)))
    put("empty", b"")
    put("whitespace", b"  \n\t\r\n  ")
    put("deep_open", b"[" * DEEP)
    put("deep_closed", b"[" * DEEP + b"]" * DEEP)
    put("deep_record", dump(source.wrap([source.variant(10)]))[:-1] +
        b"," + b"[" * 5000 + b"]" * 5000 + b"]")  # fmt: skip
    text = dump(source.wrap([source.variant(n) for n in (20, 21, 22, 23)]))
    put("truncated", text[: len(text) * 3 // 4])
    cp1251 = dump(source.wrap([source.variant(30)])).decode("utf-8")
    put("cp1251", cp1251.encode("cp1251", "replace"))
    put("utf16", b"\xff\xfe" + dump(source.wrap([source.variant(35)])).decode().encode("utf-16-le"))
    put("binary", bytes(range(256)) * 4)
    put("nul", b"\x00" * 1000)
    cases = {
        "year0": "0000-01-01T00:00:00+0300",
        "year10000": "10000-01-01T00:00:00+0300",
        "future": "2999-01-01T00:00:00+0300",
        "past": "1900-01-01T00:00:00+0300",
    }
    for number, (name, date) in enumerate(cases.items(), start=50):
        record = source.variant(number, lambda r, d=date: source.set_date(r, d))
        put(name, dump(source.wrap([record, source.variant(number + 100)])))
    blank = [source.variant(60, lambda r: source.set_id(r, "")),
             source.variant(61, lambda r: source.set_id(r, "   ")),
             source.variant(62)]  # fmt: skip
    put("blank_id", dump(source.wrap(blank)))
    huge = [source.variant(70, lambda r: source.set_pay(r, "__N__")), source.variant(71)]
    digits = DIGITS.encode()
    put("huge_pay", dump(source.wrap(huge)).replace(b'"__N__"', digits).replace(b"__N__", digits))
    floaty = [source.variant(72, lambda r: source.set_pay(r, "__F__")), source.variant(73)]
    inf = dump(source.wrap(floaty)).replace(b'"__F__"', b"1e999")
    put("inf_pay", inf.replace(b"__F__", b"1e999"))
    put("not_json", "просто текст, не JSON".encode())
    put("scalar", b"42")
    put("wrong_shape", dump({"items": "строка", "objects": 5, "results": [], "messages": {}}))


def write_csv() -> None:
    folder = HERE / "csv"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.rglob("*"):
        if old.is_file():
            old.unlink()
    mapping = (DATA / "csv" / "board" / "mapping.toml").read_text("utf-8")
    (folder / "mapping.toml").write_text(mapping, "utf-8")
    header = ";".join(["Код", "Должность", "Компания", "Город", "ЗП от", "ЗП до", "Валюта",
                       "Налог", "Период", "Дата", "График", "Опыт", "Описание"])  # fmt: skip

    def row(code: str, pay: str = "45 000", date: str = "05.03.2025") -> str:
        return f"{code};Оператор call-центра;Ромашка;Москва;{pay};;RUB;на руки;в месяц;{date};;;"

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)

    def table(*rows: str) -> str:
        return "\n".join([header, *rows]) + "\n"

    put("good.csv", table(row("1"), row("2"), row("3")).encode())
    put("empty.csv", b"")
    put("whitespace.csv", b"   \n\n \t \n")
    put("header_only.csv", (header + "\n").encode())
    put("cp1251.csv", table(row("10"), row("11")).encode("cp1251"))
    put("binary.csv", bytes(range(256)) * 4)
    put("bignum.csv", table(row("20", pay=DIGITS), row("21")).encode())
    put("dates.csv", table(row("30", date="00.01.0000"), row("31", date="01.01.10000"),
                           row("32", date="01.01.2999"), row("33", date="01.01.1900"),
                           row("34")).encode())  # fmt: skip
    put("blank_id.csv", table(row(""), row("   "), row("42")).encode())
    put("truncated.csv", table(row("50"), row("51"))[:-25].encode())
    put("quotes.csv", (header + '\n"60;Оператор\n' + row("61") + "\n").encode())
    put("nul.csv", table(row("70")).replace("Ромашка", "Ром\x00ашка").encode())
    # A mapping is checked before anything loads: this one is refused in one line.
    odd = HERE / "csv_mapping"
    odd.mkdir(exist_ok=True)
    (odd / "mapping.toml").write_text(mapping.replace('delimiter = ";"',
                                      'delimiter = ";"\nencoding = "base64"'), "utf-8")  # fmt: skip
    (odd / "rows.csv").write_bytes(table(row("80")).encode())


def write_jobposting() -> None:
    folder = HERE / "jobposting"
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    posting = {
        "@context": "https://schema.org", "@type": "JobPosting", "title": "Оператор чата",
        "hiringOrganization": {"@type": "Organization", "name": "Ромашка"},
        "datePosted": "2026-11-03", "identifier": {"@type": "PropertyValue", "value": 1},
        "baseSalary": {"@type": "MonetaryAmount", "currency": "RUB",
                       "value": {"@type": "QuantitativeValue", "minValue": 50000,
                                 "unitText": "MONTH"}},
    }  # fmt: skip

    def page(script: str, charset: str = "utf-8") -> str:
        return (
            f'<!doctype html><html><head><meta charset="{charset}"><title>x</title>'
            f'<script type="application/ld+json">{script}</script></head><body></body></html>'
        )

    def with_(number: int, **fields) -> dict:
        value = copy.deepcopy(posting)
        value["identifier"]["value"] = number
        value.update(fields)
        return value

    def put(name: str, data: bytes) -> None:
        (folder / name).write_bytes(data)

    put("good.html", page(json.dumps(with_(1), ensure_ascii=False)).encode())
    put("good.jsonld", json.dumps([with_(2), with_(3)], ensure_ascii=False).encode())
    put("empty.html", b"")
    put("whitespace.jsonld", b" \n\n ")
    put("deep.html", page("[" * DEEP).encode())
    put("deep.jsonld", b"[" * DEEP + b"]" * DEEP)
    put("cp1251.html", page(json.dumps(with_(10), ensure_ascii=False), "windows-1251")
        .encode("cp1251"))  # fmt: skip
    put("bignum.jsonld", json.dumps([with_(20, baseSalary="__N__"), with_(21)], ensure_ascii=False)
        .replace('"__N__"', DIGITS).encode())  # fmt: skip
    dates = [with_(30, datePosted="0000-01-01"), with_(31, datePosted="10000-01-01"),
             with_(32, datePosted="2999-01-01"), with_(33, datePosted="1900-01-01"), with_(34)]
    put("dates.jsonld", json.dumps(dates, ensure_ascii=False).encode())
    blank = [with_(40, identifier={"value": ""}), with_(41, identifier="  "), with_(42)]
    put("blank_id.jsonld", json.dumps(blank, ensure_ascii=False).encode())
    text = json.dumps([with_(50), with_(51), with_(52)], ensure_ascii=False, indent=1)
    put("truncated.jsonld", text[: len(text) * 3 // 4].encode())
    put("binary.html", bytes(range(256)) * 4)


def main() -> None:
    for source in SOURCES:
        write_json_source(source)
    write_csv()
    write_jobposting()


if __name__ == "__main__":
    main()
