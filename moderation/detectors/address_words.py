"""The words of the address grammar in `addresses.py`: street types, unit and floor words, regions.

These are the parts of speech of a postal address (what a street type, a floor word or a state code
is), not examples of addresses. Every word is folded (lower case, no accents: `text.fold`).
"""

from __future__ import annotations

import functools

from moderation.detectors.text import fold


def _words(spec: str) -> frozenset[str]:
    return frozenset(fold(w) for w in spec.split())


# Street types written after the name: "elm st", "kings rd", "willow crescent" (US, UK, CA, AU, IE).
SUFFIX_TYPES = _words(
    "street st str road rd avenue ave av lane ln drive dr boulevard blvd blv court ct place pl terrace terr "
    "tce close crescent cres cresc way parkway pkwy highway hwy square sq grove gardens gdns row mews circle "
    "cir trail trl walk hill park green rise view alley aly loop expressway expy freeway fwy pike turnpike "
    "tpke plaza plz parade pde esplanade esp quay wharf heights hts broadway ridge vale dale wynd"
)
# Everyday words too ("2 very close friends", "my 2 brothers drive me mad", "3 in a row"): in lower case they
# make an address only with something more (a unit, a postcode, a town) or after "lives at".
AMBIGUOUS_SUFFIX_TYPES = _words(
    "drive way park green view rise walk hill close place pl court ct row square sq circle trail plaza point loop "
    "ridge heights vale dale pike quay wharf esplanade"
)
# Street types written before the name: "calle mayor 14", "12 rue des lilas", "avda diagonal 640".
PREFIX_TYPES = _words(
    "calle cl avenida avda av ave paseo po pso plaza pza carrer camino cmno carretera ctra ronda rda travesia trav "
    "callejon calzada bulevar glorieta urbanizacion urb rambla via rua viale piazza corso "
    "pasaje pje psje jiron "
    "rue avenue boulevard bd bld bvd blvd impasse imp allee chemin quai cours passage square voie sentier "
    "hameau lotissement residence cite place route rte "
    # Belgian "chaussée", Mexican "privada" (a private close), Quebec "boul." for boulevard
    "chaussee chee privada priv boul"
)
AMBIGUOUS_PREFIX_TYPES = _words(
    "cours place passage voie square cite residence hameau sentier lotissement route rte via camino ronda "
    "av ave viale corso"
)
# Colombian grid addresses: the type, the street's number, "#" or "no", then "45-23".
GRID_TYPES = _words("calle cl cll carrera cra kra kr cr diagonal dg transversal tv avenida av ak ac")
# Named estates, whose address may have no house number: units and a postcode follow.
ESTATE_TYPES = _words("residence lotissement cite hameau urbanizacion urb conjunto")
# Compound street names ("hauptstraße 5"): the type is the end of the word.
COMPOUND_SUFFIXES = ("strasse", "gasse", "allee", "platz", "straat", "laan", "gracht", "steeg")
COMPOUND_SUFFIXES_CAPITALISED = ("weg", "ring", "damm", "ufer", "plein", "kade", "dijk")

# Words that introduce a flat, a floor, a door, a block, a staircase: followed by its number or letter.
UNIT_WORDS = _words(
    "apt apartment apartement apartamento apto dto appt app appart appartement logement unit suite ste flat room rm "
    "bldg building oficina local torre edificio edif chambre "
    "piso planta puerta pta portal bloque blq bl escalera esc dpto depto departamento dep interior int "
    "bat batiment bloc escalier etage porte lot casa digicode interphone code floor fl flr "
    # Belgian letter boxes ("bte 12", "boîte 3"); Mexican blocks and plots ("manzana 7 lote 3", "mz 3 lt 9")
    "bte boite manzana mz mza lote lt bureau "
    # a doctor's or a lawyer's rooms: "consultorio 12", "despacho 4", "cabinet 3"
    "consultorio despacho cabinet"
)
FLOOR_WORDS = _words("floor fl flr piso planta etage")
# A door counted on the landing: "3e porte droite", "2ª puerta", "second door".
DOOR_WORDS = _words("porte puerta door")
# Said alone, a whole floor: "bajo b", "ático", "rdc", "basement".
FLOOR_NAMES = _words("bajo baja bajos atico entreplanta entresuelo entlo principal pral rdc basement sotano semisotano penthouse")
# A door or a side of the landing, after a floor: "3º izq", "2º dcha", "3e gauche".
SIDES = _words("izq izda izqda izquierda dcha dch drcha derecha centro ctro gauche droite fondo front rear back "
               "ext exterior interior")
