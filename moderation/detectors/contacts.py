"""Find e-mail addresses, links and social media handles."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from moderation.detectors.address_words import STOP
from moderation.detectors.function_words import function_words
from moderation.detectors.signals import Signal
from moderation.detectors.text import overlaps_any, preceded_by, strip_trailing
from moderation.detectors.tokens import strip_accents
from moderation.detectors.word_patterns import trie_pattern
from moderation.detectors.wordlists import derived_first_names, ordinary_words, read_wordlist

_EMAIL = re.compile(r"(?<![\w.%+\-])[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}\b")
# "name (at) gmail (dot) com", "name[at]gmail.com", "name at gmail dot com". A plain " at " needs a
# written "dot", so "look at instagram.com" stays a link.
# Written-out e-mails in English, Spanish and French: "ana (at) mail (dot) com", "ana[at]mail[.]com",
# "jo dot smith at mail dot com", "ana arroba gmail punto com", "marie chez orange point fr".
# A plain word for "at" needs a written-out dot, so "look at instagram.com" stays a link.
_BRACKETED_AT = r"\s*(?:[(\[{]\s*(?:at|@|arroba|arobase)\s*[)\]}])\s*"
_WORD_AT = r"\s+(?:at|arroba|arobase|chez)\s+"
_BRACKETED_DOT = r"\s*(?:[(\[{]\s*(?:dot|\.|punto|point)\s*[)\]}])\s*"
_WORD_DOT = r"\s+(?:dot|punto|point)\s+"
_ANY_DOT = rf"(?:{_BRACKETED_DOT}|{_WORD_DOT}|\.)"
_EMAIL_TLD = r"(?:com|net|org|edu|gov|fr|es|de|mx|ar|co|uk|ie|io|info|be|ch|ca|us|eu|cat|me)"
_LOCAL = rf"[a-z0-9_%+\-]+(?:(?:{_BRACKETED_DOT}|{_WORD_DOT}|\.)[a-z0-9_%+\-]+){{0,3}}"
_EMAIL_OBFUSCATED = re.compile(
    rf"(?<![\w.@])(?:{_LOCAL}(?:{_BRACKETED_AT}|\s?@\s?)[a-z0-9\-]+(?:{_ANY_DOT}[a-z0-9\-]+){{0,2}}(?:{_ANY_DOT}|\s\.\s){_EMAIL_TLD}"
    rf"|{_LOCAL}{_WORD_AT}[a-z0-9\-]+(?:{_ANY_DOT}[a-z0-9\-]+){{0,2}}(?:{_BRACKETED_DOT}|{_WORD_DOT}){_EMAIL_TLD})\b"
)
_OBFUSCATION_HINT = re.compile(r"[(\[{]\s*(?:at|@|arroba|arobase|dot|\.|punto|point)\s*[)\]}]| (?:dot|punto|point) | @ ")

# The top-level domains that need no other sign of a link: "justice4maya.org", "kesslerplumbing.biz".
_PLAIN_TLDS = frozenset((
    "com|org|net|edu|gov|mil|int|info|biz|io|co|ly|tv|dev|xyz|uk|fr|nl|ch|ie|pt|mx|ar|cl|br|au|nz|jp|cn|ru|"
    "pl|dk|fi|eu|gg|ai|ws|cc|gl|gd|fm|ee|lt|lv|cz|sk|hu|ro|gr|tr|za|ng|ke|ph|sg"
).split("|"))
# Top-level domains that end file names more often than links: "readme.md", "script.py".
_FILE_EXTENSIONS = frozenset("md py rs ps pm sc mk".split())
# TLDs that are everyday words too: "at the party.it was late" and "work.im scared" are no links
# unless something else says "link": a path, a hyphen or digit in the name, a subdomain, a known site,
# or a long name that is no word ("luxebagsoutlet.store", "clinicadentalruiz.es").
_WORD_TLDS = frozenset(
    "it to me in is at be no so us do go my on am an as by he hi if la le se el tu te mi ma un et ne ce si ya "
    "yo lo al id im ca es de top art news live club shop store page link site blog online app cat ms sh".split()
)
# A site's name long enough, and no word, that a TLD which is a word too still ends a link after it.
_SITE_NAME_BEFORE_WORD_TLD = 8


@functools.cache
def _all_tlds() -> frozenset[str]:
    """Every top-level domain in use (moderation/wordlists/derived_tlds.txt, from the Public Suffix List)."""
    return frozenset(read_wordlist("derived_tlds.txt"))


_URL_SCHEME = re.compile(r"(?:https?://|ftp://|www\d?\.)[^\s<>\"'«»]+")
_URL_HINT = re.compile(r"[A-Za-z0-9]\.[a-z]")
_URL_BARE = re.compile(
    r"((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+)([a-z]{2,24})(?![\w\-@])"
    r"(/[^\s<>\"'«»]*|[?#][^\s<>\"'«»]+)?"
)
# A link said aloud: "mysite dot com", "yo-te-creo punto org slash historias", "monblog point fr".
# Generic TLDs after any name that is no function word; a country's TLD after a name that is no word
# ("el punto es que…", "le point fr" stay clean).
_SPOKEN_DOT = r"\s+(?:dot|punto|point)\s+"
_SPOKEN_GENERIC_TLDS = "com|org|net|info|io"
_SPOKEN_COUNTRY_TLDS = "fr|es|mx|ar|co|uk|ca|be|ch|de|it|cl|pe|us|eu|cat|blog|app|me"
_URL_SPOKEN = re.compile(
    rf"(?<![\w.@\-])([a-z0-9][a-z0-9\-]{{2,62}})((?:{_SPOKEN_DOT}[a-z0-9\-]{{2,30}})?){_SPOKEN_DOT}"
    rf"({_SPOKEN_GENERIC_TLDS}|{_SPOKEN_COUNTRY_TLDS})(?![\w\-])"
    rf"((?:\s+(?:slash|barra|barre)\s+[a-z0-9][a-z0-9\-_]*)*)"
)
_SPOKEN_DOT_HINT = re.compile(r" (?:dot|punto|point) ")
_MAX_URL_LENGTH = 300
_KNOWN_SHORT_DOMAINS = frozenset({"t.me", "t.co", "x.com", "wa.me", "fb.me", "youtu.be", "g.co", "vm.tiktok.com"})
_CLOCK_TIME = re.compile(r"\d{1,2}(?:[:.h]\d{2})?(?:am|pm|h)?", re.IGNORECASE)
_HANDLE = re.compile(r"@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@])")
# A Reddit user: "u/some_name", "/u/some_name" (not "r/" subreddits, which name no one).
_REDDIT_USER = re.compile(r"(?<![\w/])/?u/([A-Za-z0-9_\-]{3,30})(?![\w/])")
_PLATFORM_WORDS = (
    "ig insta instagram snap snapchat sc tiktok tik_tok tt twitter fb facebook discord telegram kik threads "
    "twitch reddit tumblr bluesky bsky youtube onlyfans linkedin pinterest vsco wattpad steam xbox psn roblox "
    "gamertag"
).split()
_PLATFORMS = trie_pattern(sorted(_PLATFORM_WORDS)).replace("tik_tok", r"tik\s+tok")
# Words after which a dotted name is an account, not a site, unless its TLD is a plain one or it has a path.
_ACCOUNT_BEFORE = re.compile(
    rf"\b(?:{_PLATFORMS}|user|username|usuario|pseudo|handle|account|cuenta|compte)\b"
    rf"(?:\s*[,:=(\-–—>]+\s*|\s+)(?:[\w'’]+\s+){{0,2}}[@'\"“«(]?$"
)


_PLATFORM_AFTER = re.compile(rf"\s+(?:on|en|sur|in)\s+(?:{_PLATFORMS})\b")
_HANDLE_PREFIXED = re.compile(
    rf"\b(?:{_PLATFORMS})\s*[:=]\s*@?([a-z0-9_](?:[a-z0-9_.]{{0,28}}[a-z0-9_])?)"
)
# "his insta mikey_t_99", "snap juanjo_2004", "mi insta es lauritaa", "son snap c'est lea.d",
# "on tiktok he goes by dannyfitzz", "en discord se hace llamar x", "sur twitter il se fait appeler x",
# "snapchat, pseudo x", "insta -> x", "instagram ('x')": a platform word, a few filler words or marks,
# then a name that is no ordinary word (or has _ . or digits).
_HANDLE_FILLERS = (
    r"is|was|es|era|est|c['’]est|c|handle|account|acc|user|username|name|nombre|profile|page|id|tag|gamertag|"
    r"cuenta|usuario|perfil|compte|pseudo|nom|called|calls|call|goes|went|go|by|himself|herself|themself|"
    r"he|she|they|he['’]s|she['’]s|il|elle|se|hace|hacia|llamar|llama|llamaba|fait|faisait|appeler|s['’]appelle|"
    r"sale|aparece|appears|shows|apparait|apparaît|up|"
    r"as|como|comme|sous|le|el|la|de|del|du|the|his|her|their|su|son|sa|under|it['’]?s|its|"
    r"at|on|en|sur|@"
)
_HANDLE_GAP = r"(?:\s*[,:=(\-–—>]+\s*|\s+)"
_HANDLE_AFTER_PLATFORM = re.compile(
    rf"\b(?:{_PLATFORMS}){_HANDLE_GAP}(?:(?:{_HANDLE_FILLERS}){_HANDLE_GAP}){{0,4}}[@'\"“«(]?"
    rf"([a-z0-9_](?:[a-z0-9_.]{{1,28}}[a-z0-9_])?)(?![\w@])"
)
# "look up jaylenmoves on tiktok", "búscalo como fercho en insta", "ajoute kevdu sur snap", "he's
# cheflorenzo on ig": a name asked for or said to be someone's, then its platform.
_HANDLE_BEFORE_PLATFORM = re.compile(
    r"\b(?:look(?:\s+him|\s+her)?\s+up|search(?:\s+for)?|find|add|follow|dm|busca(?:lo|la)?(?:\s+como)?|"
    r"sigue(?:lo|la)?(?:\s+a)?|agrega(?:lo|la|me)?(?:\s+a)?|ajoute[sz]?(?:-le|-la|-moi)?|cherche[sz]?(?:-le|-la)?|"
    r"suis|suivez|he['’]s|she['’]s|he\s+is|she\s+is|es|est|c['’]est)\s+@?([a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_])?)"
    r"\s+(?:on|en|sur|in)\s+(?:" + _PLATFORMS + r")\b"
)
# The account name said with its dots: "on insta as ana punto pilates", "snap c'est lea point d".
_HANDLE_SPOKEN = re.compile(
    rf"\b(?:{_PLATFORMS})\s+(?:(?:is|es|est|c['’]est|as|como|comme|sous|under|called|account|cuenta|compte|"
    rf"handle|user|usuario|pseudo|:|-)\s+){{0,3}}@?(([a-z0-9_]{{2,30}})(?:\s+(?:dot|punto|point)\s+[a-z0-9_]{{1,30}}){{1,3}})(?![\w@])"
)

# A Discord tag: a user name and four digits after "#" ("nightowl#0042"); "apt#1234" is a unit.
_DISCORD_TAG = re.compile(r"(?<![\w#@./])([a-z0-9_.]{2,32}#\d{4})(?![\w#])")
_NOT_TAG_NAMES = frozenset("apt unit suite ste room rm flat no num number order ticket case ref invoice box".split())

_PLATFORM_WORD = re.compile(rf"(?:{_PLATFORMS})")
_PLATFORM_MENTION = re.compile(rf"\b(?:{_PLATFORMS})\b")
# An account name has the marks of one: an underscore, or letters with a dot or digits ("elrubio_mx",
# "nacho.gym", "thomasss95"); "u.s.", "9.30", "2nd" and "mp3" have too few letters to be one.
_MARKED_NAME = re.compile(r"(?<![\w@./])([a-z0-9](?:[a-z0-9_.]{2,28})[a-z0-9])(?![\w@]|\.\w)")
_UNDERSCORE_NAME = re.compile(r"(?<![\w@./])([a-z0-9][a-z0-9.]*_[a-z0-9_.]*[a-z0-9])(?![\w@])")
_SENTENCE_STOP = re.compile(r"[.!?\n](?:\s|$)")
_NEAR_PLATFORM_WORDS = 8
_NUMBER_WITH_SUFFIX = re.compile(r"\d+(?:st|nd|rd|th|er|e|eme|h|am|pm|k|mp\d)")  # "2nd", "9pm", "10k"


def _looks_like_account(name: str) -> bool:
    letters = sum(c.isalpha() for c in name)
    if letters < 3 or name.replace(".", "").isdigit():
        return False
    if "_" in name:
        return True
    if "." in name:
        parts = name.split(".")
        return all(parts) and sum(len(p) >= 2 for p in parts) >= 2 and not all(len(p) == 1 for p in parts)
    return any(c.isdigit() for c in name) and not _NUMBER_WITH_SUFFIX.fullmatch(name)


def _site_name(name: str, tld: str) -> bool:
    """Tell whether `name` before a TLD that needs more evidence is a site's name: lower case, no word,
    no first name ("luxebagsoutlet.store", "markhalloran.photography", not "party.it" or "kevin.now")."""
    if not name.islower() or not name.isalnum():
        return False
    folded = name.lower()
    if folded in ordinary_words() or folded in derived_first_names() or folded in STOP or folded in function_words():
        return False
    if tld in _WORD_TLDS or tld in ordinary_words():
        return len(name) >= (_SITE_NAME_BEFORE_WORD_TLD if len(tld) == 2 else 6)
    return len(name) >= 4


def find_emails(text: str, lowered: str) -> list[Signal]:
    signals = []
    if "@" in text:
        for m in _EMAIL.finditer(text):
            if not preceded_by(text, m.start(), "._%+-"):
                signals.append(Signal("email", m.start(), m.end(), 0.95, "e-mail address"))
    if _OBFUSCATION_HINT.search(lowered):
        for m in _EMAIL_OBFUSCATED.finditer(lowered):
            if not overlaps_any(m.start(), m.end(), signals):
                signals.append(Signal("email", m.start(), m.end(), 0.8, "e-mail address written out"))
    return signals


def _bare_domain_matches(text: str) -> Iterator[re.Match]:
    """Search for bare domains only inside the words that hold a "x.y", and only in words of a sane length."""
    token_end = -1
    for hint in _URL_HINT.finditer(text):
        if hint.start() < token_end:
            continue  # same word as the previous hint
        token_start = max(text.rfind(" ", 0, hint.start()), text.rfind("\n", 0, hint.start())) + 1
        token_end = min((i for i in (text.find(" ", hint.end()), text.find("\n", hint.end())) if i != -1),
                        default=len(text))
        if token_end - token_start <= _MAX_URL_LENGTH:
            yield from _URL_BARE.finditer(text, token_start, token_end)


def find_urls(text: str, lowered: str) -> list[tuple[Signal, str]]:
    """Return url signals, each with its lower-cased host."""
    found: list[tuple[Signal, str]] = []
    for m in _URL_SCHEME.finditer(lowered):
        if preceded_by(text, m.start(), "_"):
            continue
        end = strip_trailing(text, m.start(), m.end())
        host = re.sub(r"^[a-z]+://", "", lowered[m.start():end])
        host = re.split(r"[/?#]", host, maxsplit=1)[0]
        found.append((Signal("url", m.start(), end, 0.95, "link"), host))
    taken = [s for s, _ in found]
    for m in _bare_domain_matches(text):
        if preceded_by(text, m.start(), "@.-/_") or overlaps_any(m.start(), m.end(), taken):
            continue
        labels, tld, path = m.group(1), m.group(2), m.group(3)
        if tld not in _all_tlds() or (tld in _FILE_EXTENSIONS and not path):
            continue
        host = (labels + tld).lower()
        if host not in _KNOWN_SHORT_DOMAINS and len(labels.split(".")[0]) < 2:
            continue
        looks_like_a_site = (
            (path and len(path) > 1)
            or host in _KNOWN_SHORT_DOMAINS
            or labels.count(".") >= 2
            or any(c.isdigit() or c == "-" for c in labels)
        )
        if tld not in _PLAIN_TLDS and not looks_like_a_site and not _site_name(labels[:-1], tld):
            continue  # "at the party.it", "home.now": a word, a full stop and a word
        if not path and (tld not in _PLAIN_TLDS and _ACCOUNT_BEFORE.search(lowered, max(0, m.start() - 40), m.start())
                         or _PLATFORM_AFTER.match(lowered, m.end())):
            continue  # "usuario ricardo.mendez.photo", "message growfast.media on instagram": an account's name
        if not any(c.islower() for c in labels) and not path:
            continue  # shouting, not a domain
        end = strip_trailing(text, m.start(), m.end())
        found.append((Signal("url", m.start(), end, 0.85 if path else 0.75, "link to a website"), host))
    if _SPOKEN_DOT_HINT.search(lowered):
        taken = [s for s, _ in found]
        for m in _URL_SPOKEN.finditer(lowered):
            name, tld = m.group(1), m.group(3)
            folded = strip_accents(name)
            if folded in STOP or overlaps_any(m.start(), m.end(), taken):
                continue  # "the dot com years", "el punto es"
            if tld not in _SPOKEN_GENERIC_TLDS.split("|") and (folded in ordinary_words() or name.isdigit()):
                continue
            host = f"{name}{''.join(m.group(2).split()).replace('dot', '.').replace('punto', '.').replace('point', '.')}.{tld}"
            found.append((Signal("url", m.start(), m.end(), 0.75, "link written out"), host))
    return found


def _handles_by_platform_words(lowered: str, mentions: list[re.Match], signals: list[Signal]) -> None:
    """Add the account names read after a platform word, before it, or said with their dots."""
    ordinary, closed = ordinary_words(), function_words()
    spoken = _SPOKEN_DOT_HINT.search(lowered)
    for platform in mentions:
        m = _HANDLE_AFTER_PLATFORM.match(lowered, platform.start())
        if m and not overlaps_any(m.start(1), m.end(1), signals) and not _PLATFORM_WORD.fullmatch(m.group(1)):
            name = m.group(1)
            marked = any(c in name for c in "_.") or any(c.isdigit() for c in name)
            folded = strip_accents(name)
            between = lowered[platform.end():m.start(1)]
            after_a_comma_alone = "," in between and not any(c.isalpha() for c in between)
            if any(c.isalpha() for c in name) and (marked or not (
                    folded in ordinary or folded in STOP or folded in closed or len(name) < 4 or after_a_comma_alone)):
                signals.append(Signal("handle", m.start(1), m.end(1), 0.8 if marked else 0.65,
                                      "account name after a platform word"))  # not "on insta last night"
        m = _HANDLE_BEFORE_PLATFORM.search(lowered, max(0, platform.start() - 70), platform.end())
        if m and m.end() == platform.end() and not overlaps_any(m.start(1), m.end(1), signals):
            name = m.group(1)
            folded = strip_accents(name)
            if not (folded in ordinary or folded in STOP or folded in closed or folded in derived_first_names()
                    or len(name) < 5 or not any(c.isalpha() for c in name)):
                # not "add kevin on snap" (a person) nor "find me on insta"
                signals.append(Signal("handle", m.start(1), m.end(1), 0.65, "account name before its platform"))
        if spoken:
            m = _HANDLE_SPOKEN.match(lowered, platform.start())
            if m and not overlaps_any(m.start(1), m.end(1), signals) and strip_accents(m.group(2)) not in STOP:
                signals.append(Signal("handle", m.start(1), m.end(1), 0.75, "account name written out after a platform word"))


def find_handles(text: str, lowered: str) -> list[Signal]:
    signals = []
    if "@" in text:
        for m in _HANDLE.finditer(text):
            if preceded_by(text, m.start(), "_@./"):
                continue  # an e-mail address or part of a link
            if m.group(1).isdigit() or _CLOCK_TIME.fullmatch(m.group(1)):
                continue  # "@12" or "meet @9pm" is no handle
            signals.append(Signal("handle", m.start(), m.end(), 0.9, "social media handle"))
    # Every reader of a platform word starts where one was found: one search of the story for them all.
    mentions = list(_PLATFORM_MENTION.finditer(lowered))
    if mentions and (":" in text or "=" in text):
        for platform in mentions:
            m = _HANDLE_PREFIXED.match(lowered, platform.start())
            if m and not overlaps_any(m.start(1), m.end(1), signals):
                signals.append(Signal("handle", m.start(1), m.end(1), 0.85, "social media account name"))
    if "u/" in lowered:
        for m in _REDDIT_USER.finditer(lowered):
            if not overlaps_any(m.start(), m.end(), signals) and sum(c.isalpha() for c in m.group(1)) >= 2:
                signals.append(Signal("handle", m.start(), m.end(), 0.85, "Reddit user name"))
    if mentions:
        _handles_by_platform_words(lowered, mentions, signals)
    if "#" in lowered:
        for m in _DISCORD_TAG.finditer(lowered):
            name = m.group(1).split("#")[0]
            if sum(c.isalpha() for c in name) >= 3 and name not in _NOT_TAG_NAMES \
                    and not overlaps_any(m.start(1), m.end(1), signals):
                signals.append(Signal("handle", m.start(1), m.end(1), 0.8, "Discord tag"))
    for m in _UNDERSCORE_NAME.finditer(lowered):
        if not overlaps_any(m.start(1), m.end(1), signals) and sum(c.isalpha() for c in m.group(1)) >= 3:
            signals.append(Signal("handle", m.start(1), m.end(1), 0.6, "looks like an account name"))
    for platform in mentions:
        # "tiene insta, se llama nacho.gym", "look up kyle.fitness.coach on instagram": a marked name a few
        # words from a platform word, in the same sentence.
        # Only the stop within the window's reach matters (a stop found at +71 by the endpos's `$` is past it).
        stop = _SENTENCE_STOP.search(lowered, platform.end(), platform.end() + 72)
        after_end = stop.start() if stop else len(lowered)
        stop_before = max((s.end() for s in _SENTENCE_STOP.finditer(lowered, max(0, platform.start() - 80),
                                                                     platform.start())), default=0)
        window = (max(stop_before, platform.start() - 50), min(after_end, platform.end() + 70))
        for m in _MARKED_NAME.finditer(lowered, *window):
            if overlaps_any(m.start(1), m.end(1), signals) or not _looks_like_account(m.group(1)):
                continue
            between = lowered[platform.end():m.start()] if m.start() >= platform.end() else lowered[m.end():platform.start()]
            if len(between.split()) > _NEAR_PLATFORM_WORDS:
                continue
            signals.append(Signal("handle", m.start(1), m.end(1), 0.7, "account name near a platform word"))
    return signals


