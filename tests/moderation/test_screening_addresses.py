"""Addresses with their whole span, as people type them, on examples written for this project.

A redaction removes the signal's span: an address found without its number, floor or town still
publishes them. So each test asks that the span covers the whole address and stops soon after it.
"""

import pytest

from moderation.detectors.addresses import find_addresses
from moderation.detectors.text import lower_keeping_length
from moderation.screening import screen_text

# How far a span may run past the address (a word such as a country or "cedex" is fine; the rest of
# the sentence is not).
SLACK = 12


def address_spans(text):
    return [(s.start, s.end) for s in screen_text(text).signals if s.type == "address"]


def assert_covers(text, address):
    start = text.index(address)
    end = start + len(address)
    spans = address_spans(text)
    covering = [(a, b) for a, b in spans if a <= start and end <= b]
    assert covering, f"{address!r} not covered; spans: {[text[a:b] for a, b in spans]}"
    a, b = min(covering, key=lambda span: span[1] - span[0])
    assert (start - a) + (b - end) <= SLACK, f"span runs on: {text[a:b]!r}"


US = [
    ("he lived at apt 4b 1432 w elm st chicago il 60622 back then", "apt 4b 1432 w elm st chicago il 60622"),
    ("the house was 58 n maple ave, dayton oh 45402", "58 n maple ave, dayton oh 45402"),
    ("send it to po box 8812 boise id 83701 he said", "po box 8812 boise id 83701"),
    ("P.O. Box 442, Tulsa, OK 74101 was on every letter", "P.O. Box 442, Tulsa, OK 74101"),
    ("his office is 77 harbor blvd suite 210 long beach ca 90802", "77 harbor blvd suite 210 long beach ca 90802"),
    ("we stayed at 3300 s lamar blvd #118 austin tx 78704 that summer", "3300 s lamar blvd #118 austin tx 78704"),
    ("i still drive past 19 cedar ln, montclair nj 07042 sometimes", "19 cedar ln, montclair nj 07042"),
    ("they moved to 902 peachtree st ne atlanta ga 30309", "902 peachtree st ne atlanta ga 30309"),
    ("he rented 416 e 9th st apt 2r new york ny 10009 from his aunt", "416 e 9th st apt 2r new york ny 10009"),
    ("coach lives on 1207 birch hollow dr in plano", "1207 birch hollow dr"),
    ("it was 88 willow road evanston illinois 60201", "88 willow road evanston illinois 60201"),
    ("3rd floor, 250 market street, san francisco, ca 94105", "3rd floor, 250 market street, san francisco, ca 94105"),
    ("the dorm at 1500 college ave unit 12 was his", "1500 college ave unit 12"),
    ("u can find him at 61 ridgeway stret portland or 97205", "61 ridgeway stret portland or 97205"),
    ("he said meet at 400 lincoln avenu and i went", "400 lincoln avenu"),
]
UK = [
    ("flat 3 27 kings rd london sw3 4nd is where it happened", "flat 3 27 kings rd london sw3 4nd"),
    ("he lived at 14 mill lane, york yo1 7hf with his mum", "14 mill lane, york yo1 7hf"),
    ("2nd floor flat, 9 albion terrace, brighton bn2 9ee", "2nd floor flat, 9 albion terrace, brighton bn2 9ee"),
    ("the vicarage is 6 church close oxford ox2 6ps", "6 church close oxford ox2 6ps"),
    ("my stepdad is at 41b victoria road, cardiff cf14 3bw now", "41b victoria road, cardiff cf14 3bw"),
    ("flat 12, 80 granby street, leicester", "flat 12, 80 granby street, leicester"),
    ("22 rosemount cres aberdeen ab25 2ta", "22 rosemount cres aberdeen ab25 2ta"),
    ("it was 7 queens gardens, edinburgh eh4 1rt", "7 queens gardens, edinburgh eh4 1rt"),
    ("Unit 4, 18 Station Approach Road, Woking GU22 7AP", "Unit 4, 18 Station Approach Road, Woking GU22 7AP"),
    ("his shop at 130 high st, glasgow g1 1ld", "130 high st, glasgow g1 1ld"),
    ("they live at 15 elm grove dublin d06 x2p4", "15 elm grove dublin d06 x2p4"),
]
CANADA_AUSTRALIA = [
    ("the clinic at 480 queen street east, toronto, on m5a 1t7", "480 queen street east, toronto, on m5a 1t7"),
    ("1150 rue sherbrooke ouest montréal qc h3a 2r9", "1150 rue sherbrooke ouest montréal qc h3a 2r9"),
    ("unit 5/22 banksia street, st kilda vic 3182", "unit 5/22 banksia street, st kilda vic 3182"),
    ("he lived at 31 ocean parade coogee nsw 2034", "31 ocean parade coogee nsw 2034"),
]
SPAIN = [
    ("vivía en c/ mayor 12 3º izq 28013 madrid con su madre", "c/ mayor 12 3º izq 28013 madrid"),
    ("la consulta estaba en calle de la princesa 31 2ª planta, 28008 madrid", "calle de la princesa 31 2ª planta, 28008 madrid"),
    ("avda de la constitución 21 bajo b 41001 sevilla", "avda de la constitución 21 bajo b 41001 sevilla"),
    ("mi tío vive en calle san vicente 4 piso 5 puerta 12 46002 valencia", "calle san vicente 4 piso 5 puerta 12 46002 valencia"),
    ("en la calle del pez 9, 1º dcha, madrid", "calle del pez 9, 1º dcha, madrid"),
    ("carrer de sants 150 4t 2a 08014 barcelona", "carrer de sants 150 4t 2a 08014 barcelona"),
    ("nos veíamos en plaza de españa 3 ático, zaragoza", "plaza de españa 3 ático, zaragoza"),
    ("su piso es paseo de gracia 44 tercero izquierda barcelona", "paseo de gracia 44 tercero izquierda barcelona"),
    ("c/ alcalá nº 230 esc b 5º c 28028 madrid", "c/ alcalá nº 230 esc b 5º c 28028 madrid"),
    ("mandaba las cartas al apartado de correos 1520 de 29080 málaga", "apartado de correos 1520"),
    ("avenida reforma 350 piso 9 col juárez 06600 cdmx", "avenida reforma 350 piso 9 col juárez 06600 cdmx"),
    ("la tienda estaba en calle real s/n, 15003 a coruña", "calle real s/n, 15003 a coruña"),
    ("nos citó en plaza del ayuntamiento 1 valencia", "plaza del ayuntamiento 1 valencia"),
    ("vive en la calle rosario numero 8 segundo b de granada", "calle rosario numero 8 segundo b"),
    ("en la calel mayor 23 2º izq de burgos", "calel mayor 23 2º izq"),
]
FRANCE = [
    ("il habite 12 bis rue des lilas 3e étage 75019 paris", "12 bis rue des lilas 3e étage 75019 paris"),
    ("c'était au 4 bd voltaire appt 32 75011 paris", "4 bd voltaire appt 32 75011 paris"),
    ("son cabinet 27 av jean médecin 06000 nice", "27 av jean médecin 06000 nice"),
    ("chez lui 8 allée des pins bât b esc 2 69008 lyon", "8 allée des pins bât b esc 2 69008 lyon"),
    ("on se voyait 15 rue de l'église 2ème étage porte gauche 44000 nantes", "15 rue de l'église 2ème étage porte gauche 44000 nantes"),
    ("écrivez au 3 place du marché, 13001 marseille cedex 01", "3 place du marché, 13001 marseille cedex 01"),
    ("il vit 5 impasse du moulin 31500 toulouse depuis", "5 impasse du moulin 31500 toulouse"),
    ("au 41 avenue de la république rdc, 59000 lille", "41 avenue de la république rdc, 59000 lille"),
    ("la salle était 9 chemin des vignes 33000 bordeaux", "9 chemin des vignes 33000 bordeaux"),
    ("il habitait 22 quai saint-michel au deuxième étage 75005 paris", "22 quai saint-michel au deuxième étage 75005 paris"),
    ("c'était 6 rue de la loi 1000 bruxelles", "6 rue de la loi 1000 bruxelles"),
    ("envoyé à bp 72, 97300 cayenne", "bp 72, 97300 cayenne"),
    ("il vit au 18 boulevrad des écoles 67000 strasbourg", "18 boulevrad des écoles 67000 strasbourg"),
]
SAID_ANOTHER_WAY = [
    ("my old address was 25 w 45th st new york", "25 w 45th st new york"),
    ("he lives at 1600 pennsylvania ave nw washington dc 20500", "1600 pennsylvania ave nw washington dc 20500"),
    ("it was 301 2nd ave s seattle wa 98104", "301 2nd ave s seattle wa 98104"),
    ("12a the crescent, norwich nr2 3ab", "12a the crescent, norwich nr2 3ab"),
    ("ground floor flat 21 elm park gardens london sw10 9nh", "ground floor flat 21 elm park gardens london sw10 9nh"),
    ("basement flat, 4 tavistock sq", "basement flat, 4 tavistock sq"),
    ("1234 main st. springfield", "1234 main st. springfield"),
    ("vivo en calle gran via 45 5 izq madrid", "calle gran via 45 5 izq madrid"),
    ("en avenida de america 12 portal 3 2 b", "avenida de america 12 portal 3 2 b"),
    ("la oficina en av. corrientes 1234 piso 5 depto b caba", "av. corrientes 1234 piso 5 depto b caba"),
    ("vivía en el número 12 de la calle mayor de soria", "número 12 de la calle mayor"),
    ("calle mayor nº14 1º izq", "calle mayor nº14 1º izq"),
    ("il habitait au numéro 4 de la rue haute", "numéro 4 de la rue haute"),
    ("7 r. de la gare 21000 dijon", "7 r. de la gare 21000 dijon"),
    ("14 av. du général leclerc 92100 boulogne-billancourt", "14 av. du général leclerc 92100 boulogne-billancourt"),
    ("3 rue jean moulin 2ème gauche", "3 rue jean moulin 2ème gauche"),
    ("urb los pinos 23 29600 marbella", "urb los pinos 23 29600 marbella"),
    ("he had appartment 7, 90 lake shore dr chicago", "appartment 7, 90 lake shore dr chicago"),
    ("his place 14 beech rd apt9c", "14 beech rd apt9c"),
    ("pº de la castellana 100 6º madrid", "pº de la castellana 100 6º madrid"),
    ("calle lope de vega 3 cp 28014 madrid", "calle lope de vega 3 cp 28014 madrid"),
    ("14 high st, leeds, west yorkshire ls6 2ab", "14 high st, leeds, west yorkshire ls6 2ab"),
    ("vivía en calle ancha 7 2º, 11001 cádiz (cádiz) con mi tía", "calle ancha 7 2º, 11001 cádiz (cádiz)"),
    ("it was 55 grant st 2nd fl, boston ma 02110", "55 grant st 2nd fl, boston ma 02110"),
    ("son bureau rue de la loi 16, 1040 etterbeek", "rue de la loi 16, 1040 etterbeek"),
    ("vivía en avenida 5 de mayo 120 apartamento 4 puebla", "avenida 5 de mayo 120 apartamento 4 puebla"),
    ("calle serrano 8 planta baja izquierda", "calle serrano 8 planta baja izquierda"),
    ("he lived at 14 leeson st, dublin 2 with his wife", "14 leeson st, dublin 2"),
    ("il habite 3 rue de la roquette paris 11e depuis", "3 rue de la roquette paris 11e"),
    ("flat 3, 27 kings road, chelsea, london sw3 4nd", "flat 3, 27 kings road, chelsea, london sw3 4nd"),
    ("he took me to 9 ferry raod hull hu1 2aa", "9 ferry raod hull hu1 2aa"),
    ("she lived at 31 hihg steet apt 2 bangor", "31 hihg steet apt 2 bangor"),
]
ELSEWHERE = [
    ("er wohnt in der hauptstraße 5, 10115 berlin", "hauptstraße 5, 10115 berlin"),
    ("it was at 14 kingsway, london wc2b 6st", "14 kingsway, london wc2b 6st"),
    ("It was Flat 4, 12 Queen Street, Auckland 1010 then", "Flat 4, 12 Queen Street, Auckland 1010"),
    ("Via Roma 12, 00184 Roma RM.", "Via Roma 12, 00184 Roma RM"),
    ("Rua Augusta 100, 1100-053 Lisboa", "Rua Augusta 100, 1100-053 Lisboa"),
    ("La oficina estaba en Avenida Revolución Norte 1450, piso 3.", "Avenida Revolución Norte 1450, piso 3"),
    ("Kerkstraat 12, 1017 GC Amsterdam", "Kerkstraat 12, 1017 GC Amsterdam"),
    ("Bahnhofstrasse 10, 8001 Zürich", "Bahnhofstrasse 10, 8001 Zürich"),
    ("PO Box 123, Wellington 6140", "PO Box 123, Wellington 6140"),
    ("Apt 5, 1200 Rue Sainte-Catherine Ouest, Montréal, QC H3B 1K9", "Apt 5, 1200 Rue Sainte-Catherine Ouest, Montréal, QC H3B 1K9"),
    ("He lived at 4 Elm Close, Little Snoring, Norfolk NR21 0AA.", "4 Elm Close, Little Snoring, Norfolk NR21 0AA"),
]


