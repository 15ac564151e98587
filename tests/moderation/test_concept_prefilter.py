"""The concept pass (concepts._all_matches) looks up only the rules a word can start, and never tries
a rule one of whose slots needs a word the story lacks: its matches must be exactly those of trying
every rule at every word, the reference kept here."""

from bisect import bisect_left

from moderation import model_build
from moderation.detectors import concepts
from moderation.detectors.tokens import tokenize
from tests.moderation.test_screening_fast_paths import sample_texts  # noqa: F401 (a fixture)


def _sentence_numbers_reference(text, tokens):
    breaks = [m.start() for m in concepts._SENTENCE_END.finditer(text)]
    return [bisect_left(breaks, token.start) for token in tokens]


def _starts(slot, token):
    """Slot.matches itself: a rule may start at any word its first slot takes, a number in digits included."""
    return slot.matches(token)


def _all_matches_reference(text, tokens):
    sentences = _sentence_numbers_reference(text, tokens)
    negation = concepts.concept("NEG")
    matches = []
    for i, token in enumerate(tokens):
        for rule in concepts.rules():
            if not _starts(rule.slots[0], token):
                continue
            end = concepts._match_from(rule, tokens, sentences, i) if len(rule.slots) > 1 else i
            if end is None:
                continue
            if rule.reject_negated and any(
                negation.matches(tokens[k]) for k in range(max(0, i - 3), i) if sentences[k] == sentences[i]
            ):
                continue
            if rule.reject_after and end + 1 < len(tokens) and tokens[end + 1].form in rule.reject_after:
                continue
            if rule.reject_before and any(tokens[k].form in rule.reject_before for k in range(max(0, i - 4), i)):
                continue
            if rule.at_end and end + 1 < len(tokens) and not concepts._CLAUSE_END.search(text, tokens[end].end, tokens[end + 1].start):
                continue
            matches.append((rule.key, rule.type, i, end))
    return sorted(matches)


def _matches(text):
    return sorted((m.rule.key, m.rule.type, m.start, m.end) for m in concepts._all_matches(text, tokenize(text)))


def test_the_concept_pass_finds_the_matches_of_trying_every_rule_at_every_word(sample_texts):  # noqa: F811
    texts = [row["text"] for row in model_build.read_corpus()[1::7]] + sample_texts[::4]
    assert len(texts) > 1500
    found = 0
    for text in texts:
        expected = _all_matches_reference(text, tokenize(text))
        assert _matches(text) == expected, text[:60]
        found += len(expected)
    assert found > 500  # the corpus gives the rules plenty to match


def test_sentence_numbers_count_the_sentence_ends_before_each_word(sample_texts):  # noqa: F811
    for text in sample_texts[::3] + ["", "a. b! c? d\ne; f", "...", "no end at all", ". starts with one"]:
        tokens = tokenize(text)
        assert concepts.sentence_numbers(text, tokens) == _sentence_numbers_reference(text, tokens)


def test_a_rule_whose_first_slot_is_a_number_starts_at_a_number():
    """The first-slot index looks words up; a slot that takes any number ("#") is tried word by word
    (before, "spam discount: # +1 off" could never fire)."""
    rule = next(r for r in concepts.rules() if concepts.NUMBER in r.slots[0].words)
    text = "flash sale today only 40 percent off everything"
    assert any(m.rule is rule for m in concepts._all_matches(text, tokenize(text)))
