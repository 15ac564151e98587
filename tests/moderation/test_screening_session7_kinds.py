"""Personal-data kinds of session 7, each written for this project (no outside set's words), in English,
Spanish and French: account names after a platform word past fillers and marks, or before it; links
with any top-level domain; house numbers written out, a building's name before its street, doors and
numbered streets; first names after family roles and police titles, alone in lower case, set off after
their role, opening a sentence, nicknames; free helplines. And the ordinary words and numbers that
must stay clean beside them."""

import pytest

from moderation.detectors.contacts import find_urls
from moderation.screening import screen_text


def spans(text, kind):
    return [text[s.start:s.end] for s in screen_text(text).signals if s.type == kind]


def found(text, value, kind):
    start = text.index(value)
    end = start + len(value)
    return any(s.type == kind and s.start < end and start < s.end for s in screen_text(text).signals)


def covered(text, value, kind="address"):
    start = text.index(value)
    return any(s.type == kind and s.start <= start and s.end >= start + len(value) for s in screen_text(text).signals)


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("the man on tiktok goes by rockyvalesco, he films girls at the bus stop", "rockyvalesco"),
        ("on instagram he calls himself coachdarnell and he dms teens", "coachdarnell"),
        ("he wrote to me from discord, user vortexkaine", "vortexkaine"),
        ("her instagram account 'marisolheals' is fake", "marisolheals"),
        ("his twitch (brennoplays) has kids in chat", "brennoplays"),
        ("his tiktok @ is dontelmoves", "dontelmoves"),
        ("insta -> kaydenfrost", "kaydenfrost"),
        ("look up trevanionfit on tiktok, that is him", "trevanionfit"),
        ("he's grillmasterdeon on ig, same face", "grillmasterdeon"),
        ("his gamertag: n1ghtcrawlr", "n1ghtcrawlr"),
        ("en discord se hace llamar lobosolitario", "lobosolitario"),
        ("en tiktok sale como tatiquiroga y sube videos del gym", "tatiquiroga"),
        ("su snap, usuario yeraybravo, sigue activo", "yeraybravo"),
        ("busca a ese tipo en insta, se llama ismaelcortesr", "ismaelcortesr"),
        ("sur twitter il se fait appeler loupgarou", "loupgarou"),
        ("trouvez le sur snapchat, pseudo kylianvrt", "kylianvrt"),
        ("son compte insta c'est maelysdanse", "maelysdanse"),
        ("ajoute gaspardmlt sur snap si tu le connais", "gaspardmlt"),
    ],
)
def test_it_finds_the_account_name_by_its_platform_word(text, handle):
    assert found(text, handle, "handle"), spans(text, "handle")


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        # a dotted account name is no link when a platform word or "user" says whose it is
        ("en facebook su usuario es tomas.reyes.photo, sube fotos de niñas", "tomas.reyes.photo"),
        ("write to darnell.design on instagram, he runs it", "darnell.design"),
        ("écris à bastien.studio sur insta", "bastien.studio"),
    ],
)
def test_an_account_name_with_dots_is_a_handle_not_a_link(text, handle):
    assert found(text, handle, "handle"), spans(text, "handle")
    assert not found(text, handle, "url"), spans(text, "url")


@pytest.mark.parametrize(
    "text",
    [
        "i read it on reddit and on twitter, both",
        "on insta haha everyone saw it",
        "i deleted snapchat always and forever",
        "en instagram siempre hay gente así",
        "sur tiktok jamais je ne poste",
        "add me on snap? no thanks",
        # a comma after the platform word, then a word no dictionary lists: an interjection, not an account
        "he messaged me on instagram, seriously",
        "me agregó en facebook, flipante",
        "il m'a écrit sur snap, chelou",
    ],
)
def test_a_platform_word_before_an_ordinary_word_is_no_handle(text):
    assert spans(text, "handle") == []


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("his portfolio is on gideonmarsh.photography with my pictures", "gideonmarsh.photography"),
        ("the group meets at quietsurvivors.network now", "quietsurvivors.network"),
        ("resources at talkwithsomeone.help for anyone", "talkwithsomeone.help"),
        ("su academia es danzaconlucia.studio en valencia", "danzaconlucia.studio"),
        ("la web de la clínica es fisioterapiaruano.es, cuidado", "fisioterapiaruano.es"),
        ("son salon, coiffurebelleville.paris, existe toujours", "coiffurebelleville.paris"),
        ("le formulaire est sur forms.gle/Xk2pQ9", "forms.gle/Xk2pQ9"),
    ],
)
def test_it_finds_a_link_with_any_top_level_domain(text, url):
    assert found(text, url, "url"), spans(text, "url")


