"""Where the work is done: remote, hybrid or on site (hh.ru fields, then text, then the job)."""

from __future__ import annotations

from collections.abc import Sequence

from pipelines.features.records import FIELD, TEXT
from pipelines.features.text import Phrases, is_negated

# Field work (разъездной характер) happens at the employer's or clients' premises.
_FIELD_FORMATS = {"remote": "remote", "hybrid": "hybrid", "on_site": "on_site",
                  "field_work": "on_site"}  # fmt: skip
_CUES = Phrases(
    [
        ("удалённо", "remote"),  # the adverb and «удалённый» share a lemma
        ("удалёнка", "remote"),
        ("из дома", "remote"),
        ("на дому", "remote"),
        ("дистанционно", "remote"),
        ("дистанционный", "remote"),
        ("remote", "remote"),
        ("гибрид", "hybrid"),
        ("гибридный", "hybrid"),
        ("частично удалённо", "hybrid"),
        ("частичная удалёнка", "hybrid"),
        ("только в офисе", "on_site"),
        ("только офис", "on_site"),
        ("на территории работодателя", "on_site"),
        ("офисный формат", "on_site"),
        ("разъездной", "on_site"),
        ("выездной", "on_site"),
        ("в офисе", "office"),
        ("в офис", "office"),
        ("из офиса", "office"),
        # «удалённый» about something other than the job: masked by the longer phrase.
        ("удалённый доступ", None),
        ("удалённое подключение", None),
        ("удалённый рабочий стол", None),
        ("удалённое администрирование", None),
        ("удалённая помощь", None),
        ("удалённая поддержка", None),
        ("удалённый сервер", None),
        ("удалённое обучение", None),
        ("обучение удалённо", None),
    ]
)


def work_format_of(
    field: str | None, schedule_id: str | None, whole: Sequence[str], on_site_job: str | None
) -> tuple[str | None, str | None]:
    """(work format, provenance).

    hh.ru's work_format (or the legacy schedule 'remote') first; then the text, where a denied
    remote («не удалённо», «удалёнки нет») or «только в офисе» means on site, remote plus
    «в офисе» means hybrid; last, on site when the job cannot be done elsewhere
    (`on_site_job` is the provenance of that judgement, None when it does not apply).
    """
    value = _FIELD_FORMATS.get(field or "") or ("remote" if schedule_id == "remote" else None)
    if value:
        return value, FIELD
    found = set()
    for start, end, kind in _CUES.find(whole):
        if kind is None:
            continue
        if is_negated(whole, start, end):
            if kind == "remote":
                found.add("on_site")
        else:
            found.add(kind)
    if "hybrid" in found:
        return "hybrid", TEXT
    if "on_site" in found:
        return "on_site", TEXT
    if "remote" in found:
        return ("hybrid" if "office" in found else "remote"), TEXT
    if "office" in found:
        return "on_site", TEXT
    if on_site_job:
        return "on_site", on_site_job
    return None, None
