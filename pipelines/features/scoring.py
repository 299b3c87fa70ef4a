"""Precision and recall of the extractors against hand labels (pure: dicts in, scores out).

A field's "no value" (null, or `other` for sector and role family) is an abstention: precision
counts only the values the extractor committed to, recall counts the labelled values it found.
Languages are scored as (vacancy, language) pairs; levels and required flags on matched pairs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

# Field → the value that means "not stated / cannot tell".
FIELDS = {
    "sector": "other",
    "role_family": "other",
    "schedule": None,
    "shift_pattern": None,
    "work_format": None,
    "part_time_hours": None,
    "experience": None,
    "employment": None,
}
# Binary views the targets are stated for: the label (or prediction) says yes.
POSITIVE = {
    "night_shifts": lambda r: r.get("night_shifts") is True,
    "remote": lambda r: r.get("work_format") == "remote",
}


@dataclass(frozen=True)
class Score:
    predicted: int  # values the extractor committed to
    labelled: int  # values the labels hold
    correct: int

    @property
    def precision(self) -> float | None:
        return self.correct / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.labelled if self.labelled else None


def score(labels: Mapping[str, Mapping], predictions: Mapping[str, Mapping]) -> dict[str, Score]:
    """Per field scores over the labelled vacancies (both keyed by 'source:vacancy_id')."""
    keys = [k for k in labels if k in predictions]
    out = {}
    for field, none in FIELDS.items():
        predicted = labelled = correct = 0
        for key in keys:
            want, got = labels[key].get(field, none), predictions[key].get(field, none)
            predicted += got != none
            labelled += want != none
            correct += got != none and got == want
        out[field] = Score(predicted, labelled, correct)
    for name, is_positive in POSITIVE.items():
        got = [is_positive(predictions[k]) for k in keys]
        want = [is_positive(labels[k]) for k in keys]
        correct = sum(g and w for g, w in zip(got, want, strict=True))
        out[name] = Score(sum(got), sum(want), correct)
    out.update(_language_scores(labels, predictions, keys))
    return out


def _language_scores(labels, predictions, keys) -> dict[str, Score]:
    predicted = labelled = correct = 0
    levels_matched = levels_right = required_right = 0
    for key in keys:
        want = {lang["name"]: lang for lang in labels[key].get("languages") or []}
        got = {lang["name"]: lang for lang in predictions[key].get("languages") or []}
        predicted += len(got)
        labelled += len(want)
        for name in got.keys() & want.keys():
            correct += 1
            levels_matched += 1
            levels_right += got[name].get("level") == want[name].get("level")
            required_right += got[name].get("required") == want[name].get("required")
    return {
        "languages": Score(predicted, labelled, correct),
        # Among matched languages: "precision" = share with the right level / required flag.
        "language_level": Score(levels_matched, levels_matched, levels_right),
        "language_required": Score(levels_matched, levels_matched, required_right),
    }


def render(scores: Mapping[str, Score]) -> str:
    """A Markdown table of the scores."""
    lines = [
        "| field | predicted | labelled | correct | precision | recall |",
        "|---|---|---|---|---|---|",
    ]
    for field, s in scores.items():
        p = f"{s.precision:.2f}" if s.precision is not None else "–"
        r = f"{s.recall:.2f}" if s.recall is not None else "–"
        lines.append(f"| {field} | {s.predicted} | {s.labelled} | {s.correct} | {p} | {r} |")
    return "\n".join(lines)


def code_list_scores(
    labels: Mapping[str, Mapping], predictions: Mapping[str, Mapping], fields: tuple[str, ...]
) -> dict[str, Score]:
    """Code-list fields (requirements, duties, …) scored as (vacancy, code) pairs: one Score per
    field, micro-averaged over its codes, and one per `field:code`."""
    keys = [k for k in labels if k in predictions]
    counts: dict[str, list[int]] = {}
    for field in fields:
        total = counts.setdefault(field, [0, 0, 0])
        for key in keys:
            want = set(labels[key].get(field) or ())
            got = set(predictions[key].get(field) or ())
            for code in want | got:
                each = counts.setdefault(f"{field}:{code}", [0, 0, 0])
                for c in (total, each):
                    c[0] += code in got
                    c[1] += code in want
                    c[2] += code in got and code in want
    return {name: Score(*c) for name, c in counts.items()}
