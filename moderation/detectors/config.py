"""What screening can be tuned with, and how Django settings fill it in."""

from __future__ import annotations

import functools
from dataclasses import dataclass

PERSONAL_DATA_TYPES = frozenset({"phone", "email", "handle", "url", "address", "id_number"})
SIGNAL_TYPES = PERSONAL_DATA_TYPES | {"person_name", "crisis", "abuse", "spam", "duplicate", "flood"}
PRIORITIES = ("P0", "P1", "P2", "P3")
LANES = ("queue", "spam")

DEFAULT_PHONE_REGIONS = ("US", "GB", "FR", "ES", "DE", "CA", "AU", "IE", "IN", "MX")

# Support lines a survivor may pass on to others: never flagged as someone's private number.
# Full numbers in E.164, short codes as plain digits.
DEFAULT_HELPLINE_NUMBERS = frozenset({
    "988",  # US/CA Suicide & Crisis Lifeline
    "741741",  # US Crisis Text Line
    "+18006564673",  # US RAINN
    "+18007997233",  # US National Domestic Violence Hotline
    "+18002738255",  # US former National Suicide Prevention Lifeline
    "116123",  # Samaritans UK/IE
    "+44116123",
    "+448088029999",  # UK Rape Crisis
    "+448082000247",  # UK National Domestic Abuse Helpline
    "+448001111",  # UK Childline
    "3919",  # FR Violences Femmes Info
    "3114",  # FR suicide prevention
    "119",  # FR child protection
    "+33800059595",  # FR Viols Femmes Informations
    "016",  # ES gender violence
    "024",  # ES suicide line
    "+34900116016",  # ES 016 long number
    "+498000116016",  # DE Hilfetelefon Gewalt gegen Frauen
    "+611800737732",  # AU 1800RESPECT
    "+61131114",  # AU Lifeline
    "+3531800778888",  # IE Rape Crisis
    "+528009112000",  # MX Línea de la Vida
})

# Names that may appear in a story without identifying a private person.
DEFAULT_PUBLIC_FIGURES = frozenset({
    "Harvey Weinstein", "Alyssa Milano", "Tarana Burke", "Donald Trump", "Bill Cosby",
    "Larry Nassar", "Kevin Spacey", "Jeffrey Epstein", "Ghislaine Maxwell", "Bill Clinton",
    "Brett Kavanaugh", "Christine Blasey Ford", "Anita Hill", "Clarence Thomas",
    "Roman Polanski", "Woody Allen", "Matt Lauer", "Charlie Rose", "Roger Ailes", "Bill O'Reilly",
    "Les Moonves", "Ashley Judd", "Rose McGowan", "Gwyneth Paltrow", "Angelina Jolie", "Uma Thurman",
    "Salma Hayek", "Lupita Nyong'o", "Terry Crews", "Anthony Rapp", "Andrew Cuomo", "Prince Andrew",
    "Jimmy Savile", "Gérard Depardieu", "Adèle Haenel", "Sandra Muller", "Dominique Strauss-Kahn",
    "Patrick Poivre d'Arvor", "Judith Godrèche", "Gisèle Pelicot", "Dominique Pelicot",
    "Luis Rubiales", "Jenni Hermoso", "Dani Alves", "Plácido Domingo", "Íñigo Errejón",
    "Emma Watson", "Taylor Swift", "Oprah Winfrey", "Jesus Christ", "Santa Claus",
    "Barack Obama", "Joe Biden", "Kamala Harris", "Hillary Clinton", "Emmanuel Macron",
    "Pedro Sánchez", "Elon Musk", "Mark Zuckerberg", "Jeff Bezos", "Michael Jackson",
    "Marilyn Monroe", "Andrew Tate", "Chris Brown", "Johnny Depp", "Amber Heard",
    "Jimmy Kimmel", "Stephen King", "Jean-Luc Godard", "Christian Dior", "Victoria Beckham",
    "Justin Timberlake", "Britney Spears", "Simone Biles", "Aly Raisman", "McKayla Maroney",
    "Jordan Peterson", "Dr Phil", "Martin Luther King", "George Washington", "Abraham Lincoln",
    "Victor Hugo", "Jean Jaurès", "Jules Ferry", "Jean Moulin", "Miguel de Cervantes", "Simone Veil",
    # Brands and fictional characters that look like the names of people
    "Jack Daniels", "Jack Daniel", "Johnnie Walker", "Ronald McDonald", "Tommy Hilfiger", "Calvin Klein",
    "Ralph Lauren", "Harry Potter", "Peter Pan", "Mickey Mouse", "Jack Sparrow", "Christian Grey",
})

DEFAULT_SHORTENER_DOMAINS = frozenset({
    "bit.ly", "tinyurl.com", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly",
    "tiny.cc", "shorturl.at", "rb.gy", "bl.ink", "v.gd", "s.id", "t.ly", "shorte.st", "adf.ly",
})
DEFAULT_SPAM_DOMAINS = frozenset({
    "onlyfans.com", "fansly.com", "chaturbate.com", "stripchat.com", "cash.app",
})
# Pages of links and contact links: personal data (a url signal), spam only with advertising words.
DEFAULT_LINK_HUB_DOMAINS = frozenset({"linktr.ee", "beacons.ai", "wa.me", "carrd.co", "lnk.bio", "linkin.bio"})
# A linked domain containing one of these words is treated as commercial spam.
DEFAULT_SPAM_DOMAIN_WORDS = (
    "casino", "crypto", "bitcoin", "forex", "viagra", "cialis", "pharma", "pills", "loans",
    "betting", "escort", "xxx", "dating", "followers", "earnmoney", "makemoney",
)


