"""A small linear classifier for crisis, abuse and spam language, evaluated in pure Python.

`manage.py build_screening_model` fits one logistic regression per type (scikit-learn, over
lemma unigrams and bigrams and character n-grams of words; TF-IDF, L1-normalised so that the
scores of overlapping windows come from running sums) on the corpus
in `moderation/corpus/`, and writes the vocabulary, IDF weights, coefficients and each type's
threshold (chosen for recall on held-out templates) to `model/classifier.json`. Scoring here
reproduces scikit-learn's arithmetic exactly, so a worker needs neither scikit-learn nor SciPy.
"""

from __future__ import annotations

import dataclasses
import functools
import json
import math
import threading
from dataclasses import dataclass

from moderation.detectors.tokens import MODEL_DIR, Token

MODEL_FILE = MODEL_DIR / "classifier.json"
LABELS = ("crisis", "abuse", "spam")
CHAR_NGRAMS = (4,)
# The story is scored in windows of words, so a long text without punctuation still has short parts.
WINDOW_WORDS = 14
WINDOW_STEP = 7
_NUMBER = "<number>"


@functools.lru_cache(maxsize=32768)
def _char_ngrams(form: str) -> tuple[str, ...]:
    padded = f" {form} "
    grams = []
    for n in CHAR_NGRAMS:
        if len(padded) < n:
            break
        grams.extend("c:" + padded[i:i + n] for i in range(len(padded) - n + 1))
    return tuple(grams)


def token_features(tokens: list[Token]) -> list[tuple[str, ...]]:
    """Return the features each token adds: its lemmas, the bigram with the next word, its character n-grams."""
    features = []
    heads = [_NUMBER if t.form.isdigit() else t.lemmas[0] for t in tokens]
    for i, token in enumerate(tokens):
        if token.form.isdigit():
            # Ages, years and sums are everywhere in testimonies: a number is one feature, whatever its digits.
            own = ["w:" + _NUMBER]
        else:
            own = ["w:" + lemma for lemma in token.lemmas]
            own.extend(_char_ngrams(token.form))
        if i + 1 < len(tokens):
            own.append(f"b:{heads[i]} {heads[i + 1]}")
        features.append(tuple(own))
    return features


def features_of(tokens: list[Token]) -> list[str]:
    """Return every feature of a run of tokens (the training side uses this for one sentence)."""
    return [f for own in token_features(tokens) for f in own]


@dataclass(frozen=True)
class Model:
    # feature -> (idf, idf x coefficient of each label): with L1 normalisation a window's score is
    # (sum of idf x coefficient) / (sum of idf) over its features, so sums over words add up.
    weights: dict[str, tuple[float, ...]]
    intercepts: tuple[float, ...]
    thresholds: dict[str, float]
    corpus_sha256: str
    # Frequent words as common in every label ("je", "ya", "my"): they never explain a score.
    function_words: dict[str, frozenset[str]] = dataclasses.field(default_factory=dict)


@functools.cache
def load_model() -> Model | None:
    """Read the fitted model once per process; None when it has not been built."""
    if not MODEL_FILE.exists():
        return None
    raw = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    weights = {f: (v[0], *(v[0] * c for c in v[1:])) for f, v in raw["weights"].items()}
    return Model(weights=weights, intercepts=tuple(raw["intercepts"]), thresholds=raw["thresholds"],
                 corpus_sha256=raw["corpus_sha256"], function_words={label: frozenset(words) for label, words in raw.get("function_words", {}).items()})


_ZERO = (0.0, 0.0, 0.0, 0.0)


def _add(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    return (a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3])


@functools.lru_cache(maxsize=32768)
def _word_sums(form: str, lemmas: tuple[str, ...]) -> tuple[float, ...]:
    """Sum of (idf, idf x coefficients) over one word's own features (lemmas, character n-grams)."""
    weights = load_model().weights
    total = _ZERO
    features = ["w:" + _NUMBER] if form.isdigit() else ["w:" + lemma for lemma in lemmas] + list(_char_ngrams(form))
    for feature in features:
        if feature in weights:
            total = _add(total, weights[feature])
    return total


