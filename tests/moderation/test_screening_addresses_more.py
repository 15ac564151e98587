"""Address kinds of session 4's second pass, each covered whole: Belgian letter boxes and chaussées,
Mexican privadas, fraccionamientos, delegaciones and state abbreviations, Argentine postcodes and
provinces, Quebec "boul."/"app.", a rural route, two readings parted by a comma. Invented addresses."""

import pytest

from moderation.screening import screen_text


def covered(text, value):
    start = text.index(value)
    return any(s.type == "address" and s.start <= start and s.end >= start + len(value)
               for s in screen_text(text).signals)


def addresses(text):
    return [text[s.start:s.end] for s in screen_text(text).signals if s.type == "address"]


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("son bureau, Avenue Louise 120, bte 4, 1050 Ixelles, au fond", "Avenue Louise 120, bte 4, 1050 Ixelles"),
        ("Chaussée de Wavre 310, boîte 7, 1040 Etterbeek", "Chaussée de Wavre 310, boîte 7, 1040 Etterbeek"),
        ("mi tío vive en Privada Los Pinos 9, Fracc. Las Fuentes, 44520 Tlaquepaque, Jal.",
         "Privada Los Pinos 9, Fracc. Las Fuentes, 44520 Tlaquepaque, Jal."),
        ("tenía su casa en Calle Juárez 310, col. Americana, cp 44160, guadalajara, jal. y ahí",
         "Calle Juárez 310, col. Americana, cp 44160, guadalajara, jal."),
        ("vivía en av. revolución 1200, depto 3, col. guadalupe inn, del. álvaro obregón, 01020 cdmx",
         "av. revolución 1200, depto 3, col. guadalupe inn, del. álvaro obregón, 01020 cdmx"),
        ("Av. Santa Fe 2100, 7° A, C1123 CABA, ahí", "Av. Santa Fe 2100, 7° A, C1123 CABA"),
        ("ella vive en Calle Colón 88, piso 3, depto B, Paraná, Entre Ríos",
         "Calle Colón 88, piso 3, depto B, Paraná, Entre Ríos"),
        ("Chez elle au 3120 boul. Rosemont, app. 5, Montréal (Québec) H1Y 1M1",
         "3120 boul. Rosemont, app. 5, Montréal (Québec) H1Y 1M1"),
        ("at the farm, RR 3 Box 42, Clinton NY 13323", "RR 3 Box 42, Clinton NY 13323"),
        ("8 impasse des Roses, résidence le Parc, bât A, apt 3, 31000 Toulouse",
         "8 impasse des Roses, résidence le Parc, bât A, apt 3, 31000 Toulouse"),
    ],
)
def test_it_covers_the_whole_address(text, address):
    assert covered(text, address), addresses(text)


@pytest.mark.parametrize(
    "text",
    [
        "the col. was 3 degrees colder and we waited for the 2 buses",
        "j'ai mis 2 boîtes de conserve dans le sac et 3 lots de chaussettes",
        "trabajé 5 años ahí y nadie me ayudó",
        "en la manzana 3 veces dimos la vuelta",
    ],
)
def test_everyday_words_stay_clean(text):
    assert addresses(text) == []
