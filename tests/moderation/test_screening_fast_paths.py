"""The screening engines' fast paths find exactly what the straightforward way finds.

Each test keeps a plain reference implementation (the way the code read before it was made fast)
and compares it with the engine over a broad sample of text: the training corpus, the outside sets
probe2, probe4 and probe5 as input only, and longer stories made by joining them.
"""

import json
import math
import random
from pathlib import Path

import numpy
import pytest
from rapidfuzz import fuzz, process

from moderation import model_build
from moderation.detectors import classifier, duplicates
from moderation.detectors.classifier import LABELS, WINDOW_STEP, WINDOW_WORDS, WindowScore, load_model
from moderation.detectors.config import default_config
from moderation.detectors.signals import Signal
from moderation.detectors.tokens import tokenize

OUTSIDE_SETS = Path(__file__).parent / "outside_sets"


@pytest.fixture(scope="module")
def sample_texts() -> list[str]:
    """Corpus sentences, outside-set rows and long stories joined from both (probe3 is never read)."""
    texts = [row["text"] for row in model_build.read_corpus()[::3]]
    for name in ("probe2.jsonl", "probe4.jsonl", "probe5.jsonl"):
        with (OUTSIDE_SETS / name).open(encoding="utf-8") as rows:
            texts.extend(json.loads(line)["text"] for line in rows if line.strip())
    rng = random.Random(14)
    short = list(texts)
    for _ in range(400):
        texts.append(rng.choice([" ", ". ", "\n", ", "]).join(rng.choice(short) for _ in range(rng.randint(2, 14))))
    return texts


def _score_all_reference(tokens):
    """Every window scored on its own: running sums per token, four numbers at a time, as before."""
    model = load_model()
    if model is None or not tokens:
        return []
    weights = model.weights
    heads = [classifier._NUMBER if t.form.isdigit() else t.lemmas[0] for t in tokens]
    prefix = [(0.0, 0.0, 0.0, 0.0)]
    for i, token in enumerate(tokens):
        s = classifier._word_sums(token.form, token.lemmas)
        if i + 1 < len(tokens):
            bigram = weights.get(f"b:{heads[i]} {heads[i + 1]}")
            if bigram:
                s = tuple(a + b for a, b in zip(s, bigram, strict=True))
        prefix.append(tuple(a + b for a, b in zip(prefix[-1], s, strict=True)))
    last_start = max(len(tokens) - WINDOW_WORDS, 0)
    starts = list(range(0, last_start + 1, WINDOW_STEP))
    if starts[-1] != last_start:
        starts.append(last_start)
    found = []
    for first in starts:
        end = min(first + WINDOW_WORDS, len(tokens))
        sums = tuple(b - a for a, b in zip(prefix[first], prefix[end], strict=True))
        if end < len(tokens):
            outside = weights.get(f"b:{heads[end - 1]} {heads[end]}")
            if outside:
                sums = tuple(x - y for x, y in zip(sums, outside, strict=True))
        norm = sums[0] or 1.0
        probabilities = [1.0 / (1.0 + math.exp(-(intercept + sums[k + 1] / norm))) for k, intercept in enumerate(model.intercepts)]
        for k, label in enumerate(LABELS):
            if probabilities[k] >= model.thresholds[label]:
                window = tokens[first:end]
                found.append(WindowScore(label, window[0].start, window[-1].end, round(probabilities[k], 3),
                                         classifier._top_words(model, window, k)))
    return found


def test_the_classifier_scores_every_window_as_the_reference_does(sample_texts):
    found = 0
    for text in sample_texts:
        tokens = tokenize(text)
        fast = classifier._score_all(tokens)
        assert fast == _score_all_reference(tokens), text[:60]
        found += len(fast)
    assert found > 1000  # the sample gives every label windows over its threshold


def test_a_windows_running_sums_are_its_own_bag_of_features(sample_texts):
    """The running sums are the window's features scored alone (up to rounding), as training saw them."""
    model = load_model()
    for text in sample_texts[::10]:
        tokens = tokenize(text)
        for window in classifier._score_all(tokens):
            inside = [t for t in tokens if window.start <= t.start and t.end <= window.end]
            alone = classifier.score_features(model, classifier.features_of(inside))[LABELS.index(window.label)]
            assert abs(alone - window.probability) < 1e-3