@pytest.mark.parametrize(
    "text",
    [
        "i was terrified.now i know it was not my fault",
        "see readme.md and notes.py in the folder",
        "we went to the party.it was late",
        "he lied.love is not that",
        "me dijo que no pasaba nada.es mentira",
        "j'ai dit non.je savais",
    ],
)
def test_a_word_a_full_stop_and_a_word_is_no_link(text):
    assert [s for s, _ in find_urls(text, text.lower())] == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("he still lives at nineteen larkspur avenue, flat 2, in salem", "nineteen larkspur avenue, flat 2"),
        ("thirty-four quarry road, bramley ls13 2ad", "thirty-four quarry road, bramley ls13 2ad"),
        ("vivía en el veintidós de la calle del olmo, en teruel", "veintidós de la calle del olmo"),
        ("cuarenta y dos calle mayor, murcia", "cuarenta y dos calle mayor, murcia"),
        ("il habite au numéro quatorze de la rue des tanneurs", "quatorze de la rue des tanneurs"),
        ("dix-sept avenue des acacias, 49000 angers", "dix-sept avenue des acacias, 49000 angers"),
        # a building's name before its street, and a unit before that
        ("flat 4c, harwood court, 61 fenner road, croydon cr0 2hd", "flat 4c, harwood court, 61 fenner road, croydon cr0 2hd"),
        ("7 the old mill, brook lane, little wenham ip7 6pn", "7 the old mill, brook lane, little wenham ip7 6pn"),
        ("edificio mirador, calle bailén 12, 3º b, bilbao", "edificio mirador, calle bailén 12, 3º b, bilbao"),
        ("résidence les mimosas, bât 2, 9 allée des pins, 06400 cannes", "résidence les mimosas, bât 2, 9 allée des pins, 06400 cannes"),
        # doors and numbered streets
        ("calle de ayala 40, 1º ext. izda, 28001 madrid", "calle de ayala 40, 1º ext. izda, 28001 madrid"),
        ("vive en calle luna 6, bajo b, soria", "calle luna 6, bajo b, soria"),
        ("urb. las acacias, calle 4 nº 21, estepona", "urb. las acacias, calle 4 nº 21, estepona"),
        ("calle alfonso x nº 9, 30008 murcia", "calle alfonso x nº 9, 30008 murcia"),
        ("41 rue de la roquette, esc. a, 2e porte gauche, 75011 paris", "41 rue de la roquette, esc. a, 2e porte gauche, 75011 paris"),
        ("9 rue des carmes, 3e ét., 14000 caen", "9 rue des carmes, 3e ét., 14000 caen"),
        ("1200 rue ontario e, app 6, montréal qc h2l 1r6", "1200 rue ontario e, app 6, montréal qc h2l 1r6"),
        ("rural route 3 box 27, harlan ia", "rural route 3 box 27"),
    ],
)
def test_it_covers_the_whole_address(text, address):
    assert covered(text, address), spans(text, "address")