def _probabilities(model: Model, sums: tuple[float, ...]) -> tuple[float, ...]:
    norm = sums[0] or 1.0
    return tuple(1.0 / (1.0 + math.exp(-(intercept + sums[k + 1] / norm))) for k, intercept in enumerate(model.intercepts))


def score_features(model: Model, features) -> tuple[float, ...]:
    """Return the probability per label of one bag of features (counts matter, as in training)."""
    sums = _ZERO
    for feature in features:
        if feature in model.weights:
            sums = _add(sums, model.weights[feature])
    return _probabilities(model, sums)


@dataclass(frozen=True)
class WindowScore:
    label: str
    start: int  # span in the text
    end: int
    probability: float
    words: tuple[str, ...]  # the lemmas that pushed the score most, for the moderator


def _top_words(model: Model, tokens: list[Token], k: int) -> tuple[str, ...]:
    scored = {}
    uninformative = model.function_words.get(LABELS[k], frozenset())
    for token in tokens:
        for lemma in token.lemmas:
            if lemma in uninformative or len(lemma) < 3:
                continue
            weight = model.weights.get("w:" + lemma)
            if weight and weight[k + 1] > 0:
                scored[lemma] = weight[k + 1]
    return tuple(sorted(scored, key=scored.get, reverse=True)[:3])


# The crisis, abuse and spam detectors of one story ask for the same windows: score them once
# (per thread: a web process screens in its request threads).
_last_scored = threading.local()


def score_windows(tokens: list[Token], labels: tuple[str, ...] = LABELS) -> list[WindowScore]:
    """Score overlapping windows of words; return each window whose score passes its label's threshold."""
    last = getattr(_last_scored, "value", None)
    if last is None or last[0] is not tokens:
        last = _last_scored.value = (tokens, _score_all(tokens))
    return [w for w in last[1] if w.label in labels]


def _score_all(tokens: list[Token]) -> list[WindowScore]:
    labels = LABELS
    model = load_model()
    if model is None or not tokens:
        return []
    weights = model.weights
    heads = [_NUMBER if t.form.isdigit() else t.lemmas[0] for t in tokens]
    # prefix[i] = sums over the features of tokens[:i]; a bigram belongs to its first word.
    p0, p1, p2, p3 = [0.0], [0.0], [0.0], [0.0]
    a0 = a1 = a2 = a3 = 0.0
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        s0, s1, s2, s3 = _word_sums(token.form, token.lemmas)
        if i < last:
            bigram = weights.get(f"b:{heads[i]} {heads[i + 1]}")
            if bigram:
                s0, s1, s2, s3 = s0 + bigram[0], s1 + bigram[1], s2 + bigram[2], s3 + bigram[3]
        a0, a1, a2, a3 = a0 + s0, a1 + s1, a2 + s2, a3 + s3
        p0.append(a0)
        p1.append(a1)
        p2.append(a2)
        p3.append(a3)
    prefix = list(zip(p0, p1, p2, p3, strict=True))
    wanted = [(LABELS.index(label), label) for label in labels]
    last_start = max(len(tokens) - WINDOW_WORDS, 0)
    starts = list(range(0, last_start + 1, WINDOW_STEP))
    if starts[-1] != last_start:
        starts.append(last_start)
    found = []
    for first in starts:
        end = min(first + WINDOW_WORDS, len(tokens))
        # The window's last bigram reaches outside it: take it off, as training saw sentences alone.
        sums = tuple(b - a for a, b in zip(prefix[first], prefix[end], strict=True))
        if end < len(tokens):
            outside = weights.get(f"b:{heads[end - 1]} {heads[end]}")
            if outside:
                sums = tuple(x - y for x, y in zip(sums, outside, strict=True))
        probabilities = _probabilities(model, sums)
        for k, label in wanted:
            if probabilities[k] >= model.thresholds[label]:
                window = tokens[first:end]
                found.append(WindowScore(label, window[0].start, window[-1].end, round(probabilities[k], 3),
                                         _top_words(model, window, k)))
    return found
