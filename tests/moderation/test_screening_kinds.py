"""Crisis, abuse and spam by kind (session 4): indirect ways of saying it, written for this project.

Each sentence is a new wording of a kind of writing the detectors used to miss (none is taken from an
evaluation set); the clean ones are the look-alikes that must stay clean.
"""

import pytest

from moderation import model_build
from moderation.detectors import classifier, concepts
from moderation.detectors.crisis import find_crisis
from moderation.detectors.tokens import tokenize
from moderation.screening import screen_text


def types(text):
    return {s.type for s in screen_text(text).signals}


def concept_keys(text, kind):
    return {m.rule.key for m in concepts.find_matches(text, tokenize(text), frozenset({kind}))}


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("took the dog to my aunts place today, he'll be happier there than with me", None),
        ("i left my two cats with my best friend, she knows what they eat", "giving things away"),
        ("mi prima se puede quedar con mi gata, ya se lo dije", "giving things away"),
        ("i wont need my winter coat anymore", "won't need it"),
        ("j'en aurai plus besoin de toute façon", "won't need it"),
        ("paid the rent two months ahead so nobody has to worry", "settling affairs"),
        ("dejé mis contraseñas apuntadas en el cajón", "settling affairs"),
        ("soon it will all be over", "it will be over soon"),
        ("i know when and how now", "plan or means"),
        ("perdóname mamá", "saying goodbye"),
        ("if you are reading this i am already gone", "goodbye letter"),
        ("no vais a saber nada más de mí", "goodbye letter"),
        ("ive been up on the bridge for an hour, i'm on the bridge right now", "on a high place now"),
        ("je suis assise sur le rebord du toit", "on a high place now"),
        ("i wont make it to my birthday", "won't be there"),
        ("done after tonight, no more", "after tonight"),
        ("ya no voy a ser una molestia para nadie", "burden"),
        ("la prochaine fois je me raterai pas", "retry"),
        ("searched for lethal ways all night", "plan or means"),
        ("je veux que tout s'arrête pour de bon", "everything to stop"),
    ],
)
def test_it_finds_indirect_crisis_by_kind(text, key):
    assert find_crisis(text), text
    if key:
        assert key in concept_keys(text, "crisis"), text


@pytest.mark.parametrize(
    "text",
    [
        "me quiero morir de la vergüenza, le mandé el audio a mi jefe",
        "i'd rather die than go back to that office",
        "i tried to end my life in 2012. i got help and it gets better",
        "i wasn't suicidal, just numb for a long time",
        "los lunes me matan",
        "ce boulot me tue",
        "une amie s'est suicidée en 2015, j'écris pour elle",
        "je suis montée sur le toit avec mon père pour réparer l'antenne",
        "no puedo más con este calor",
        "nadie es una carga por pedir ayuda",
    ],
)
def test_look_alikes_are_not_crisis(text):
    assert not find_crisis(text), text


@pytest.mark.parametrize("text", ["i gave my old laptop to my cousin", "le di mi bici vieja a mi sobrino"])
def test_giving_objects_away_is_no_rule_match(text):
    # Pets given away are a warning sign; objects change hands every day (the classifier may still weigh them).
    assert "giving things away" not in concept_keys(text, "crisis")


@pytest.mark.parametrize(
    "text",
    [
        "te vamos a romper la boca si sigues contando mentiras",
        "you will regret posting this",
        "on sait à quelle heure tu sors du lycée",
        "you shouldve fought back harder then",
        "avoue que t'as aimé",
        "she asked for it going to his room",
        "ya quisieras que alguien te mirara",
        "a ver si te vuelve a pasar",
        "nobody believes this fairy tale",
        "typical feminist liar",
        "t'inventes des histoires pour le buzz",
    ],
)
def test_it_finds_abuse_by_kind(text):
    assert "abuse" in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i hope you find peace",
        "he said you wanted it. i didn't",
        "i'm not here for money or attention",
        "mon chef va me tuer si j'arrive encore en retard",
        "je crève de chaud dans ce tram",
        "he told me nobody would believe me",
    ],
)
def test_support_and_quoted_words_are_not_abuse(text):
    assert "abuse" not in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "buscamos chicas para trabajar desde casa sin experiencia",
        "gagnez 300 par jour depuis chez vous",
        "get paid to watch videos from home",
        "gran sorteo de unos airpods, comparte y etiqueta a 2 amigas",
        "tarot serio las 24h, amarres garantizados",
        "casino en ligne bonus sans depot minimum",
        "montres de luxe a -70 boutique en ligne",
        "this detox tea changed my life, comment YES and i'll send you the link",
        "5000 abonnés garantis en 24h",
        "sígueme en tiktok para más frases diarias",
    ],
)
def test_it_finds_spam_without_links_by_kind(text):
    assert "spam" in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "il m'a harcelée sur un site en ligne pendant un an",
        "à paris en 2015, dans le métro",
        "je n'ai pas pu déposer plainte sans preuves",
        "ganaba 900 euros al mes y el jefe lo sabía",
        "i made it to 1 year without contact with him today",
        "my supervisor texted me at midnight for two years",
        "j'ai suivi une formation gratuite sur le harcèlement",
    ],
)
def test_testimonies_with_money_and_places_are_not_spam(text):
    assert "spam" not in types(text), text


