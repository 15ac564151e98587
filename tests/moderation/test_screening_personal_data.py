"""Personal data written the way people type on phones: each kind of name, address and contact
that screening used to miss, on names, streets and numbers invented for this project."""

import pytest

from moderation.screening import screen_text


def spans(text, kind):
    return [text[s.start:s.end] for s in screen_text(text).signals if s.type == kind]


def covered(text, kind, value):
    start = text.index(value)
    return any(s.type == kind and s.start <= start and s.end >= start + len(value) for s in screen_text(text).signals)


# --------------------------------------------------------------------------- names


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A lower-case full name with no role word before it.
        ("the summer of 2014, priya raman. nobody believed me", "priya raman"),
        ("i finally said it to kevin okonkwo at the reunion", "kevin okonkwo"),
        # A role a few words before its name, over a qualifier or a comma.
        ("the shift supervisor at the depot marco bellini kept the keys", "marco bellini"),
        ("mon patron au garage, karim haddad, fermait la porte", "karim haddad"),
        ("la jefa de cocina del hotel, nuria pascual, lo sabía", "nuria pascual"),
        # Hyphenated first names and surnames.
        ("le voisin d'en face, un certain jean-baptiste morvan, avait les clés", "jean-baptiste morvan"),
        ("c'était le cousin de ma mère, lucas girard-lemoine", "lucas girard-lemoine"),
        # A possessive after the name.
        ("i was in marco bellini's car that night", "marco bellini"),
        # A middle initial.
        ("i am naming him: daniel p. whitcombe", "daniel p. whitcombe"),
        # Surnames with particles, listed whole by names-dataset ("de la cruz") or rare after "le".
        ("mi vecino ramón de la cruz me esperaba en la escalera", "ramón de la cruz"),
        ("le moniteur de voile erwan le bihan nous gardait le soir", "erwan le bihan"),
        # A title inside a role, with or without a dot, before a surname alone.
        ("le prof d'anglais m. dutertre me gardait après le cours", "dutertre"),
        ("our scout leader, mr. o'halloran-wyatt, in 2009", "o'halloran-wyatt"),
        # Role words of churches and clubs.
        ("bishop samuel adeyemi prayed over me alone", "samuel adeyemi"),
        ("my scout leader kevin nowak took us camping", "kevin nowak"),
        # Capitalised by the phone at the start of a sentence, or all in capitals.
        ("Marco bellini used to drive us home", "Marco bellini"),
        ("NAMING HIM: KEVIN NOWAK. HE KNOWS WHAT HE DID", "KEVIN NOWAK"),
        # A first name that is a word too, before a surname that is none.
        ("grace okafor was my tutor that year", "grace okafor"),
        # A first name that is no ordinary word right before its role.
        ("i told kwame, my supervisor, and he laughed", "kwame"),
        # A first name alone after a friend or work role, when it is no ordinary word.
        ("ma coloc maëlle n'a rien voulu entendre", "maëlle"),
    ],
)
def test_it_finds_each_kind_of_lower_case_name(text, name):
    assert name in spans(text, "person_name")


def test_a_capitalised_first_name_from_names_dataset_makes_a_full_name():
    assert spans("it was Karim Haddad, the owner of the garage", "person_name") == ["Karim Haddad"]


@pytest.mark.parametrize(
    "text",
    [
        "coach rose from his chair and left",
        "she had hope and a garden",
        "Rose martin came over",  # a capitalised word and a lower-case one: a sentence, not a name
        "Then Kevin said sorry",
        "i told tyler my boss",  # a first name that is a word too, before a role
        "we moved to san diego when i was 9",
        "the walls were painted hunter green",
        "christian music got me through that year",
        "my uncle joe drove me to school",  # a first name alone after a family role
        "my boss will never understand",
        "la profesora paz lo sabía todo",
        "j'ai parlé à mon oncle patrick et il m'a cru",
        "i read stephen king books to escape",  # a public figure
        "mi amiga me dijo que denunciara",
        "le docteur m'a dit de porter plainte",
        "the doctor gave me pills and sent me home",
        "en la calle san juan había una panadería",
    ],
)
def test_ordinary_words_public_figures_and_family_first_names_are_no_names(text):
    assert spans(text, "person_name") == []