@dataclass(frozen=True)
class ScreeningConfig:
    """Tunable inputs of screening; the defaults suit a first deployment."""

    phone_regions: tuple[str, ...] = DEFAULT_PHONE_REGIONS
    helpline_numbers: frozenset[str] = DEFAULT_HELPLINE_NUMBERS
    public_figures: frozenset[str] = DEFAULT_PUBLIC_FIGURES
    shortener_domains: frozenset[str] = DEFAULT_SHORTENER_DOMAINS
    spam_domains: frozenset[str] = DEFAULT_SPAM_DOMAINS
    link_hub_domains: frozenset[str] = DEFAULT_LINK_HUB_DOMAINS
    spam_domain_words: tuple[str, ...] = DEFAULT_SPAM_DOMAIN_WORDS
    # A spam signal at least this confident sends the story to the spam lane.
    spam_lane_min_confidence: float = 0.5
    repeated_char_min_run: int = 10
    # The caller counts similar stories inside its flood window and passes the count in: shown, never a lane.
    flood_threshold: int = 5
    # The same text (normalised) this many times in the flood window from at most flood_max_senders
    # address HMACs is a machine: spam lane.
    flood_min_copies: int = 5
    flood_max_senders: int = 3
    duplicate_min_chars: int = 40
    near_duplicate_min_ratio: float = 90.0
    language_min_chars: int = 20
    language_min_confidence: float = 0.5
    # The detector reads at most this many characters: plenty to tell a language apart.
    language_max_chars: int = 200
    # Languages the detector may answer with; None lets it use every language of its model.
    languages: tuple[str, ...] | None = (
        "en", "es", "fr", "de", "it", "pt", "nl", "ca", "pl", "ro", "sv", "da", "no", "fi",
        "cs", "hu", "el", "tr", "ru", "uk", "ar", "he", "fa", "ur", "hi", "bn", "ta",
        "id", "ms", "tl", "vi", "th", "zh", "ja", "ko", "sw",
    )
    crisis_confidence: float = 0.9
    past_crisis_confidence: float = 0.6
    # A bare "suicide" may be about someone else; it still flags, so a person looks.
    crisis_mention_confidence: float = 0.5
    # The classifier's own confidence is capped: a rule says what it found, a score only how alike.
    crisis_classifier_max_confidence: float = 0.8
    abuse_classifier_max_confidence: float = 0.7
    # Below spam_lane_min_confidence: a score alone flags spam for a person, never moves the lane.
    spam_classifier_max_confidence: float = 0.45
    # The spam classifier generalises least (see docs/screening.md): it speaks alone only when sure.
    spam_classifier_min_probability: float = 0.9





@functools.cache
def config_from_settings() -> ScreeningConfig:
    """Build the ScreeningConfig from the SCREENING_* settings of config/settings.py, once per process.

    Every setting is named here; a ScreeningConfig field without a setting keeps its default. The
    cache is cleared when a SCREENING_* setting changes (override_settings in tests).
    """
    from django.conf import settings
    from django.core.signals import setting_changed

    setting_changed.connect(_forget_config, dispatch_uid="moderation.detectors.config")
    return ScreeningConfig(
        phone_regions=tuple(settings.SCREENING_PHONE_REGIONS),
        helpline_numbers=DEFAULT_HELPLINE_NUMBERS | frozenset(settings.SCREENING_EXTRA_HELPLINE_NUMBERS),
        public_figures=DEFAULT_PUBLIC_FIGURES | frozenset(settings.SCREENING_EXTRA_PUBLIC_FIGURES),
        shortener_domains=DEFAULT_SHORTENER_DOMAINS | frozenset(settings.SCREENING_EXTRA_SHORTENER_DOMAINS),
        spam_domains=DEFAULT_SPAM_DOMAINS | frozenset(settings.SCREENING_EXTRA_SPAM_DOMAINS),
        spam_lane_min_confidence=settings.SCREENING_SPAM_LANE_MIN_CONFIDENCE,
        flood_threshold=settings.SCREENING_FLOOD_THRESHOLD,
        flood_min_copies=settings.SCREENING_FLOOD_MIN_COPIES,
        flood_max_senders=settings.SCREENING_FLOOD_MAX_SENDERS,
        duplicate_min_chars=settings.SCREENING_DUPLICATE_MIN_CHARS,
        near_duplicate_min_ratio=settings.SCREENING_NEAR_DUPLICATE_MIN_RATIO,
    )


def _forget_config(*, setting: str, **kwargs) -> None:
    if setting.startswith("SCREENING_"):
        config_from_settings.cache_clear()


@functools.cache
def default_config() -> ScreeningConfig:
    return ScreeningConfig()
