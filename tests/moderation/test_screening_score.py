"""The scoring command behind docs/screening.md's validation figures, on rows written here."""

import json

from django.core.management import call_command

from moderation.screening import screen_text
from moderation.screening_score import label_found, score_rows

ROWS = [
    {"id": "a", "lang": "en", "text": "call him on 415 555 0132 any time", "labels": [{"type": "phone", "value": "415 555 0132"}]},
    {"id": "b", "lang": "fr", "text": "Il habitait au 12 rue des Lilas, 75011 Paris.",
     "labels": [{"type": "address", "value": "12 rue des Lilas, 75011 Paris"}]},
    {"id": "c", "lang": "es", "text": "Me pasó a los quince años y nunca lo conté.", "labels": [], "clean": True},
]


def test_it_needs_an_address_signal_to_cover_the_whole_label():
    text = "he lived at 12 Oak Street, Springfield"
    label = {"type": "address", "value": "12 Oak Street, Springfield"}
    partial = [type("S", (), {"type": "address", "start": text.index("12"), "end": text.index(",")})()]
    assert not label_found(label, text, partial)
    whole = [type("S", (), {"type": "address", "start": text.index("12"), "end": len(text)})()]
    assert label_found(label, text, whole)


def test_it_counts_crisis_by_type_only():
    text = "i cant do this anymore"
    signals = [type("S", (), {"type": "crisis", "start": 0, "end": 1})()]
    assert label_found({"type": "crisis", "value": "do this anymore"}, text, signals)


def test_it_scores_per_type_and_language():
    score = score_rows(ROWS)
    assert score.recall(type="phone") == (1, 1)
    assert score.clean_rows == {"es": 1}
    assert score.clean_flagged["es"] == (1 if screen_text(ROWS[2]["text"]).signals else 0)


def test_the_command_prints_aggregates_only(tmp_path, capsys):
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in ROWS), encoding="utf-8")
    call_command("screen_score", str(path))
    out = capsys.readouterr().out
    assert "phone" in out and "clean FP" in out
    assert "call him" not in out
