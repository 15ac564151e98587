"""Screening on text nobody tuned to (tests/moderation/outside_sets/README.md): held to floors a
little below what sessions 4 and 5 measured, so that a change that loses recall or adds false alarms on
outside writing fails here, not in front of a survivor.

Only aggregates are compared and printed: the sets are for measuring, never for reading while tuning.
"""

from pathlib import Path

import pytest

from moderation.screening_score import read_jsonl, score_rows

SETS = Path(__file__).parent / "outside_sets"

# recall floor per type, and the most clean rows that may raise any signal (a share of clean rows)
# Session 4's end (measured; floor = measured - 0.05, clean rows flagged at most measured + 0.03):
FLOORS = {
    # measured: abuse 0.92 address 0.94 crisis 0.98 email 1.00 handle 1.00 person_name 0.92 phone 0.97 spam 0.92 url 1.00; clean rows flagged 11/165
    # session 6 (cleanfp): abuse 0.94 spam 0.94, clean rows flagged 5/165 -> those floors raised by the same rule
    # session 7 (cleanfp2): abuse 1.00 crisis 0.98 spam 0.96, clean rows flagged 7/165 -> those floors raised by the same rule
    "probe2.jsonl": {"abuse": 0.95, "address": 0.88, "crisis": 0.93, "email": 0.95, "handle": 0.95, "person_name": 0.87, "phone": 0.92, "spam": 0.91, "url": 0.95, "clean_flagged_max": 0.06},
    # measured: abuse 0.81 address 0.84 crisis 0.96 email 1.00 handle 1.00 person_name 0.91 phone 0.94 spam 0.83 url 0.96; clean rows flagged 7/109
    # session 6, after the merge: abuse 0.87 address 0.84 crisis 1.00 email 1.00 handle 1.00 person_name 0.91 phone 0.94 spam 0.88 url 0.96; clean rows flagged 5/109
    "probe3.jsonl": {"abuse": 0.82, "address": 0.79, "crisis": 0.95, "email": 0.95, "handle": 0.95, "person_name": 0.86, "phone": 0.89, "spam": 0.83, "url": 0.91, "clean_flagged_max": 0.08},
    # measured: address 0.89 handle 1.00 person_name 0.88 phone 0.95; clean rows flagged 2/60
    # session 6 (cleanfp): address 0.93, clean rows flagged 1/60
    # session 7 (pii): person_name 0.89 (floor raised by the same rule), clean rows flagged 1/60
    "probe4.jsonl": {"address": 0.88, "handle": 0.95, "person_name": 0.84, "phone": 0.89, "clean_flagged_max": 0.05},
    # measured: abuse 0.82 crisis 0.88 spam 0.88; clean rows flagged 14/95
    # session 6 (cleanfp): abuse 0.89 crisis 0.90 spam 0.88, clean rows flagged 4/95
    # session 7 (cleanfp2): abuse 0.98 crisis 0.91 spam 0.90, clean rows flagged 6/95
    "probe5.jsonl": {"abuse": 0.93, "crisis": 0.86, "spam": 0.85, "clean_flagged_max": 0.07},
    # Session 5's end (the same rule):
    # measured: abuse 0.91 address 0.86 crisis 0.90 email 0.97 handle 1.00 person_name 0.89 phone 0.95 spam 0.85 url 0.97; clean rows flagged 17/115
    # session 6, after the merge: abuse 0.95 address 0.86 crisis 0.92 email 0.97 handle 1.00 person_name 0.89 phone 0.95 spam 0.98 url 0.97; clean rows flagged 14/115
    "probe6.jsonl": {"abuse": 0.90, "address": 0.81, "crisis": 0.87, "email": 0.92, "handle": 0.95, "person_name": 0.84, "phone": 0.90, "spam": 0.93, "url": 0.92, "clean_flagged_max": 0.15},
    # measured: address 0.87 crisis 0.93 email 0.96 handle 1.00 person_name 0.79 phone 1.00 url 1.00; clean rows flagged 9/91
    # session 6 (cleanfp): crisis 0.97, clean rows flagged 8/91
    # session 7 (pii): person_name 0.86, clean rows flagged 8/91
    "probe7.jsonl": {"address": 0.82, "crisis": 0.91, "email": 0.91, "handle": 0.95, "person_name": 0.81, "phone": 0.95, "url": 0.95, "clean_flagged_max": 0.12},
    # Session 6's end, after the merge (the same rule). probe8: its even rows were the screening helpers'
    # development data, its odd rows never read; probe9: never read, scored in aggregate by the lead only.
    # measured: abuse 1.00 address 0.85 crisis 0.81 email 1.00 handle 0.97 person_name 0.85 phone 0.95 (0.92 before dashed/dotted single digits) spam 0.90 url 1.00; clean rows flagged 9/115
    # session 7 (pii; its even rows read, its odd rows not): address 0.91 handle 1.00 person_name 0.92; clean rows flagged 9/115
    # session 7 (cleanfp2): abuse 1.00 crisis 0.86 (0.81 before) spam 0.90; clean rows flagged 11/115 (9 before: the new corpus's model)
    "probe8.jsonl": {"abuse": 0.95, "address": 0.86, "crisis": 0.81, "email": 0.95, "handle": 0.95, "person_name": 0.87, "phone": 0.90, "spam": 0.85, "url": 0.95, "clean_flagged_max": 0.11},
    # measured: abuse 0.82 address 0.87 crisis 0.97 email 0.97 handle 0.89 person_name 0.82 phone 0.97 (0.94 before dashed/dotted single digits) spam 0.80 url 0.96; clean rows flagged 17/115
    "probe9.jsonl": {"abuse": 0.77, "address": 0.82, "crisis": 0.92, "email": 0.92, "handle": 0.84, "person_name": 0.77, "phone": 0.92, "spam": 0.75, "url": 0.91, "clean_flagged_max": 0.18},
    # Session 7's end, after the merge (the same rule). probe10 and probe12: never read, scored in aggregate by
    # the lead only, on main before any work and after the merges; probe11: the screening helpers' development data.
    # probe10 before: abuse 0.71 address 0.87 crisis 0.84 handle 0.95 person_name 0.78 url 0.94; clean rows flagged 31/115
    # measured: abuse 0.80 address 0.87 crisis 0.86 email 1.00 handle 0.97 person_name 0.86 phone 0.97 spam 0.97 url 1.00; clean rows flagged 25/115 (26/115 before the corpus lines sharing 7 words with probe10-12 were removed)
    "probe10.jsonl": {"abuse": 0.75, "address": 0.82, "crisis": 0.81, "email": 0.95, "handle": 0.92, "person_name": 0.81, "phone": 0.92, "spam": 0.92, "url": 0.95, "clean_flagged_max": 0.26},
    # probe11 before (main at the session's start): person_name 0.55 crisis 0.93; clean rows flagged 50/160
    # measured: abuse 0.93 address 0.96 crisis 1.00 email 1.00 handle 1.00 person_name 0.94 phone 0.96 spam 0.93 url 1.00; clean rows flagged 25/160 (22/160 before the same removal)
    "probe11.jsonl": {"abuse": 0.87, "address": 0.91, "crisis": 0.95, "email": 0.95, "handle": 0.95, "person_name": 0.88, "phone": 0.91, "spam": 0.87, "url": 0.95, "clean_flagged_max": 0.19},
    # probe12 before: person_name 0.67 spam 0.90 url 0.89 crisis 0.93; clean rows flagged 34/110
    # measured: abuse 1.00 address 0.82 crisis 0.96 email 0.93 handle 1.00 person_name 0.80 phone 1.00 spam 0.92 url 0.96; clean rows flagged 34/110 (31/110, crisis 0.93, before the same removal)
    "probe12.jsonl": {"abuse": 0.95, "address": 0.77, "crisis": 0.91, "email": 0.87, "handle": 0.95, "person_name": 0.75, "phone": 0.95, "spam": 0.87, "url": 0.91, "clean_flagged_max": 0.34},
}


@pytest.fixture(scope="module")
def scores():
    return {name: score_rows(read_jsonl(SETS / name)) for name in FLOORS}


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_each_type_keeps_its_recall_and_clean_rows_stay_clean(scores, name):
    score, floors = scores[name], dict(FLOORS[name])
    clean_max = floors.pop("clean_flagged_max")
    measured = {}
    for kind in floors:
        found, total = score.recall(type=kind)
        measured[kind] = round(found / total, 3)
    flagged, clean = sum(score.clean_flagged.values()), sum(score.clean_rows.values())
    below = {kind: (measured[kind], floor) for kind, floor in floors.items() if measured[kind] < floor}
    assert not below, f"{name}: recall below its floor (measured, floor): {below}"
    assert flagged / clean <= clean_max, f"{name}: {flagged}/{clean} clean rows flagged, more than {clean_max:.0%}"
