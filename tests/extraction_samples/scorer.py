"""Score the extractor on the blind samples of this folder (our own sentences, written before the
rules they test): precision and recall on metric + value, then, among the matches, the window
(start and end exact) and the category. Each file is one set, named by its stem: "vi.json" and
"en.json" (issue 11's classes), "vi-grammar.json" and "en-grammar.json" (the general grammar of
reports: appositive subjects, vehicles stopped then seized, totals over parts, numbers as words...);
a set's language is what its name begins with.

    .venv/bin/python -m tests.extraction_samples.scorer      # prints the table and the misses
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from metrics.extract import extract

HERE = Path(__file__).resolve().parent
LANGUAGES = ("vi", "en")
SETS = tuple(sorted(path.stem for path in HERE.glob("*.json")))


@dataclass
class Score:
    expected: int = 0
    extracted: int = 0
    matched: int = 0
    window_exact: int = 0
    category_same: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.expected if self.expected else 1.0

    @property
    def window(self) -> float:
        return self.window_exact / self.matched if self.matched else 0.0

    @property
    def category(self) -> float:
        return self.category_same / self.matched if self.matched else 0.0


def samples(sample_set: str) -> list[dict]:
    return json.loads((HERE / f"{sample_set}.json").read_text(encoding="utf-8"))


def language_of(sample_set: str) -> str:
    return sample_set.split("-")[0]


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def score(sample_set: str) -> Score:
    result = Score()
    language = language_of(sample_set)
    for sample in samples(sample_set):
        extraction = extract(sample["text"], date.fromisoformat(sample["published"]), language)
        found = [f for f in extraction.figures if f.restates is None]
        result.extracted += len(found)
        result.expected += len(sample["figures"])
        unmatched = list(found)
        for metric, value, category, start, end in sample["figures"]:
            match = next((f for f in unmatched if f.metric == metric and math.isclose(f.value, value)), None)
            if match is None:
                result.misses.append(f"{sample['id']}: missed {metric} {value} {category}")
                continue
            unmatched.remove(match)
            result.matched += 1
            if (_iso(match.period_start), _iso(match.period_end)) == (start, end):
                result.window_exact += 1
            else:
                result.misses.append(f"{sample['id']}: window of {metric} {value} is {_iso(match.period_start)}..{_iso(match.period_end)}, not {start}..{end}")
            if match.category == category:
                result.category_same += 1
            else:
                result.misses.append(f"{sample['id']}: category of {metric} {value} is {match.category}, not {category}")
        for extra in unmatched:
            result.misses.append(f"{sample['id']}: extra {extra.metric} {extra.value:g} {extra.category} «{extra.quote}»")
    return result


def main() -> None:
    print("set         precision  recall  window_exact  category  (expected / extracted / matched)")
    scores = {sample_set: score(sample_set) for sample_set in SETS}
    for sample_set, s in scores.items():
        print(f"{sample_set:10}  {s.precision:9.2f}  {s.recall:6.2f}  {s.window:12.2f}  {s.category:8.2f}  "
              f"({s.expected} / {s.extracted} / {s.matched})")
    for sample_set, s in scores.items():
        for miss in s.misses:
            print(f"  {sample_set} {miss}")


if __name__ == "__main__":
    main()
