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
from itertools import accumulate, repeat

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
    # The bigram weights as first word -> second word -> weights, so scoring builds no key string per token.
    bigrams: dict[str, dict[str, tuple[float, ...]]] = dataclasses.field(init=False, repr=False, compare=False)
    # Per label, a score under which the probability is surely below the threshold (see _score_all).
    score_floors: tuple[float, ...] = dataclasses.field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "bigrams", _nested_bigrams(self.weights))
        object.__setattr__(self, "score_floors", tuple(_score_floor(self.thresholds[label]) for label in LABELS))


def _nested_bigrams(weights: dict[str, tuple[float, ...]]) -> dict[str, dict[str, tuple[float, ...]]]:
    """File each "b:x y" weight under every split at a space: a pair (first, second) then finds exactly
    the weight the key f"b:{first} {second}" names, whatever the words hold."""
    nested: dict[str, dict[str, tuple[float, ...]]] = {}
    for feature, weight in weights.items():
        if feature.startswith("b:"):
            pair = feature[2:]
            for at, char in enumerate(pair):
                if char == " ":
                    nested.setdefault(pair[:at], {})[pair[at + 1:]] = weight
    return nested


def _score_floor(threshold: float) -> float:
    """The logit of `threshold` less a margin ten orders of magnitude above the logistic's rounding:
    a window scoring under it would be rejected by the exact computation too, so exp is skipped."""
    return math.log(threshold / (1.0 - threshold)) - 1e-6 if 0.0 < threshold < 1.0 else -math.inf


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


_NO_BIGRAMS: dict[str, tuple[float, ...]] = {}


def _score_all(tokens: list[Token]) -> list[WindowScore]:
    """Score every window for every label.

    A window's sums are differences of running sums over the tokens (each token's own features plus
    the bigram with the next word), so every window costs four subtractions; the running sums are
    added in the same order as one token after another, so every score is the same to the last bit.
    """
    model = load_model()
    if model is None or not tokens:
        return []
    bigrams = model.bigrams
    count = len(tokens)
    heads = [_NUMBER if t.form.isdigit() else t.lemmas[0] for t in tokens]
    # per token: (idf, idf x coefficient of each label) over its features; a bigram belongs to its first word.
    rows = [_word_sums(t.form, t.lemmas) for t in tokens]
    # each word's bigram with the next one, looked up by map (no Python code per word): weights or None
    following = map(dict.get, map(bigrams.get, heads, repeat(_NO_BIGRAMS)), heads[1:])
    for i, bigram in enumerate(following):
        if bigram is not None:
            s = rows[i]
            rows[i] = (s[0] + bigram[0], s[1] + bigram[1], s[2] + bigram[2], s[3] + bigram[3])
    # prefix[i] = sums over tokens[:i], one column per number.
    p0, p1, p2, p3 = (list(accumulate(column, initial=0.0)) for column in zip(*rows, strict=True))
    last_start = max(count - WINDOW_WORDS, 0)
    starts = list(range(0, last_start + 1, WINDOW_STEP))
    if starts[-1] != last_start:
        starts.append(last_start)
    (i1, i2, i3), (f1, f2, f3) = model.intercepts, model.score_floors
    found = []
    for first in starts:
        end = min(first + WINDOW_WORDS, count)
        s0, s1, s2, s3 = p0[end] - p0[first], p1[end] - p1[first], p2[end] - p2[first], p3[end] - p3[first]
        if end < count:
            # The window's last bigram reaches outside it: take it off, as training saw sentences alone.
            outside = bigrams.get(heads[end - 1], _NO_BIGRAMS).get(heads[end])
            if outside is not None:
                s0, s1, s2, s3 = s0 - outside[0], s1 - outside[1], s2 - outside[2], s3 - outside[3]
        norm = s0 or 1.0
        scores = (i1 + s1 / norm, i2 + s2 / norm, i3 + s3 / norm)  # as in _probabilities
        if scores[0] < f1 and scores[1] < f2 and scores[2] < f3:
            continue
        for k, score in enumerate(scores):
            probability = 1.0 / (1.0 + math.exp(-score))
            if probability >= model.thresholds[LABELS[k]]:
                window = tokens[first:end]
                found.append(WindowScore(LABELS[k], window[0].start, window[-1].end, round(probability, 3),
                                         _top_words(model, window, k)))
    return found
