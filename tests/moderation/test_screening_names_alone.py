"""A first name alone, where the sentence makes it a person (session 4, second pass): capitalised
mid-sentence, the writer naming themselves, "it was X from accounting". Names invented here."""

import pytest

from moderation.screening import screen_text


def names(text):
    return [text[s.start:s.end] for s in screen_text(text).signals if s.type == "person_name"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A capitalised first name alone mid-sentence, after a role, a family word, "chez", a verb.
        ("we went out with my friend Yasmine and he kept following us", "Yasmine"),
        ("le soir je dormais chez Ophélie parce que c'était plus sûr", "Ophélie"),
        ("il m'a dit de rappeler et de demander Grégoire à l'accueil", "Grégoire"),
        ("mon beau-frère Mathis ne m'a jamais crue", "Mathis"),
        ("el entrenador, Joaquín, nos hacía quedarnos después", "Joaquín"),
        # At a sentence start: a name that is no ordinary word, or one followed by "from"/a comma.
        ("Bronwyn from payroll laughed when I told her", "Bronwyn"),
        ("Ignacio, el del tercero, siempre estaba en la puerta", "Ignacio"),
        # The writer naming themselves, with an age or an initial after the name.
        ("je suis clémence, 15 ans, et personne ne me croit", "clémence"),
        ("im writing this as tamsin r. because he still follows me online", "tamsin r."),
        ("me llamo yolanda y esto me pasó en el instituto", "yolanda"),
        # A first name pointed at with where the person belongs.
        ("it was dmitri from the night shift who locked the door", "dmitri"),
        ("c'était nadège du 2e qui tapait au mur", "nadège"),
        # A common first name right after a work or friend role; a rare one after a family role.
        ("my shift supervisor greg kept blocking the door", "greg"),
        ("then her uncle dariusz drove us back", "dariusz"),
        # A first name alone before 's.
        ("it started at priyanka's flat after the party", "priyanka"),
        # Particles after a one-letter title, Vietnamese names, Dutch particles in capitals.
        ("mon voisin, M. Van Hoeck, me regardait", "Van Hoeck"),
        ("Tran Van Hoa was the foreman and everyone knew", "Tran Van Hoa"),
        ("ma collègue Pham Thi Mai m'a aidée", "Pham Thi Mai"),
        ("Joost van den Broek from the Utrecht office kept touching me", "Joost van den Broek"),
        # After a role, two capitalised words no list or dictionary has; a name said to be one.
        ("my coach Obiora Nwankwo made us stay late", "Obiora Nwankwo"),
        ("hi, my name is hope and this happened at my school", "hope"),
        # "c'est X qui", "it was X who".
        ("c'était nadège qui m'a poussée", "nadège"),
    ],
)
def test_first_name_alone_in_context(text, name):
    assert name in names(text)


@pytest.mark.parametrize(
    "text",
    [
        # Places, faith, pets, public figures known by one name, and names that are words.
        "after the divorce we moved to Florence and then back in Austin",
        "gracias a Jesús y a mi madre salí adelante",
        "mi perro Toby me acompañó todo el proceso",
        "escuchaba a Rosalía todo el día para no pensar",
        "my sister Rose and my friend Hope came with me",
        "la profesora de Dolores nos ayudó y Esperanza volvió",
        "I'm sorry, I'm tired and it was April from then on",
        "je suis rose, et alors",
        "i am grace and i survived",
        "it was mark from then on, nothing else",
        "my boss will be there and my friend mark too",
        "my uncle sam poster and my cousin ben",
        "we ate at wendy's after school",
        "there was a song called hope on the radio",
        "c'est ça qui m'a aidée",
    ],
)
def test_words_places_faith_pets_and_public_names_stay_clean(text):
    assert names(text) == []