@pytest.mark.parametrize(("text", "address"), US + UK + CANADA_AUSTRALIA + SPAIN + FRANCE + SAID_ANOTHER_WAY + ELSEWHERE)
def test_it_covers_the_whole_address(text, address):
    assert_covers(text, address)


def test_there_are_enough_examples_of_each_country():
    assert len(US) >= 15 and len(UK) >= 10 and len(SPAIN) >= 12 and len(FRANCE) >= 12


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("HE LIVED AT 42 OAK ST DAYTON OH 45402", "42 OAK ST DAYTON OH 45402"),
        ("He lived at 42 Oak St, Dayton, OH 45402.", "42 Oak St, Dayton, OH 45402"),
        ("Elle habite 12, rue des Lilas, 75019 Paris.", "12, rue des Lilas, 75019 Paris"),
        ("Vive en Calle Mayor, 12, 3º Izq., 28013 Madrid.", "Calle Mayor, 12, 3º Izq., 28013 Madrid"),
    ],
)
def test_it_reads_capitals_and_punctuation_the_same_way(text, address):
    assert_covers(text, address)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("i was 15. he lived at 7 elm st. the door was always locked", "7 elm st"),
        ("He lived at 12 Oak Road. Nobody believed me.", "12 Oak Road"),
        ("Our neighbour at 9 Hazel Lane watched me from the window.", "9 Hazel Lane"),
        ("Trabajaba en la Calle Luna 8, segundo, cerca del metro.", "Calle Luna 8, segundo"),
        ("Pierre Dubois, 9 rue des Tanneurs, 06 11 22 33 44.", "9 rue des Tanneurs"),
        ("he lives at 2207 s michigan ave chicago il 60616 w his new gf", "2207 s michigan ave chicago il 60616"),
        ("It was on Rue des Lilas, number 12, on the second floor. Some nights", "Rue des Lilas, number 12, on the second floor"),
        ("it happened at 7 elm st and nobody came", "7 elm st"),
        ("vivía en calle mayor 14 y nadie me creyó", "calle mayor 14"),
        ("il habitait 12 rue des lilas et personne ne disait rien", "12 rue des lilas"),
    ],
)
def test_the_span_stops_where_the_sentence_goes_on(text, address):
    start = text.index(address)
    assert (start, start + len(address)) in address_spans(text)