def test_plain_sentence_files_are_read_as_written(tmp_path, monkeypatch):
    (tmp_path / "crisis.en.txt").write_text("# header\ni {want|need} to {go|leave}\n", encoding="utf-8")
    (tmp_path / "crisis.en.sentences.txt").write_text("# header\nsome {braces|bars} stay text\n", encoding="utf-8")
    monkeypatch.setattr(model_build, "CORPUS_DIR", tmp_path)
    rows = model_build.read_corpus()
    templated = [r for r in rows if not r["plain"]]
    plain = [r["text"] for r in rows if r["plain"]]
    assert len({r["text"] for r in templated if r["text"][0] == "i" and "{" not in r["text"]}) >= 4
    assert "some {braces|bars} stay text" in plain
    assert all(r["label"] == "crisis" and r["lang"] == "en" for r in rows)


def test_a_corpus_file_with_another_name_is_refused(tmp_path, monkeypatch):
    (tmp_path / "crisis.en.notes.txt").write_text("x\n", encoding="utf-8")
    monkeypatch.setattr(model_build, "CORPUS_DIR", tmp_path)
    with pytest.raises(ValueError, match="expected"):
        model_build.read_corpus()


def test_a_classifier_signal_is_never_explained_by_function_words_alone():
    model = classifier.load_model()
    assert {"de", "et", "a"} <= model.function_words["crisis"]
    for text in ("i have been saving my pills for tonight", "je vais enfin en finir ce soir"):
        for window in classifier.score_windows(tokenize(text)):
            assert not set(window.words) & model.function_words[window.label], window


# Session 4, second round: more kinds, invented sentences (none from an evaluation set).
@pytest.mark.parametrize(
    "text",
    [
        "hes banging on my door right now and i am hiding in the bathroom",  # in danger now
        "estoy escondida en el armario, el sigue gritando",
        "if you ever read this mum forgive me",  # goodbye letter asking forgiveness
        "je compte les jours, apres vous serez libres",  # counting down
        "i keep searching how high the railway bridge is",  # looking up heights
        "hier sur le pont j ai failli sauter",  # nearly jumping
        "i sat in the garage tonight with the engine running",  # car in a closed garage
        "je me brule encore ce soir",  # self-harm, French present
        "been burning every night since the hearing",
        "j ai plus envie d etre ici",
    ],
)
def test_second_round_crisis_kinds_are_found(text):
    assert "crisis" in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "the suicide rates among survivors should shock everyone",  # suicide as a subject
        "el estudio habla del riesgo de suicidio en victimas",
        "some days i wish he was dead, i know i would never do anything",  # anger at someone else
        "i wanted to disappear for a year back then. i love my life now",  # past and over
        "a l epoque je voulais mourir. aujourd hui ca va",
        "je me coupe les cheveux toute seule",  # a haircut
    ],
)
def test_second_round_clean_kinds_stay_clean(text):
    assert "crisis" not in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "use the code SPRING at checkout for 25 off",  # promo code and discount
        "mi nuevo ebook ya esta disponible en amazon",  # self-promotion
        "subscribe to my channel and leave 5 stars",
        "je recrute des mamans motivees pour mon business",  # recruiting
    ],
)
def test_second_round_spam_kinds_are_found(text):
    assert "spam" in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "my uncle died by suicide when i was small and nobody talked about it",  # someone else's death
        "mon voisin a mis fin a ses jours l an dernier",  # their life, not mine
        "took my pill like the doctor told me and slept all night",  # as prescribed
        "bought a rope for the washing line, tiny wins",
        "my dad always told me i was a burden, unlearning that now",  # someone else's words
        "wont be around for the hearing, its my brothers wedding that day",  # an ordinary reason
        "there was a time i didnt want to be alive. glad i didnt do anything, life got good",  # over
        "this is my last post about him, moving on",
    ],
)
def test_second_round_testimonies_stay_clean(text):
    assert "crisis" not in types(text), text


@pytest.mark.parametrize(
    "text",
    [
        "i dont want to be alive anymore",  # the same words, now, no sign it is over
        "wont be around for the hearing. i have the pills ready",
        "this is my last post",
    ],
)
def test_second_round_present_crisis_still_found(text):
    assert "crisis" in types(text), text
