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
        ("avda. américa 15, bloque 2, portal 3, 5º a, 28028 madrid", "avda. américa 15, bloque 2, portal 3, 5º a, 28028 madrid"),
        # A Montreal street's side after its name, a "bureau" as a suite.
        ("le bureau est au 200 boul. René-Lévesque O., bureau 1500, Montréal QC H2Z 1X4",
         "200 boul. René-Lévesque O., bureau 1500, Montréal QC H2Z 1X4"),
        ("app. 4, 1234 rue Sherbrooke Est, Montréal (QC) H2L 1L4", "app. 4, 1234 rue Sherbrooke Est, Montréal (QC) H2L 1L4"),
        # A side glued to its floor; a neighbourhood or an estate written before the street.
        ("vive en c/ del olmo 23 3ºizq madrid", "c/ del olmo 23 3ºizq madrid"),
        ("col. del valle, calle pilares 410, cp 03100, cdmx", "col. del valle, calle pilares 410, cp 03100, cdmx"),
        ("urb. los almendros, c/ jazmín 7, 29600 marbella", "urb. los almendros, c/ jazmín 7, 29600 marbella"),
        ("Calle 8 #23-45, barrio El Prado, Barranquilla", "Calle 8 #23-45, barrio El Prado, Barranquilla"),
        # No street: a French locality, a Mexican block and plot; a zone named before its street.
        ("la maison, lieu-dit le Moulin Rouge, 46100 Figeac", "lieu-dit le Moulin Rouge, 46100 Figeac"),
        ("Manzana 7 lote 3, col. Las Flores, Tlalpan, CP 14000, Ciudad de México",
         "Manzana 7 lote 3, col. Las Flores, Tlalpan, CP 14000, Ciudad de México"),
        ("c'était dans l'entrepôt, ZI du Bois, 4 rue des Artisans, 44800 Saint-Herblain",
         "ZI du Bois, 4 rue des Artisans, 44800 Saint-Herblain"),
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
        "el lote 4 era de mi tío",
        "en el barrio éramos 5 amigos, calle arriba",
        "c'est le lieu dit par tout le monde, 3 fois",
    ],
)
def test_everyday_words_stay_clean(text):
    assert addresses(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Belgian and Swiss French tens.
        ("appelle-le au zéro quatre septante-deux, onze, vingt-trois, nonante-sept",
         "zéro quatre septante-deux, onze, vingt-trois, nonante-sept"),
    ],
)
def test_spelled_out_phone_numbers_with_septante_and_nonante(text, value):
    start = text.index(value)
    assert any(s.type == "phone" and s.start <= start and s.end >= start + len(value) for s in screen_text(text).signals)


def test_ages_in_septante_are_no_phone():
    assert not [s for s in screen_text("j'avais septante-deux ans et lui nonante").signals if s.type == "phone"]


def test_a_discord_tag_is_a_handle_and_an_order_number_is_not():
    text = "he goes by nightowl#0042 on there and messaged my sister"
    assert [text[s.start:s.end] for s in screen_text(text).signals if s.type == "handle"] == ["nightowl#0042"]
    assert not [s for s in screen_text("my order#1234 never came").signals if s.type == "handle"]
