"""The stored classifier and lemma table are the ones the corpus builds."""

import json

import pytest

from moderation import model_build
from moderation.detectors import classifier
from moderation.detectors.tokens import LEMMA_TABLE


def test_the_stored_model_was_built_from_todays_corpus():
    stored = json.loads(classifier.MODEL_FILE.read_text(encoding="utf-8"))
    lemmas = json.loads(LEMMA_TABLE.read_text(encoding="utf-8"))
    current = model_build.corpus_sha256()
    assert stored["corpus_sha256"] == current, "run manage.py build_screening_model"
    assert lemmas["corpus_sha256"] == current


def test_the_corpus_is_thousands_of_sentences_in_three_languages_with_hard_negatives():
    rows = model_build.read_corpus()
    assert len(rows) >= 5000
    per = {(row["label"], row["lang"]) for row in rows}
    assert {(label, lang) for label in ("crisis", "abuse", "spam", "none") for lang in ("en", "es", "fr")} <= per
    assert sum(row["label"] == "none" for row in rows) >= 1500


def test_expanding_the_corpus_is_reproducible():
    assert model_build.read_corpus() == model_build.read_corpus()


def test_rebuilding_gives_the_stored_weights(tmp_path, monkeypatch):
    pytest.importorskip("sklearn")
    pytest.importorskip("simplemma")
    stored = json.loads(classifier.MODEL_FILE.read_text(encoding="utf-8"))
    monkeypatch.setattr(classifier, "MODEL_FILE", tmp_path / "classifier.json")
    monkeypatch.setattr(model_build, "LEMMA_TABLE", tmp_path / "lemmas.json")
    monkeypatch.setattr(model_build, "MODEL_DIR", tmp_path)
    model_build.build()
    rebuilt = json.loads((tmp_path / "classifier.json").read_text(encoding="utf-8"))
    # The same features, and the same numbers up to the last stored digit: the file keeps five
    # decimals, and another CPU's floating point can round a weight the other way (1.3246 / 1.32461).
    assert rebuilt["thresholds"] == pytest.approx(stored["thresholds"], abs=2e-3)
    assert rebuilt["intercepts"] == pytest.approx(stored["intercepts"], abs=2e-5)
    assert rebuilt["weights"].keys() == stored["weights"].keys()
    drift = max(abs(a - b) for feature, weights in stored["weights"].items() for a, b in zip(weights, rebuilt["weights"][feature], strict=True))
    assert drift <= 2e-5, drift


def test_scoring_in_pure_python_matches_the_fitted_probabilities():
    model = classifier.load_model()
    from moderation.detectors.tokens import tokenize

    tokens = tokenize("i have been saving my pills for tonight")
    probabilities = classifier.score_features(model, classifier.features_of(tokens))
    [window] = [w for w in classifier.score_windows(tokens) if w.label == "crisis"] or [None]
    assert window is None or abs(window.probability - round(probabilities[0], 3)) < 1e-3
    assert probabilities[0] > probabilities[2], "more crisis than spam"


def test_a_lines_held_out_fold_depends_on_its_own_words_only():
    # Thresholds are chosen on out-of-fold scores; a line added to or moved in the corpus must not move
    # any other line's fold (a seeded sample over line numbers did, and the thresholds swung with it).
    rows = model_build.read_corpus()
    line = "i walked the dog along the canal before work"
    assert model_build.held_out_fold("none", line) == model_build.held_out_fold("none", "  I walked the dog along  the canal before work ")
    assert {row["fold"] for row in rows} == set(range(model_build.HELD_OUT_FOLDS))
    per_fold = [sum(row["fold"] == k for row in rows) for k in range(model_build.HELD_OUT_FOLDS)]
    assert min(per_fold) > 0.8 * len(rows) / model_build.HELD_OUT_FOLDS
    # every variant of one line shares the line's fold
    by_template: dict[str, set[int]] = {}
    for row in rows:
        by_template.setdefault(row["template"], set()).add(row["fold"])
    assert all(len(folds) == 1 for folds in by_template.values())
