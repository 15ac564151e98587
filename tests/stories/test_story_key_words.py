"""Issue 13.3: a story key never hands a survivor a word that wounds.

The deny list below is the review's record: words, and stems that catch their family
("violat" catches violate, violation, violator). A word is refused when it contains a stem.
A stem written "=word" refuses only that word ("=lip" refuses lip, not tulip).
It is written for this test, not taken from any outside text.
"""

import math

from stories import story_keys

STEMS = {
    "body": "abdom anatom aorta armpit bladder bodily body bone bosom breast butt buttock cervix cheek chest clavic crotch "
            "cranium crani femur flesh genital groin gizzard hips jaw jugular kidney =lip =liver =lung marrow navel nipple organ "
            "ovar pancrea pelvi penis rectal rectum scrot skin skull spine spleen sternum testic thigh throat tibia tongue torso "
            "=udder underarm uter vagin womb",
    "sex": "arous bondage bra brothel playmate cathouse celiba chast condom erot fondl foreplay gigolo grope hooker horny incest kink "
           "kiss lewd lingerie lust molest naked negligee nude nudi orgasm orgy panties porn prostit rape rapist seduc semen "
           "sensual sensuous sex slut sperm strip sultry thong undress unclot underwear unzip virgin whore",
    "violence": "abduct abus ambush assault attack batter beat behead bleed blood bludgeon bomb bruis brute brutal choke "
                "cleaver combat crowbar cruel dagger detonat dynamite explod fracture gun hatchet hostage impale kidnap kill "
                "knife lash maim massacre molest murder mutilat noose predat punch =cut uncut undercut precut shortcut slice slicing =bleach =scratch razor rifle shank shoot shrapnel slap slaughter smother "
                "stab stalk strangl suffocat throttl tortur violat weapon whip wound",
    "shame": "ashamed blush degrad demeaning disgrac embarrass guilt humiliat shame unworth worthless",
    "purity": "defil dirt filth impur pristine purif purist purity puritan prude soil sordid stain taint unclean virtuous",
    "gender": "effemin femin gender girl ladies lady manhood manliness manly mannish masculin tomboy unmanl unwoman "
              "woman women",
    "death": "afterlife buri cadaver casket coffin corpse cremat dead death decease dying embalm epitaph funeral grave "
             "headstone hearse mortal morgue mortic obituar perish slain suicid tomb",
    "crime": "arrest arson burglar convict crime crimin culprit custody defendant detective embezzl extort felon fraud "
             "heist jail =juror jury looter mobster murder parole perjur prison robber shoplift smuggl thief thiev",
    "illness": "numbing numbly numbness drinkable drinking ailment anemi cancer diabet diagnos disabl disease epilep fever gangren illness infect insan jaundice "
               "lunac lunat malignan measles mumps nause neuros neurot overdos paraly polio psycho sick syndrome tumor "
               "tumour vomit",
    # What abusers say and what survivors say of themselves after: "our secret", "hush", "broken".
    "coercion": "=secret secretly hush silenc =used spoil broken fragil frozen",
    # Bathing and wetness: where and how many assaults are remembered.
    "bathing": "=bath bathtub bathrob shower dripping thinning",
    "insult": "bastard bimbo bitch chump cretin dimwit dork dumb dweeb freak idiot imbecil jerk loser moron nitwit nutcase "
              "oaf pervert retard scoundrel stupid twerp ugly wimp",
}


def deny_stems() -> list[str]:
    return [stem for stems in STEMS.values() for stem in stems.split()]


def refused(word: str) -> bool:
    return any(word == stem[1:] if stem.startswith("=") else stem in word for stem in deny_stems())


def test_no_key_word_wounds():
    found = sorted(word for word in story_keys._words() if refused(word))
    assert found == [], f"words that must not be in a story key: {found}"


def test_the_deny_list_catches_what_the_eff_list_held():
    """The test can fail: these words are in the EFF list the keys used to come from."""
    for word in ("grope", "undress", "unzip", "violate", "defile", "unclothed", "predator", "strangle", "ashamed",
                 "unworthy", "tainted", "impure", "dirtiness", "unwomanly"):
        assert refused(word), word
        assert word not in story_keys._words(), word


def test_a_default_key_keeps_at_least_77_bits(settings):
    assert settings.STORY_KEY_WORDS >= 7
    assert story_keys.key_bits(settings.STORY_KEY_WORDS) >= 77
    assert len(story_keys._words()) >= 2 ** 11
    assert len(set(story_keys._words())) == len(story_keys._words())


def test_every_word_is_plain_lowercase_so_keys_are_easy_to_type():
    for word in story_keys._words():
        assert word.isascii() and word.replace("-", "").isalpha() and word == word.lower(), word
    assert math.log2(len(story_keys._words())) > 12


def test_new_keys_only_use_the_curated_words():
    allowed = set(story_keys._words())
    for _ in range(200):
        assert set(story_keys.new_story_key().split("-")) <= allowed


def test_a_key_is_the_words_of_one_uniform_draw_read_as_digits_in_base_the_list_length(settings, monkeypatch):
    words, count = story_keys._words(), settings.STORY_KEY_WORDS
    draws = []

    def randbelow(bound):
        draws.append(bound)
        return 3 + 5 * len(words) + (len(words) - 1) * len(words) ** (count - 1)  # digits 3, 5, 0 …, last

    monkeypatch.setattr(story_keys.secrets, "randbelow", randbelow)
    key = story_keys.new_story_key().split("-")
    assert draws == [len(words) ** count]  # one draw covering every key equally
    assert key == [words[3], words[5], *[words[0]] * (count - 3), words[-1]]


def test_every_position_of_a_key_takes_words_from_the_whole_list(settings):
    first, last = set(), set()
    for _ in range(3000):
        key = story_keys.new_story_key().split("-")
        assert len(key) == settings.STORY_KEY_WORDS
        first.add(key[0])
        last.add(key[-1])
    # 3,000 uniform draws from ~6,000 words give ~2,300 distinct ones at each end; a skewed digit far fewer
    assert len(first) > 2000 and len(last) > 2000