def test_a_bigram_is_found_under_any_split_of_its_key():
    weights = {"b:a b c": (1.0, 2.0, 3.0, 4.0), "b:x y": (5.0, 6.0, 7.0, 8.0), "w:x": (1.0, 1.0, 1.0, 1.0)}
    nested = classifier._nested_bigrams(weights)
    assert nested["a"]["b c"] == nested["a b"]["c"] == (1.0, 2.0, 3.0, 4.0)
    assert nested["x"]["y"] == (5.0, 6.0, 7.0, 8.0)
    assert "w" not in nested and "x y" not in nested


@pytest.mark.parametrize("threshold", [0.01, 0.372, 0.5, 0.809, 0.99])
def test_a_score_under_the_floor_is_under_the_threshold(threshold):
    floor = classifier._score_floor(threshold)
    for score in (floor, floor - 1e-12, floor - 1.0):
        assert 1.0 / (1.0 + math.exp(-score)) < threshold
    assert 1.0 / (1.0 + math.exp(-(floor + 2e-6))) >= threshold


def _lengths_close_reference(a: int, b: int, factor: float) -> bool:
    return factor * b <= a if b > a else factor * a <= b


@pytest.mark.parametrize("min_ratio", [0.0, 50.0, 85.0, 90.0, 93.7, 99.0, 100.0])
def test_the_length_range_holds_exactly_the_close_lengths(min_ratio):
    factor = min_ratio / (200 - min_ratio)
    for length in range(0, 2100):
        lowest, highest = duplicates._close_lengths(length, factor)
        close = [b for b in range(0, 2700) if _lengths_close_reference(length, b, factor)]
        assert close == [b for b in range(0, 2700) if lowest <= b <= highest], length


def _ratio(a: str, b: str) -> float:
    """fuzz.ratio as the detector sees it: process.cdist hands back float32."""
    return float(numpy.float32(fuzz.ratio(duplicates.normalise_for_duplicates(a), duplicates.normalise_for_duplicates(b))))