@pytest.mark.parametrize(
    "text",
    [
        "twelve years later i told my mother on main street",
        "once the street was empty i ran",
        "three of us walked down the avenue that night",
        "tenía diecisiete años y vivía en la calle de mi abuela",
        "quatre ans plus tard, rue de la paix, j'ai pleuré",
        "dix minutes à pied de la rue",
        "my house, 30 years ago, felt safe",
    ],
)
def test_numbers_in_words_and_streets_alone_stay_clean(text):
    assert spans(text, "address") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # first names after a family role, in lower case
        ("it was my stepbrother colton, every summer", "colton"),
        ("my brother declan knew and said nothing", "declan"),
        ("mi hermanastro joaquín entraba en mi cuarto", "joaquín"),
        ("mi cuñado ernesto me llevaba al colegio", "ernesto"),
        ("mon beau-père gérard buvait le soir", "gérard"),
        ("mon demi-frère yanis m'attendait", "yanis"),
        # police titles
        ("sgt. halvorsen took my statement and laughed", "halvorsen"),
        ("det. morrow never called back", "morrow"),
        ("mi jefa, la licenciada urquidi, lo tapó todo", "urquidi"),
        # a first name that is no word anywhere, alone in lower case
        ("kendra and his cousin were there that night", "kendra"),
        ("no le dije nada a ximena hasta años después", "ximena"),
        ("c'est maëlle qui m'a crue la première", "maëlle"),
        # a common first name set off after its role a few words before
        ("my supervisor at the call centre, greg, kept texting me", "greg"),
        ("el monitor del campamento de verano, iker, nos encerraba", "iker"),
        ("mon prof de théâtre au collège, julien, me gardait après", "julien"),
        # a first name that is a word too, opening a sentence that goes on as a person's
        ("soledad me dijo que me callara", "soledad"),
        ("blanche a tout entendu depuis la cuisine", "blanche"),
        # nicknames said to be one
        ("everyone called him 'biscuit', even the teachers", "biscuit"),
        ("en el barrio le decían el flaco rodríguez", "flaco"),
        ("tout le monde l'appelait « le grand » au club", "le grand"),
        # a nickname quoted between the first name and the surname
        ("our coach, darryl \"the hammer\" pruett, made us stay late", "darryl \"the hammer\" pruett"),
        ("el entrenador, tomás \"el toro\" villegas, me tocaba", "tomás \"el toro\" villegas"),
        ("le moniteur, yannick « le roc » kervella, criait", "yannick « le roc » kervella"),
        # a Dutch particle before a surname that is an everyday word, after a first name that is none
        ("Marloes van der Bank from the Utrecht branch followed me to my car.", "Marloes van der Bank"),
        # first names that wordfreq finds frequent but no dictionary has
        ("mon patron, alexandre, m'envoyait des messages la nuit", "alexandre"),
    ],
)
def test_it_finds_the_name(text, name):
    assert found(text, name, "person_name"), spans(text, "person_name")


@pytest.mark.parametrize(
    "text",
    [
        "my sister rose and my aunt may cooked for everyone",
        "mi hermana paz y mi prima luz no saben nada",
        "ma soeur rose et moi on en parle enfin",
        "my brother will understand one day",
        "they called him a liar and moved on",
        "it was known as the best school in town",
        "we went to the kiki ball last night and i felt free",
        "on a vécu entre Toul, Nancy et Épinal avant de partir",
        "mañana empiezo en un cole de Teruel, estoy feliz",
        "the dot com years were long ago",
        "rose was the colour of the dress she wore",
        "blanche est la couleur que je préfère",
        "paz es lo único que quiero",
        "i watched taylor swift in 2019 with my cousin",
        # French without its apostrophes, Québec's "moé": no first names
        "c'est trop pour moé, j'en peux pu",
        "jen ai parlé à personne avant hier",
    ],
)
def test_words_that_are_names_too_stay_clean(text):
    assert spans(text, "person_name") == []


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("if you are in the uk the rape crisis line is 0808 802 9999 and it helped me", None),
        ("in england the helpline 0800 1111 picked up at 3am", None),
        ("en españa la línea de ayuda 900 116 016 no deja rastro en la factura", None),
        ("la fundación tiene el 900 100 009, yo llamé", None),
        ("en france l'écoute anonyme au 0800 05 95 95 m'a sauvée", None),
        ("SPONSORED free consultation, call 0800 123 4567 today", "0800 123 4567"),
        ("need a lawyer? the accident hotline 0800 555 0142, no win no fee", "0800 555 0142"),
        ("his mobile is 07700 900 431, he still answers", "07700 900 431"),
    ],
)
def test_a_free_helpline_is_no_ones_phone(text, number):
    if number is None:
        assert spans(text, "phone") == []
    else:
        assert found(text, number, "phone"), spans(text, "phone")
