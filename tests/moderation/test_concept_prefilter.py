"""A rule one of whose slots needs a word the story lacks is never tried (concepts._all_matches):
the matches must be exactly those of trying every rule everywhere."""

from moderation import model_build
from moderation.detectors import concepts
from moderation.detectors.tokens import tokenize


def test_skipping_rules_the_story_cannot_match_finds_the_same_matches(monkeypatch):
    texts = [row["text"] for row in model_build.read_corpus()[::7]]
    assert len(texts) > 500
    with_filter = [[(m.rule.key, m.start, m.end) for m in concepts._all_matches(t, tokenize(t))] for t in texts]
    monkeypatch.setattr(concepts, "_needed_words", lambda rule: ())
    without = [[(m.rule.key, m.start, m.end) for m in concepts._all_matches(t, tokenize(t))] for t in texts]
    assert with_filter == without
    assert sum(map(len, with_filter)) > 200  # the corpus gives the rules plenty to match
