"""Personal-data kinds of session 5, each written for this project (no outside set's words): a road's
kilometre, a province after the town, a town after a comma that begins with its article, hyphenated and
capitalised street names holding a word the grammar stops at, a suite written first with "#", office
units, a city with its district after a suburb, "st upper/lower", Québec's numbered avenues; eight-digit
local numbers and extensions; links and account names said aloud ("dot com", "punto", "point")."""

import pytest

from moderation.screening import screen_text


def spans(text, kind):
    return [text[s.start:s.end] for s in screen_text(text).signals if s.type == kind]


def covered(text, value, kind="address"):
    start = text.index(value)
    return any(s.type == kind and s.start <= start and s.end >= start + len(value) for s in screen_text(text).signals)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("la granja estaba en carretera nacional 340 km 12, tarifa, cádiz.", "carretera nacional 340 km 12, tarifa, cádiz"),
        ("vivían en la carretera estatal 45 km 8, tlaquepaque, jal. y nadie", "carretera estatal 45 km 8, tlaquepaque, jal."),
        ("el taller está en ctra. comarcal 12, km 3, el pinar, segovia", "ctra. comarcal 12, km 3, el pinar, segovia"),
        ("calle olmo 4, 18010 armilla, granada, ahí vivía", "calle olmo 4, 18010 armilla, granada"),
        ("camino del pozo s/n, 29010 churriana, málaga, allí", "camino del pozo s/n, 29010 churriana, málaga"),
        ("vivía en carretera federal 15, el salto, jal.", "carretera federal 15, el salto, jal."),
        ("appartement 5, 12 chemin de la Côte-Sainte-Catherine, Montréal, QC H2V 1A1",
         "appartement 5, 12 chemin de la Côte-Sainte-Catherine, Montréal, QC H2V 1A1"),
        ("12 chemin de la côte-sainte-catherine, montréal, qc h2v 1a1", "12 chemin de la côte-sainte-catherine, montréal, qc h2v 1a1"),
        ("chez lui, 12 chemin de la Côte, Sherbrooke, le soir", "12 chemin de la Côte, Sherbrooke"),
        ("she had a studio at #904, 1200 ocean dr, miami beach fl 33139. i went twice", "#904, 1200 ocean dr, miami beach fl 33139"),
        ("#31, 77 king st w, toronto on m5v 1k4", "#31, 77 king st w, toronto on m5v 1k4"),
        ("unit #12, 45 harbour st, sydney nsw 2000", "unit #12, 45 harbour st, sydney nsw 2000"),
        ("el dentista está en calle morelos 220 consultorio 5, zapopan, y cobra caro", "calle morelos 220 consultorio 5, zapopan"),
        ("despacho 301, paseo de la reforma 250, cdmx", "despacho 301, paseo de la reforma 250, cdmx"),
        ("we lived at 9 ashgrove park, tallaght, dublin 24 for years", "9 ashgrove park, tallaght, dublin 24"),
        ("it was the flat at 40 dorset st upper, dublin 1, d01 k2f6. the landlord", "40 dorset st upper, dublin 1, d01 k2f6"),
        ("rendez-vous au 55 4e avenue, limoilou, le jeudi", "55 4e avenue, limoilou"),
        ("il habitait au 18 1re rue, shawinigan, avec sa mère", "18 1re rue, shawinigan"),
        # a Swiss postcode that reads like a year, before a town no dictionary has
        ("rue du marché 3, 2000 neuchâtel", "rue du marché 3, 2000 neuchâtel"),
        ("rue de lausanne 12, 1950 sion, en valais", "rue de lausanne 12, 1950 sion"),
        # two street types in a row: the last one is the type
        ("the trailer at 8 pine ridge rd lot 14 bend or 97701", "8 pine ridge rd lot 14 bend or 97701"),
    ],
)
def test_it_covers_the_whole_address(text, address):
    assert covered(text, address), spans(text, "address")


@pytest.mark.parametrize(
    "text",
    [
        "i was 3rd in line, 2 people behind me",
        "my 2nd st job was terrible",
        "j'avais 15 ans, en 3e année, à l'école",
        "on a roulé 340 km, jusqu'à tarifa",
        "mi abuela cocinaba granada y membrillo",
        "le chemin de la côte était long, 12 ans de silence",
        "we had 2 green view road trips that year",
    ],
)
def test_everyday_numbers_and_words_stay_clean(text):
    assert spans(text, "address") == []


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("la calle mayor 5, 2010 fue un año duro", "calle mayor 5"),
        ("we lived on 4 high st, 1999 was the year", "4 high st"),
    ],
)
def test_a_year_after_the_street_stays_out_of_the_span(text, address):
    assert spans(text, "address") == [address]


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("el teléfono del consultorio es 5544-3210, pregunten por ella", "5544-3210"),
        ("su número de la oficina: 4780-1122 interno 7", "4780-1122 interno 7"),
        ("the office line is 555-0147 ext. 23 if you want to complain", "555-0147 ext. 23"),
        ("llamen al estudio, 4312-0098", "4312-0098"),
    ],
)
def test_local_numbers_of_eight_digits_and_extensions(text, phone):
    assert phone in spans(text, "phone")


