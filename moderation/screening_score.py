"""Score screening against a labelled JSON-lines set: recall per type and language, false positives.

A row is {"id", "lang", "text", "labels": [{"type", "value"}], "clean"}. A label is found when a
signal of its type overlaps the label's span; crisis, abuse and spam need only the type; an address
must cover the whole label (a redaction that leaves the house number or the town out leaks it).
Only aggregate figures are printed: the set is for measuring, not for reading while tuning.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from moderation.screening import PERSONAL_DATA_TYPES, ScreeningConfig, screen_text

TYPE_ONLY = frozenset({"crisis", "abuse", "spam"})
WHOLE_SPAN = frozenset({"address"})
# The signal types that make a clean testimony a false alarm.
FALSE_POSITIVE_TYPES = PERSONAL_DATA_TYPES | {"person_name", "crisis", "abuse", "spam"}


@dataclass
class Score:
    expected: Counter = field(default_factory=Counter)  # (type, lang) -> labels
    found: Counter = field(default_factory=Counter)
    clean_rows: Counter = field(default_factory=Counter)  # lang -> clean rows
    clean_flagged: Counter = field(default_factory=Counter)  # lang -> clean rows with a signal
    clean_flag_types: Counter = field(default_factory=Counter)  # type -> clean rows it fired on
    clean_flag_reasons: Counter = field(default_factory=Counter)  # which rule or reader fired, not the text
    spam_lane_clean: int = 0
    bad_rows: int = 0

    def recall(self, *, type: str | None = None, lang: str | None = None) -> tuple[int, int]:
        keys = [k for k in self.expected if (type is None or k[0] == type) and (lang is None or k[1] == lang)]
        return sum(self.found[k] for k in keys), sum(self.expected[k] for k in keys)


def label_found(label: dict, text: str, signals) -> bool:
    """Tell whether one label is found by the signals (see the module docstring for the rule)."""
    kind = label["type"]
    if kind in TYPE_ONLY:
        return any(s.type == kind for s in signals)
    start = text.find(label["value"])
    if start < 0:
        raise ValueError("label value is not in the text")
    end = start + len(label["value"])
    if kind in WHOLE_SPAN:
        return any(s.type == kind and s.start <= start and end <= s.end for s in signals)
    return any(s.type == kind and s.start < end and start < s.end for s in signals)


def score_rows(rows: Iterable[dict], *, config: ScreeningConfig | None = None) -> Score:
    """Screen every row and count what was found."""
    score = Score()
    for row in rows:
        text, lang = row.get("text"), row.get("lang", "und")
        if not isinstance(text, str):
            score.bad_rows += 1
            continue
        result = screen_text(text, config=config)
        labels = row.get("labels") or []
        if row.get("clean") or not labels:
            score.clean_rows[lang] += 1
            flagged = {s.type for s in result.signals} & FALSE_POSITIVE_TYPES
            if flagged:
                score.clean_flagged[lang] += 1
                score.clean_flag_types.update(flagged)
                score.clean_flag_reasons.update(
                    {_reason_kind(s.reason) for s in result.signals if s.type in FALSE_POSITIVE_TYPES}
                )
            score.spam_lane_clean += result.lane == "spam"
            continue
        for label in labels:
            try:
                found = label_found(label, text, result.signals)
            except (KeyError, ValueError):
                score.bad_rows += 1
                continue
            score.expected[label["type"], lang] += 1
            score.found[label["type"], lang] += found
    return score


def _reason_kind(reason: str) -> str:
    """A signal's reason without its figures and words: "crisis classifier 0.71 (words: ...)" -> "crisis classifier"."""
    return re.sub(r"\s*\d[\d.]*|\s*\(.*\)", "", reason).strip()


def _ratio(found: int, total: int) -> str:
    return f"{found / total:.2f} ({found}/{total})" if total else "-"


def report(score: Score) -> str:
    """Format a score as a plain-text table: recall per type and language, false positives."""
    types = sorted({k[0] for k in score.expected})
    langs = sorted({k[1] for k in score.expected} | set(score.clean_rows))
    lines = ["type          " + "".join(f"{lang:>14}" for lang in langs) + "           all"]
    for kind in types:
        cells = "".join(f"{_ratio(*score.recall(type=kind, lang=lang)):>14}" for lang in langs)
        lines.append(f"{kind:<14}{cells}{_ratio(*score.recall(type=kind)):>14}")
    cells = "".join(f"{_ratio(*score.recall(lang=lang)):>14}" for lang in langs)
    lines.append(f"{'all labels':<14}{cells}{_ratio(*score.recall()):>14}")
    cells = "".join(f"{_ratio(score.clean_flagged[lang], score.clean_rows[lang]):>14}" for lang in langs)
    total_flagged, total_clean = sum(score.clean_flagged.values()), sum(score.clean_rows.values())
    lines.append(f"{'clean FP':<14}{cells}{_ratio(total_flagged, total_clean):>14}")
    if score.clean_flag_types:
        lines.append("clean rows flagged by type: " + ", ".join(f"{t} {n}" for t, n in sorted(score.clean_flag_types.items())))
    if score.clean_flag_reasons:
        lines.append("readers that fired on clean rows: " + ", ".join(f"{r} {n}" for r, n in sorted(score.clean_flag_reasons.items())))
    lines.append(f"clean rows sent to the spam lane: {score.spam_lane_clean}")
    if score.bad_rows:
        lines.append(f"rows or labels skipped as malformed: {score.bad_rows}")
    return "\n".join(lines)


def read_jsonl(path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]
