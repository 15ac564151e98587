"""The crisis reader's sentence ends at its break or _SENTENCE_REACH characters after the match (review, session 7).

A story of one run-on sentence made every crisis match read the whole rest of the story (2,000 characters of
"i want to die " took ~240 ms of CPU; ~80 ms with the reach). The reach only matters past 400 characters
without a full stop, question mark or line break: the signals over 13,395 outside, validation, corpus and bench
texts are identical with and without it (`python -m bench.screening_speed --digest`).
"""

from moderation.detectors import crisis


def test_a_time_word_within_the_reach_still_tells_the_time():
    text = "i wanted to die " + "and " * 20 + "tonight"
    assert crisis._time_of(text, 0, 15) == "present"


def test_a_time_word_past_the_reach_of_a_run_on_sentence_is_not_read():
    filler = "and " * ((crisis._SENTENCE_REACH // 4) + 5)
    text = "i wanted to die " + filler + "tonight"
    assert crisis._time_of(text, 0, 15) == "past"  # "tonight" is out of reach; "wanted" tells the past


def test_the_sentence_still_ends_at_its_break_within_the_reach():
    assert crisis._time_of("i wanted to die. tonight", 0, 15) == "past"
