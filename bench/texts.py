"""Realistic story texts of a chosen length for the screening and posting benchmarks.

Testimonies are built from sentences like the ones people wrote in October
2017: ages and years (never personal data), places, relations, first names,
and now and then what screening exists to catch — a phone number, an e-mail
address, a handle, a full name, crisis language.
"""

import random

SENTENCES = [
    "At 14, a teacher kept me after class and told me it was our secret.",
    "It happened at work, more than once, and everyone laughed it off at the Christmas party.",
    "Me too. At 8, at 12, at 14, at 19.",
    "A stranger on the night bus pressed against me and I froze.",
    "I have been angry at myself for years, and I am only now learning that it was not my fault.",
    "My manager said it was a joke. It was not a joke, and HR said there was nothing they could do.",
    "I was 17 and it was someone my family trusted, a friend of my father's.",
    "For months, online, from someone I had never met, messages every night.",
    "I said no. He did not listen. It took me ten years to write this sentence.",
    "In 1998 I was a student in Lyon, and the professor who supervised my thesis would not stop.",
    "My cousin Daniel was there and did nothing, and nobody in the family talks about it.",
    "When I finally told my mother she asked what I had been wearing.",
    "I still take the long way home so I do not have to walk past that office.",
    "The doctor said it was part of the examination. I was 15 and I believed him.",
    "Some nights I cannot sleep, and I wonder if anyone would believe me now.",
    "I left the job, the city and most of my friends, and I am still rebuilding.",
    "It was my first week at the restaurant and the owner cornered me in the walk-in fridge.",
    "Reading all of your stories tonight, I finally feel less alone.",
    "At university it was the captain of the rowing team, and the coach told me to keep quiet.",
    "We were at a wedding in Seville and he followed me into the garden.",
]
EXTRAS = [
    "If you want to talk, my number was 07700 900123 back then.",
    "He still writes to me at sam.parker@example.org from a new address every year.",
    "He is on Instagram as @coach_mike_99 and still teaches children.",
    "His name is Robert Hallworth and he still works at the same school.",
    "Some days I want to end my life, but today I am still here.",
    "It was on Rue des Lilas, number 12, on the second floor.",
]


def story_text(length: int, rng: random.Random, *, extras: float = 0.3) -> str:
    """Return a testimony of about `length` characters (never more), cut at a word boundary."""
    parts: list[str] = []
    total = 0
    while total < length:
        pool = EXTRAS if rng.random() < extras / 4 else SENTENCES
        sentence = rng.choice(pool)
        parts.append(sentence)
        total += len(sentence) + 1
    text = " ".join(parts)
    if len(text) > length:
        text = text[:length].rsplit(" ", 1)[0]
    return text


def story_texts(length: int, count: int, *, seed: int = 2017) -> list[str]:
    rng = random.Random(seed + length)
    return [story_text(length, rng) for _ in range(count)]