ORDINAL_WORDS = _words(
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth ground top "
    "primero primer primera segundo segunda tercero tercer tercera cuarto cuarta quinto quinta sexto sexta "
    "septimo septima octavo octava noveno novena decimo decima "
    "premier premiere deuxieme second seconde troisieme quatrieme cinquieme sixieme septieme huitieme "
    "neuvieme dixieme"
)
# Spanish ordinals make a floor by themselves: "calle mayor 14, tercero b".
FLOOR_ORDINALS_ALONE = _words(
    "primero primera segundo segunda tercero tercera cuarto cuarta quinto quinta sexto sexta septimo septima "
    "octavo octava noveno novena decimo decima"
)
# A flat named after its floor: "2nd floor flat", "3e étage appartement".
FLAT_WORDS = _words("flat apartment apt appt appartement")
DIRECTIONS = _words(
    "n s e w ne nw se sw north south east west northeast northwest southeast southwest norte sur este oeste"
)
# Said after a street's type, a part of the street: "clanbrassil st lower", "dorset street upper".
STREET_PARTS_AFTER = DIRECTIONS | _words("lower upper")
HOUSE_NUMBER_SUFFIXES = _words("bis ter quater b")
NUMBER_MARKERS = _words("n no nº num numero number nr km")  # "ctra. de valencia km 7"
# "el número 12 de la calle mayor": a number said before its street.
NUMBER_WORDS = _words("numero number nº no")
NUMBER_CONNECTORS = _words("de del of on in en dans")

US_STATES = _words(
    "al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv nh nj nm ny nc nd oh "
    "ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc "
    "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho "
    "illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota "
    "mississippi missouri montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah "
    "vermont virginia washington wisconsin wyoming"
)
CA_PROVINCES = _words(
    "on qc bc ab mb sk ns nb nl pe yt nt nu ontario quebec alberta manitoba saskatchewan"
)
AU_STATES = _words("nsw vic qld wa sa tas act nt victoria queensland tasmania")
# Mexican states and the capitals' own codes ("cdmx", "caba"); codes that are Spanish words ("son",
# "ver") are left out.
MX_AR_REGIONS = _words(
    "cdmx df edomex caba jalisco yucatan chihuahua sonora veracruz puebla oaxaca chiapas tabasco campeche "
    "sinaloa zacatecas coahuila tamaulipas morelos queretaro guanajuato michoacan nayarit tlaxcala "
    # the states' usual abbreviations ("tlaquepaque, jal."), those that are no word
    "jal mich gto qro pue oax chis yuc coah tamps ags chih dgo hgo qroo slp tlax zac bcs"
)
REGION_ABBREVIATIONS = _words("jal mich gto qro pue oax chis yuc coah tamps ags chih dgo hgo qroo slp tlax zac bcs")
REGIONS = US_STATES | CA_PROVINCES | AU_STATES | MX_AR_REGIONS
# Provinces written after the town, some of them everyday words too ("granada", "león", "córdoba"):
# Spain's fifty (and its island groups), Argentina's, and Italy's largest; one to four words.
PROVINCES = frozenset(w.replace("_", " ") for w in _words(
    "alava araba albacete alicante almeria asturias avila badajoz barcelona burgos caceres cadiz cantabria "
    "castellon ciudad_real cordoba coruna cuenca girona gerona granada guadalajara gipuzkoa guipuzcoa huelva "
    "huesca baleares illes_balears jaen leon lleida lerida lugo madrid malaga murcia navarra ourense orense "
    "palencia las_palmas pontevedra rioja la_rioja salamanca tenerife segovia sevilla "
    "soria tarragona teruel toledo valencia valladolid bizkaia vizcaya zamora zaragoza ceuta melilla "
    "buenos_aires catamarca chaco chubut corrientes entre_rios formosa jujuy la_pampa mendoza misiones "
    "neuquen rio_negro salta san_juan san_luis santa_cruz santa_fe tucuman "
    "roma milano napoli torino palermo firenze bologna"
))
# Roads numbered, with a kilometre: "ctra. nacional 340, km 12", "route nationale 7 km 4".
ROAD_TYPES = _words("carretera ctra route rte autopista autovia")
# Codes that are everyday words in the three languages: a state only with its postcode or in capitals.
REGION_CODES_THAT_ARE_WORDS = _words("in or on me hi oh ok de la al co ma pa sa wa act id ne mi va tas ga")
COUNTRIES = _words(
    "usa us uk england scotland wales ireland canada australia spain espana espagne france francia "
    "mexico belgique belgium belgica suisse switzerland germany alemania allemagne italy italia argentina "
    "colombia chile peru"
)