def test_duplicates_and_the_similar_count_are_those_of_comparing_with_every_story(sample_texts):
    config = default_config()
    rng = random.Random(3)
    stories = [t for t in sample_texts if len(t) > 30][::5]
    # near copies: a few characters changed, dropped or added, so every side of the ratio is met
    window = list(stories[:150])
    for text in stories[:150:3]:
        chars = list(text)
        for _ in range(rng.randint(0, max(1, len(chars) // 8))):
            chars[rng.randrange(len(chars))] = rng.choice("aeiou .")
        window.append("".join(chars) + rng.choice(["", "!", " and so on"]))
    recent = [(f"s{n}", text) for n, text in enumerate(window)]
    counts = found = 0
    for text in stories[:300]:
        mine = duplicates.normalise_for_duplicates(text)
        comparable = [o for o in window if len(text.strip()) >= config.duplicate_min_chars
                      and len(o.strip()) >= config.duplicate_min_chars]
        expected_count = sum(_ratio(text, o) >= config.near_duplicate_min_ratio for o in comparable)
        assert duplicates.count_similar(text, window, config=config) == expected_count
        expected = []
        scored = [(_ratio(text, o), f"s{n}", o) for n, o in enumerate(window) if o in comparable]
        exact = [story_id for _, story_id, o in scored if duplicates.normalise_for_duplicates(o) == mine]
        if exact:
            expected = [Signal("duplicate", 0, len(text), 1.0, f"exact duplicate of story {exact[0]}")]
        elif scored and max(scored)[0] >= config.near_duplicate_min_ratio:
            ratio, story_id = max(scored, key=lambda row: row[0])[:2]
            expected = [Signal("duplicate", 0, len(text), round(ratio / 100, 3), f"near duplicate of story {story_id} ({ratio:.0f}% similar)")]
        assert duplicates.find_duplicates(text, recent, config) == expected
        counts += expected_count
        found += bool(expected)
    assert counts > 100 and found > 50


def test_tokens_are_the_words_the_pattern_finds_at_their_own_places(sample_texts):
    from moderation.detectors import tokens

    odd = ["abc123def", "l'été_2019—ça", "x  y\\tz", "İstanbul ǅemal", "½ ² ٣٤ 12", "", "___", "a_b", "ﬁn ﬂeur"]
    for text in sample_texts + odd:
        expected = [(m.start(), m.end(), *tokens._word(m.group())) for m in tokens._WORD.finditer(text)]
        assert [tuple(t) for t in tokens.tokenize(text)] == expected, text[:60]


def _edited(text: str, edits: int, rng: random.Random) -> str:
    chars = list(text)
    for _ in range(edits):
        at = rng.randrange(len(chars) + 1)
        kind = rng.random()
        if kind < 0.4 and at < len(chars):
            del chars[at]
        elif kind < 0.7:
            chars.insert(at, rng.choice("abcdefghijklmnopqrstuvwxyz "))
        elif at < len(chars):
            chars[at] = rng.choice("abcdefghijklmnopqrstuvwxyz ")
    return "".join(chars)


@pytest.mark.parametrize("cutoff", [0.0, 50.0, 80.0, 90.0, 95.0])
def test_the_prefix_bound_skips_only_comparisons_under_the_cutoff(sample_texts, cutoff):
    """_ratios_over_cutoff against process.cdist with score_cutoff on every pair: the same floats."""
    rng = random.Random(int(cutoff))
    stories = [duplicates.normalise_for_duplicates(t) for t in sample_texts if len(t) > 150][::9][:60]
    assert len(stories) > 30
    ruled_out = reached = 0
    for mine in stories:
        # Unrelated stories, and copies of this one edited around the cutoff (1 to 25 % of its characters).
        others = [o for o in stories if o != mine][:25]
        others += [_edited(mine, max(1, int(len(mine) * share)), rng) for share in (0.01, 0.03, 0.05, 0.08, 0.12, 0.25)]
        fast = duplicates._ratios_over_cutoff(mine, others, cutoff)
        plain = process.cdist([mine], others, scorer=fuzz.ratio, score_cutoff=cutoff)[0].tolist()
        assert fast == plain
        ruled_out += sum(r == 0 for r in plain)
        reached += sum(r > 0 for r in plain)
    assert reached > 30 and (cutoff == 0 or ruled_out > 300)


@pytest.mark.parametrize("cutoff", [80.0, 90.0, 95.0])
def test_the_prefix_bound_holds_when_the_copy_is_shifted_as_far_as_the_cutoff_allows(sample_texts, cutoff):
    """A copy behind d new characters (and missing its last few) is matched d places on, the most
    the bound allows at the cutoff: sweep d across it, so a window one character short would show."""
    rng = random.Random(7)
    mine = duplicates.normalise_for_duplicates(max(sample_texts, key=len))[:1000]
    junk = "".join(rng.choice("zqxjkvw") for _ in range(len(mine)))
    farthest = len(mine) * (200 / cutoff - 2)  # a copy behind more new characters falls under the cutoff
    others = [junk[:shift] + mine[:len(mine) - cut] for shift in range(0, int(farthest * 1.3)) for cut in (0, 1, 3)]
    fast = duplicates._ratios_over_cutoff(mine, others, cutoff)
    assert fast == process.cdist([mine], others, scorer=fuzz.ratio, score_cutoff=cutoff)[0].tolist()
    assert 0 < sum(r > 0 for r in fast) < len(others)


@pytest.mark.parametrize("cutoff", [80.0, 90.0, 95.0])
def test_the_tail_bound_holds_when_the_copy_ends_as_far_off_as_the_cutoff_allows(sample_texts, cutoff):
    """The same sweep from the other end: a copy missing its first few characters and followed by d new
    ones is matched d places before its end, the most the tail's bound allows at the cutoff."""
    rng = random.Random(8)
    mine = duplicates.normalise_for_duplicates(max(sample_texts, key=len))[:1000]
    junk = "".join(rng.choice("zqxjkvw") for _ in range(len(mine)))
    farthest = len(mine) * (200 / cutoff - 2)
    others = [mine[cut:] + junk[:shift] for shift in range(0, int(farthest * 1.3)) for cut in (0, 1, 3)]
    others += [junk[:shift] + mine[cut:len(mine) - cut] + junk[:shift // 2] for shift in range(0, int(farthest), 3) for cut in (0, 2)]
    fast = duplicates._ratios_over_cutoff(mine, others, cutoff)
    assert fast == process.cdist([mine], others, scorer=fuzz.ratio, score_cutoff=cutoff)[0].tolist()
    assert 0 < sum(r > 0 for r in fast) < len(others)


def _plain_scanner(name: str):
    """The phrase list's scanner as it was: one alternation of every phrase, longest first."""
    import re

    from moderation.detectors import wordlists

    patterns = [wordlists._phrase_to_regex(line.split("\t")[1].strip()) for line in wordlists.read_wordlist(name)]
    return re.compile(r"\b(?:" + "|".join(sorted(patterns, key=len, reverse=True)) + ")")


@pytest.mark.parametrize("name", ["crisis.txt", "abuse.txt"])
def test_the_phrase_scanner_finds_what_the_plain_alternation_finds(sample_texts, name):
    """The scanner's alternatives shared by first letter (a trie): the same spans, the same phrase winning."""
    from moderation.detectors.text import lower_keeping_length
    from moderation.detectors.wordlists import phrase_list

    plain, scanner = _plain_scanner(name), phrase_list(name).scanner
    assert scanner.pattern != plain.pattern
    found = 0
    for text in sample_texts:
        lowered = lower_keeping_length(text)
        expected = [m.span() for m in plain.finditer(lowered)]
        assert [m.span() for m in scanner.finditer(lowered)] == expected, text[:60]
        found += len(expected)
    assert found > 50


def test_the_trie_keeps_the_order_of_alternatives_that_start_alike():
    """Among phrases that begin alike the first listed wins, as in the alternation; a phrase that does not
    begin with a plain letter (a group, a class) keeps its place between the letters' groups."""
    import re

    from moderation.detectors.wordlists import _factored

    patterns = [r"(?:we|i)\s+left", "i\\s+left\\s+home", "i\\s+left", "i\\s+lost", r"[0-9]+\s+days", "in\\s+time", "i", "ice"]
    plain = re.compile(r"\b(?:" + "|".join(patterns) + ")")
    trie = re.compile(r"\b" + _factored(patterns))
    for text in ["i left home at nine", "we left early", "i lost 3 days", "12 days ice", "in time i ice", "icy i", ""]:
        assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_the_language_identifier_scores_as_py3langid_does_to_the_last_bit(sample_texts):
    """The walk kept per (state, word) gives py3langid's own features in its order: the same scores."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from moderation.detectors.language import _language_identifier

    languages = default_config().languages
    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    plain.set_languages([code for code in languages if code in plain.labels])
    walking = _language_identifier(languages)
    assert type(walking) is not LanguageIdentifier
    for text in sample_texts[::2] + ["", " ", "  a  b  ", "ÉTÉ À PARIS", "12 34", "\u00e9t\u00e9 " * 40]:
        for piece in (text, text[:200], text.upper()):
            assert walking._decide(piece).tobytes() == plain._decide(piece).tobytes(), piece[:60]
            assert walking.classify(piece) == plain.classify(piece)


def test_the_language_identifier_keeps_no_walk_of_a_long_piece_and_scores_it_as_py3langid_does():
    """A text with no space is one piece: walked, not kept (its walk's memory grows with it), same scores."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from moderation.detectors import language

    languages = default_config().languages
    plain = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    plain.set_languages([code for code in languages if code in plain.labels])
    walking = language._language_identifier(languages)
    rng = random.Random(11)
    for _ in range(50):
        piece = "".join(rng.choice("abcdéèñüçの中文") for _ in range(200))
        assert walking.classify(piece) == plain.classify(piece)
        assert walking.classify(piece + " ok") == plain.classify(piece + " ok")
    assert all(len(piece) <= language.PIECE_BYTES_KEPT for _, piece in walking._walks)