@pytest.mark.parametrize(
    "text",
    [
        "the phone bill was 2019-2020 and cost 1200-1500 a year",
        "between 1998-2003 she called me 300 times",
        "the text was 4 pages, 1200-1500 words",
    ],
)
def test_years_and_ranges_are_no_phone(text):
    assert spans(text, "phone") == []


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("read it on lavozquenocalla dot org slash testimonios if you want", "lavozquenocalla dot org slash testimonios"),
        ("mi blog: cuentoloquepaso punto com barra mi-historia", "cuentoloquepaso punto com barra mi-historia"),
        ("j'ai tout écrit sur monrecit point fr depuis", "monrecit point fr"),
    ],
)
def test_links_said_aloud(text, url):
    assert url in spans(text, "url")


@pytest.mark.parametrize(
    "text",
    [
        "the dot com bubble burst in 2001",
        "el punto es que nadie me creyó",
        "il a marqué un point fr en face",
        "le point com du match",
        "he scored a point in the last minute",
    ],
)
def test_dot_and_punto_in_sentences_are_no_link(text):
    assert spans(text, "url") == []


def test_an_email_said_aloud_stays_one_email():
    text = "write to me at ana dot lopez at gmail dot com"
    assert spans(text, "email") == ["ana dot lopez at gmail dot com"]
    assert spans(text, "url") == []


@pytest.mark.parametrize(
    ("text", "handle"),
    [
        ("she follows him on insta as carla punto yoga punto bcn now", "carla punto yoga punto bcn"),
        ("son snap c'est lea point dbz", "lea point dbz"),
    ],
)
def test_account_names_said_with_their_dots(text, handle):
    assert handle in spans(text, "handle")


def names(text):
    return [text[s.start:s.end] for s in screen_text(text).signals if s.type == "person_name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a name set off by commas after its role
        ("my best friend, priya, came with me to the station", "priya"),
        ("mi mejor amiga, lucía, me creyó desde el principio", "lucía"),
        ("ma coloc, maëlle, a tout entendu", "maëlle"),
        # clergy titles written short
        ("our parish priest fr. mcgrath moved away that summer", "mcgrath"),
        ("the priest - fr. doyle - everyone knew", "doyle"),
        ("sor juana nos cuidaba en el internado", "juana"),
    ],
)
def test_names_after_a_role_in_commas_and_after_short_titles(text, name):
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        "my friend, will, said it was fine",  # an everyday word stays one
        "my coach, mark, was there",
        "my neighbour, a nurse, saw it",
        "mi jefe, el de ventas, lo sabía",
        "fr real he did that to me",
        "the priest, father, was there",
        "the pastor's wife told me to pray for him",
        "the rev. said nothing",
    ],
)
def test_commas_and_short_words_after_a_role_are_no_name(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("his number was 5 5 5 0 1 4 7", "5 5 5 0 1 4 7"),
        ("mi número es 5 5 5 0 1 4 7", "5 5 5 0 1 4 7"),
    ],
)
def test_seven_spaced_digits_after_a_contact_word(text, phone):
    assert phone in spans(text, "phone")


@pytest.mark.parametrize("text", ["we were 5 5 5 0 1 4 7 in the team list", "my score was 7 7 7 8 8 8 9 in the game"])
def test_seven_spaced_digits_without_a_contact_word_are_no_phone(text):
    assert spans(text, "phone") == []


# Session 6: single digits joined by dashes or dots are read like spaced ones (written for this project).
@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("escribeme al 6-4-7-2-0-9-1-3-8 cuando puedas", "6-4-7-2-0-9-1-3-8"),
        ("il m'a laissé son 0.7.4.4.1.2.9.8.6.3 sur un papier", "0.7.4.4.1.2.9.8.6.3"),
        ("his cell was 3-1-0-5-5-5-8-2-7-6 and he texted all night", "3-1-0-5-5-5-8-2-7-6"),
    ],
)
def test_single_digits_joined_by_dashes_or_dots_are_a_phone(text, phone):
    assert phone in spans(text, "phone")


@pytest.mark.parametrize(
    "text",
    [
        "it happened on 3-4-2009 and again on 1.2.2010",
        "the match ended 6-3, 2-6, 7-5 and i cried in the car",
        "the app was version 2.1.4.7 when it started",
    ],
)
def test_dates_scores_and_versions_with_single_digits_are_no_phone(text):
    assert spans(text, "phone") == []
