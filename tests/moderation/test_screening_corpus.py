"""Run the labelled corpus through screen_text and hold recall and false positives to targets."""

import json
from collections import Counter
from pathlib import Path

from moderation.screening import PERSONAL_DATA_TYPES, screen_text

CORPUS = Path(__file__).with_name("screening_corpus.jsonl")
FALSE_POSITIVE_TYPES = PERSONAL_DATA_TYPES | {"person_name", "abuse", "crisis", "spam"}
RECALL_TARGETS = {
    "phone": 0.97, "email": 0.97, "url": 0.97, "handle": 0.97,
    "address": 0.85, "person_name": 0.85,
    "crisis": 0.9, "abuse": 0.9, "id_number": 0.9,
}
MAX_CLEAN_FALSE_POSITIVE_RATE = 0.03


def load_corpus():
    with CORPUS.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def score_corpus(entries):
    expected, found, misses = Counter(), Counter(), []
    clean, clean_hits = 0, []
    for entry in entries:
        text = entry["text"]
        result = screen_text(text)
        if not entry["expect"]:
            clean += 1
            flagged = sorted({s.type for s in result.signals if s.type in FALSE_POSITIVE_TYPES})
            if flagged:
                clean_hits.append((entry["id"], flagged))
            continue
        for want in entry["expect"]:
            start = text.index(want["match"])
            end = start + len(want["match"])
            expected[want["type"]] += 1
            if any(s.type == want["type"] and s.start < end and start < s.end for s in result.signals):
                found[want["type"]] += 1
            else:
                misses.append((entry["id"], want["type"], want["match"]))
    return expected, found, misses, clean, clean_hits


def print_table(expected, found, misses, clean, clean_hits):
    print(f"\n{'type':<12} {'expected':>8} {'found':>6} {'recall':>7}")
    for signal_type in sorted(expected):
        recall = found[signal_type] / expected[signal_type]
        print(f"{signal_type:<12} {expected[signal_type]:>8} {found[signal_type]:>6} {recall:>7.3f}")
    print(f"clean texts: {clean}, false positives: {len(clean_hits)} ({len(clean_hits) / clean:.3f})")
    for miss in misses:
        print("missed:", *miss)
    for hit in clean_hits:
        print("false positive:", *hit)


def test_it_has_enough_labelled_examples():
    entries = load_corpus()
    counts = Counter(e["type"] for entry in entries for e in entry["expect"])
    assert len(entries) >= 160
    assert sum(1 for entry in entries if not entry["expect"]) >= 60
    assert counts["phone"] >= 30
    for signal_type in ("email", "url", "handle", "address", "person_name"):
        assert counts[signal_type] >= 20, signal_type
    for signal_type in ("id_number", "crisis", "abuse"):
        assert counts[signal_type] >= 10, signal_type
    assert {entry["lang"] for entry in entries} >= {"en", "es", "fr"}
    for entry in entries:
        for want in entry["expect"]:
            assert want["match"] in entry["text"], (entry["id"], want)


def test_it_meets_recall_and_false_positive_targets():
    expected, found, misses, clean, clean_hits = score_corpus(load_corpus())
    print_table(expected, found, misses, clean, clean_hits)
    for signal_type, target in RECALL_TARGETS.items():
        assert found[signal_type] / expected[signal_type] >= target, signal_type
    assert len(clean_hits) / clean <= MAX_CLEAN_FALSE_POSITIVE_RATE


def test_it_detects_the_language_of_longer_stories():
    entries = [e for e in load_corpus() if len(e["text"]) >= 60 and e["lang"] in ("en", "es", "fr")]
    right = sum(1 for e in entries if screen_text(e["text"]).language == e["lang"])
    print(f"\nlanguage: {right}/{len(entries)} right")
    assert right / len(entries) >= 0.95