@pytest.mark.parametrize(
    "text",
    [
        "i was 14 in 2009 when it started",
        "he was 35 and i was 12",
        "it lasted from 2001 to 2004",
        "room 12 at school was where he kept us after class",
        "the 3rd floor of the office was always empty at night",
        "he played route 66 on repeat in the car",
        "we met at 5 pm and i left at 7:30",
        "he gave me 20 dollars and said 3 times not to tell",
        "2 very close friends stood by me",
        "it was a 10 minute walk from the bus stop",
        "j'avais 2 cours de maths le lundi et 3 cours le mardi",
        "il m'a fallu 10 ans pour en parler, en 2015",
        "tenía 13 años y él 40",
        "le 3e étage du lycée était fermé",
        "en el 2º piso del colegio no había nadie",
        "we walked down main street after the 3 of us left",
        "in 2010 oxford street was packed",
        "it took 2 days in a row of crying before i called",
        "i turned 18 on the 4th of july",
        "the score was 3 2 and the park was empty",
        "he had 4 kids, 2 dogs and a big house on the hill",
        "lo vi 3 veces por la plaza mayor",
        "pasé por la plaza mayor 3 veces",
        "j'ai attendu 2 heures place de la mairie",
        "i was in grade 7 at st mary's",
        "call 911 if you need help",
        "she was born in 1987 in leeds",
        "in 2012 i moved to london",
        "she moved to london in 2016 and to paris in 2019",
        "mi hermano tiene 16 y yo 19",
        "flight 370 and train 9 are just numbers to me now",
        "at 12 the park was the only place i felt safe",
        "at 15 central park was where i went to cry",
        "i was 15 the first time and 16 the second",
        "no 2 days were the same",
        "he's 6 ft tall and 40 years older than me",
        "it was 3 am on a friday",
        "el 3 de mayo de 2015 lo denuncié",
        "a las 3 de la tarde en la plaza",
        "le 12 avril 2019, à 14 ans",
        "ma chambre était au 2ème étage",
        "he drove 5 miles down route 9",
        "j'ai 3 cours par semaine",
        "my 2 brothers drive me crazy",
        "the 2 main roads were closed",
        "3 green bottles on the wall",
        "i took the 38 bus down oxford st",
    ],
)
def test_ages_years_rooms_and_counts_are_no_address(text):
    assert not address_spans(text)


def test_every_span_starts_and_ends_on_the_text_it_found():
    text = "Il habite 12 bis rue des Lilas, 3e étage, 75019 Paris, depuis"
    (signal,) = find_addresses(text, lower_keeping_length(text))
    assert text[signal.start:signal.end] == "12 bis rue des Lilas, 3e étage, 75019 Paris"