# A building's name written before its street ends with one of these: "marlowe house, 30 kennington road",
# "the old rectory, church lane", "edificio sol, calle mayor 4", "immeuble les cèdres, 12 rue ...".
BUILDING_WORDS = _words(
    "house court mansions lodge tower towers building buildings hall cottage cottages farm rectory vicarage "
    "manor barn mill chambers centre center block apartments flats residences "
    "edificio torre residencial conjunto bloque immeuble residence tour batiment"
)
# House numbers written out: "seventeen hawthorne street", "diecisiete de la calle olmo", "quatre rue du
# moulin", "thirty-one elm st". "one", "un", "uno", "once" (Spanish 11, English "once") are left out: they
# begin too many sentences that go on about a street.
SPELLED_NUMBERS = _words(
    "two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen "
    "eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred "
    "dos tres cuatro cinco seis siete ocho nueve diez doce trece catorce quince dieciseis diecisiete "
    "dieciocho diecinueve veinte veintiuno veintidos veintitres veinticuatro veinticinco veintiseis "
    "veintisiete veintiocho veintinueve treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento "
    "deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize vingt vingts "
    "trente quarante cinquante soixante cent"
)
# The same as written, with their accents (the regex reads the lower-cased text, not the folded words).
SPELLED_NUMBERS_ACCENTED = frozenset("dieciséis veintidós veintitrés veintiséis".split())
# What joins the parts of a written-out number: "thirty-one", "cuarenta y dos", "vingt et un", "dix-sept".
SPELLED_NUMBER_JOINS = _words("y et one uno un")

# Words that introduce a neighbourhood between the street and the town: "col. roma norte, cdmx".
NEIGHBOURHOOD_WORDS = _words("col colonia barrio bo fracc fraccionamiento urbanizacion sector quartier")

# Articles that may begin a town's name after its postcode: "a coruña", "le mans", "la línea".
ARTICLES = _words("a o la le el les los las l as os")
# Words that end a street name or a town: what comes after an address in a sentence.
STOP = _words(
    "and or but where when while with near by for to from in on at it i he she we they you my his her the a an "
    "was is were had has have that this there then so if because who which next behind opposite across just "
    "right above below beside too now again also every last after before during ago since until still "
    "down up along past through across over toward towards into onto off around "
    "y o pero donde cuando con cerca para por en que el ella yo tu mi su es era fue hay al a ya luego ahora "
    "cada hace desde hasta durante antes despues junto frente enfrente detras encima debajo lado "
    "et ou mais ou quand avec pres pour par dans que qui il elle je j tu mon ma son sa est etait au aux "
    "depuis jusqu avant apres pendant maintenant chaque devant derriere face cote juste chez "
    "n no nº num numero "
    "ahi alli aqui alla esa ese eso esta este ici voila here"
)
# Particles inside street and town names: "rue des acacias", "stratford upon avon".
PARTICLES = _words(
    "de del la las los el d l des du le les y san santa saint sainte st ste sur sous en upon on under of"
)
# Counted things are no street names: "5 minutes walk", "3 veces por la plaza".
QUANTITY_WORDS = _words(
    "minutes minute mins hours hour hrs days day weeks week months month years year yrs times people men "
    "women kids miles mile km kms blocks block steps feet ft meters metres euros dollars pounds bucks "
    "minutos horas dias semanas meses anos veces personas metros cuadras kilometros "
    "heures jours semaines mois ans fois personnes kilometres"
)
# Before a year, not a house number: "in 2010 oxford street was packed".
YEAR_WORDS = _words("in by of since until from en desde depuis")
# Words that mark what follows as an address, for street types that are also everyday words.
ADDRESS_CUES = _words(
    "lives live lived living address addr house home flat apartment on au chez casa piso maison vive vivo vivia vivimos vivian direccion domicilio "
    "habite habitait habitais habitent adresse domicile"
)
# How a post-office box begins (its number follows): "po box", "p.o. box", "apartado de correos", "bp".
PO_BOX_LEADS = tuple(tuple(fold(w) for w in lead.split()) for lead in (
    "p o box", "po box", "post office box", "pob", "boîte postale", "boite postale", "apartado de correos",
    "apartado postal", "apdo", "casilla de correo", "bp", "rr", "hc", "rural route",
))
PO_BOX_WORDS = frozenset(lead[0] for lead in PO_BOX_LEADS)


@functools.cache
def typo_forms(words: frozenset[str]) -> frozenset[str]:
    """Return the forms of `words` with one phone typo that are no ordinary word ("stret", "avneue").

    A typo is a swapped letter ("raod"), or in words of five letters or more a dropped or doubled one
    ("stret", "streeet"), so that a short type never turns into a real word ("road" -> "rod").
    """
    from moderation.detectors.wordlists import ordinary_words

    ordinary = ordinary_words()
    forms = set()
    for word in words:
        if len(word) < 4 or not word.isalpha():
            continue
        for i in range(len(word)):
            if len(word) >= 5:
                forms.add(word[:i] + word[i + 1:])
                forms.add(word[:i] + word[i] + word[i:])
            if i + 1 < len(word):
                forms.add(word[:i] + word[i + 1] + word[i] + word[i + 2:])
    forms -= words
    return frozenset(f for f in forms if f not in ordinary and f not in STOP)