# --------------------------------------------------------------------------- addresses


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # A neighbourhood between the street and the town.
        ("me mudé a calle durango 88 depto 4, col. del valle, cdmx en 2015",
         "calle durango 88 depto 4, col. del valle, cdmx"),
        ("vivíamos en calle sol 3, barrio san blas, madrid y era horrible", "calle sol 3, barrio san blas, madrid"),
        # Two units in a row, then the postcode and town.
        ("le proprio entrait, 12 av. victor hugo bât c apt 5, 75016 paris. jamais plus",
         "12 av. victor hugo bât c apt 5, 75016 paris"),
        # A residence and its building after the street, then the postcode.
        ("c'était au 5 allée des tilleuls, résidence les pins, bât 2, 33600 pessac",
         "5 allée des tilleuls, résidence les pins, bât 2, 33600 pessac"),
        # A town of two words after a comma.
        ("vivía en av. santa fe 3300 piso 4 dto c, buenos aires, y mi jefe", "av. santa fe 3300 piso 4 dto c, buenos aires"),
        # A side after a floor, with a preposition.
        ("il habite au 14 rue des peupliers 3eme etage a gauche 31000 toulouse",
         "14 rue des peupliers 3eme etage a gauche 31000 toulouse"),
        # A town after a preposition, when it closes the clause or is no ordinary word.
        ("au 18 rue des glycines à quimper, 2e étage", "18 rue des glycines à quimper, 2e étage"),
        ("vivía en la calle olmo número 5, segundo b, en toledo", "calle olmo número 5, segundo b, en toledo"),
        # "c." for calle; a road with its kilometre.
        ("c. san telmo 14 3 izq", "c. san telmo 14 3 izq"),
        ("una casa en la ctra. de cuenca km 7", "ctra. de cuenca km 7"),
        # A Mexican state or a capital's code after the town.
        ("av. chapultepec 222 piso 19, juárez, cdmx", "av. chapultepec 222 piso 19, juárez, cdmx"),
        # A unit joined to its street by "du"/"of"; a house number joined by "de la".
        ("au 3ème étage du 27 rue lamartine à quimper", "3ème étage du 27 rue lamartine à quimper"),
        ("flat 3 of 45 hawthorn st", "flat 3 of 45 hawthorn st"),
        ("au 15 de la rue lamartine, 69003 lyon", "15 de la rue lamartine, 69003 lyon"),
        # A named estate with no house number, its units and postcode.
        ("résidence les mimosas bât c appt 12 33000 bordeaux", "résidence les mimosas bât c appt 12 33000 bordeaux"),
        # Colombian grid addresses; a pasaje.
        ("calle 10 # 45-23 apto 501 medellín", "calle 10 # 45-23 apto 501 medellín"),
        ("vivia en la cra 7 no 12-40, bogotá", "cra 7 no 12-40, bogotá"),
        ("pasaje los olmos 1234, depto 12, santiago", "pasaje los olmos 1234, depto 12, santiago"),
    ],
)
def test_it_covers_each_kind_of_whole_address(text, address):
    assert covered(text, "address", address), spans(text, "address")


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("we met at 12 elm st in the morning", "12 elm st"),
        ("j'habitais au 12 rue des lilas à cette époque", "12 rue des lilas"),
        ("calle mayor 5 en verano hacía calor", "calle mayor 5"),
    ],
)
def test_a_preposition_after_the_street_does_not_take_the_sentence(text, address):
    assert spans(text, "address") == [address]


@pytest.mark.parametrize(
    "text", ["i was 15 de la mano de mi madre", "il avait 15 de la rue", "the 3rd floor of the office was empty"],
)
def test_a_number_or_a_floor_before_de_or_of_is_no_address_alone(text):
    assert spans(text, "address") == []


def test_a_town_does_not_run_on_over_y():
    assert spans("vivía en calle mayor 14, san sebastián y nadie lo sabía", "address") == ["calle mayor 14, san sebastián"]


# --------------------------------------------------------------------------- contacts


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("he is u/quiet_neighbour_1987 on reddit", "handle", "u/quiet_neighbour_1987"),
        ("shop now at cheapwatchesdeal.store free shipping", "url", "cheapwatchesdeal.store"),
        ("text WIN to 555-0144 for a prize", "phone", "555-0144"),
        ("its 555 eight six seven 5309 if u want to warn him", "phone", "555 eight six seven 5309"),
        ("he texted me from 555 0172 every night", "phone", "555 0172"),
        ("his # is 555 0172", "phone", "555 0172"),
    ],
)
def test_it_finds_each_kind_of_contact(text, kind, value):
    assert covered(text, kind, value), [(s.type, text[s.start:s.end]) for s in screen_text(text).signals]


@pytest.mark.parametrize(
    "text",
    [
        "he slid into my dms on instagram when i was 15",
        "at the party.it was late and i left",
        "from 1998 to 2003 five of us lived there",
        "he called me 300 times in 2019",
        "r/teenagers is where he posts",
    ],
)
def test_words_years_and_subreddits_are_no_contacts(text):
    assert [s.type for s in screen_text(text).signals if s.type in ("handle", "url", "phone")] == []
