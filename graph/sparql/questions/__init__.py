"""The catalogue of analyst questions: parameterised SPARQL in ``questions/*.rq``.

Each ``.rq`` file starts with a header of ``# key: value`` comment lines::

    # title_de: Welche kreisangehörigen Kommunen gehören zu Landkreis X …?
    # title_en: Which municipalities belong to county X …?
    # description: One or more lines, German; repeat the key to continue.
    # param: landkreis | landkreis | Landkreis

A ``befund`` line links a row of a question that counts coded cases to the study's finding that counts
the same among the surveyed municipalities: ``# befund: <finding slug> | <variable>=<German label>; …``
(the row whose cells carry those labels). The answer page shows both numbers and why they differ.

A ``beispiel`` line gives example values for the required parameters
(``# beispiel: land=Hessen; …``), with which the Service Description lists the question as an example
query that answers on the shipped data.

A ``param`` line gives the variable, its type (a key of :data:`PARAMETER_TYPES`,
which says how to list the allowed values) and a German label; ``| optional``
at the end makes it optional (unbound means "all"). The file name is the
question's name. Values are bound as a VALUES block (never pasted into the text).

>>> question = catalogue()["kreisangehoerige-kommunen-eines-landkreises"]
>>> [(p.name, p.type.name, p.optional) for p in question.parameters]
[('landkreis', 'landkreis', False)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from ...bind import with_values
from ...errors import NotFound, QueryError

# Allowed values of a parameter type: ?value with an optional German ?label, bound to ?class or ?scheme.
INSTANCES_OF_CLASS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?value ?label WHERE {
  ?value a/rdfs:subClassOf* ?class .
  OPTIONAL { ?value rdfs:label ?label FILTER(langMatches(lang(?label), "de")) }
} ORDER BY ?label ?value
"""
CONCEPTS_OF_SCHEME = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?value ?label WHERE {
  ?value skos:inScheme ?scheme .
  OPTIONAL { ?value skos:prefLabel ?label FILTER(langMatches(lang(?label), "de")) }
} ORDER BY ?label ?value
"""
# The municipality types a place can have: the scheme's concepts that stand for a class (not "alle Typen",
# which only findings about every type carry).
TYPES_OF_SCHEME = """
PREFIX kg: <https://w3id.org/koopgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT DISTINCT ?value ?label WHERE {
  ?value skos:inScheme ?scheme ; kg:correspondingClass ?class .
  OPTIONAL { ?value skos:prefLabel ?label FILTER(langMatches(lang(?label), "de")) }
} ORDER BY ?label ?value
"""
_KG = "https://w3id.org/koopgraph/ontology#"
_KONZEPT = "https://w3id.org/koopgraph/id/konzept/"


@dataclass(frozen=True)
class ParameterType:
    """What a parameter's values are: instances of a class, concepts of a scheme, or numbers."""

    name: str
    label: str
    klass: str | None = None
    scheme: str | None = None
    datatype: URIRef | None = None
    with_class: bool = False   # only the scheme's concepts that stand for a class

    def listing(self) -> tuple[str, dict] | None:
        """The SPARQL that lists allowed values, with its bindings; None for numbers."""
        if self.klass:
            return INSTANCES_OF_CLASS, {"class": URIRef(self.klass)}
        if self.scheme:
            return TYPES_OF_SCHEME if self.with_class else CONCEPTS_OF_SCHEME, {"scheme": URIRef(self.scheme)}
        return None


PARAMETER_TYPES: dict[str, ParameterType] = {t.name: t for t in [
    ParameterType("land", "Land", klass=_KG + "Land"),
    ParameterType("landkreis", "Landkreis", klass=_KG + "Landkreis"),
    ParameterType("kommune", "Kommune", klass=_KG + "Kommune"),
    ParameterType("programm", "Förderprogramm", klass=_KG + "Foerderprogramm"),
    ParameterType("kommunaltyp", "Kommunaltyp", scheme=_KONZEPT + "kommunaltyp", with_class=True),
    ParameterType("befundtyp", "Kommunaltyp eines Befunds (auch „alle Typen“)", scheme=_KONZEPT + "kommunaltyp"),
    ParameterType("laendlichkeit", "Ländlichkeit", scheme=_KONZEPT + "laendlichkeit"),
    ParameterType("lage", "sozioökonomische Lage", scheme=_KONZEPT + "soziooekonomische-lage"),
    ParameterType("kooperationsart", "Kooperationsart", scheme=_KONZEPT + "kooperationsart"),
    ParameterType("einflusskanal", "Einflusskanal", scheme=_KONZEPT + "einflusskanal"),
    ParameterType("ebene", "Ebene", scheme=_KONZEPT + "ebene"),
    ParameterType("aufgabe", "Aufgabe", scheme=_KONZEPT + "aufgabe"),
    ParameterType("managementtyp", "Managementtyp", scheme=_KONZEPT + "managementtyp"),
    ParameterType("ganzzahl", "ganze Zahl", datatype=XSD.integer),
    ParameterType("datum", "Datum", datatype=XSD.date),
]}


@dataclass(frozen=True)
class Parameter:
    name: str
    type: ParameterType
    label: str
    optional: bool = False


@dataclass(frozen=True)
class AllowedValue:
    value: URIRef
    label: str

    @property
    def slug(self) -> str:
        return str(self.value).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass(frozen=True)
class StudyLink:
    """A row of a case-counting answer and the study's finding (``kgid:befund/<finding>``) it compares to."""

    finding: str
    match: tuple[tuple[str, str], ...]   # (result variable, German label of its cell)

    def matches(self, row: dict) -> bool:
        """Whether a SPARQL JSON result row carries every label of the link."""
        return self.names(lambda variable: row.get(variable, {}).get("value"))

    def names(self, cell: Callable[[str], object]) -> bool:
        """Whether ``cell(variable)`` is the link's label for each of its variables (any shape of row)."""
        return all(cell(variable) == label for variable, label in self.match)


@dataclass(frozen=True)
class Question:
    """One catalogue question: metadata, typed parameters and its SPARQL text."""

    name: str
    title_de: str
    title_en: str
    description: str
    parameters: tuple[Parameter, ...]
    sparql: str
    study_links: tuple[StudyLink, ...] = ()
    example: tuple[tuple[str, str], ...] = ()   # (parameter, value) that answer on the shipped data

    @property
    def runs_as_example(self) -> bool:
        """Whether the question answers without parameters or has example values for the required ones."""
        return bool(self.example) or all(p.optional for p in self.parameters)

    def parameter(self, name: str) -> Parameter:
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise QueryError(f"the question {self.name} has no parameter {name!r}",
                         hint=f"Its parameters: {known}.")


def parse_question(name: str, text: str) -> Question:
    """A Question from an ``.rq`` file's text; QueryError names the bad header line."""
    fields: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        key, sep, value = line[1:].strip().partition(":")
        if not sep or not key.strip().isidentifier():
            raise QueryError(f"questions/{name}.rq line {number}: expected '# key: value'")
        fields.setdefault(key.strip(), []).append(value.strip())
    missing = [k for k in ("title_de", "title_en", "description") if k not in fields]
    if missing:
        raise QueryError(f"questions/{name}.rq: header lacks {', '.join(missing)}")
    parameters = tuple(_parameter(name, spec) for spec in fields.get("param", []))
    links = tuple(_study_link(name, spec) for spec in fields.get("befund", []))
    example = tuple(_pairs(name, "beispiel", spec) for spec in fields.get("beispiel", [])[:1])
    return Question(name, fields["title_de"][0], fields["title_en"][0], " ".join(fields["description"]),
                    parameters, text, links, example[0] if example else ())


def _pairs(question: str, key: str, cells: str) -> tuple[tuple[str, str], ...]:
    """``a=x; b=y`` as ((a, x), (b, y)); QueryError names the file and the line's key."""
    pairs = tuple(tuple(p.strip() for p in cell.partition("=")[::2]) for cell in cells.split(";") if cell.strip())
    if not pairs or not all(name.isidentifier() and value for name, value in pairs):
        raise QueryError(f"questions/{question}.rq: bad {key} line {cells!r}",
                         hint=f"Write '# {key}: name=value; name=value'.")
    return pairs


def _study_link(question: str, spec: str) -> StudyLink:
    finding, sep, cells = (part.strip() for part in spec.partition("|"))
    if not finding or not sep:
        raise QueryError(f"questions/{question}.rq: bad befund line {spec!r}",
                         hint="Write '# befund: finding-slug | variable=German label; variable=label'.")
    return StudyLink(finding, _pairs(question, "befund", cells))


def _parameter(question: str, spec: str) -> Parameter:
    parts = [p.strip() for p in spec.split("|")]
    if len(parts) not in (3, 4) or parts[1] not in PARAMETER_TYPES or parts[3:] not in ([], ["optional"]):
        raise QueryError(f"questions/{question}.rq: bad parameter line {spec!r}",
                         hint="Write '# param: name | type | label [| optional]' with a type from: "
                              + ", ".join(PARAMETER_TYPES) + ".")
    return Parameter(parts[0], PARAMETER_TYPES[parts[1]], parts[2], optional=parts[3:] == ["optional"])


@cache
def catalogue() -> dict[str, Question]:
    """All questions by name, in file-name order."""
    folder = resources.files(__package__)
    files = sorted((f for f in folder.iterdir() if f.name.endswith(".rq")), key=lambda f: f.name)
    return {f.name[:-3]: parse_question(f.name[:-3], f.read_text(encoding="utf-8")) for f in files}


def question_named(name: str) -> Question:
    """The question called ``name``; NotFound lists the catalogue."""
    questions = catalogue()
    if name not in questions:
        raise NotFound(f"no question {name!r} in the catalogue",
                       hint="Known questions: " + ", ".join(questions) + ".")
    return questions[name]


def allowed_values(store, parameter: Parameter) -> list[AllowedValue]:
    """The values a parameter may take in ``store``, with German labels (empty for numbers)."""
    listing = parameter.type.listing()
    if listing is None:
        return []
    sparql, bindings = listing
    return [AllowedValue(row.value, str(row.label) if row.label is not None else str(row.value))
            for row in store.query(sparql, bindings)]


def resolve(store, question: Question, given: dict[str, str]) -> dict[str, object]:
    """RDF terms for the given parameter values (label, slug or IRI); QueryError if unknown."""
    terms: dict[str, object] = {}
    for name, text in given.items():
        if text is None or text == "":
            continue
        parameter = question.parameter(name)
        terms[name] = _term(store, parameter, text.strip())
    missing = [p.name for p in question.parameters if not p.optional and p.name not in terms]
    if missing:
        raise QueryError(f"the question {question.name} needs a value for {', '.join(missing)}",
                         hint="Give it with --param name=value (CLI) or in the form.")
    return terms


def _term(store, parameter: Parameter, text: str):
    if parameter.type.datatype == XSD.date:
        return _date(parameter, text)
    if parameter.type.datatype is not None:
        try:
            return Literal(int(text.replace(".", "")), datatype=parameter.type.datatype)
        except ValueError as e:
            raise QueryError(f"{parameter.name}={text!r} is not a whole number") from e
    values = allowed_values(store, parameter)
    folded = text.casefold()
    for candidate in values:
        if folded in (candidate.label.casefold(), candidate.slug.casefold(), str(candidate.value).casefold()):
            return candidate.value
    shown = ", ".join(v.label for v in values[:12]) + (" …" if len(values) > 12 else "")
    raise QueryError(f"{parameter.name}={text!r} is not a known {parameter.type.label}",
                     hint=f"Allowed values include: {shown or 'none in this store'}.")


def example_query(store, question: Question) -> str:
    """The question's SPARQL with its example values bound (as is when it needs none)."""
    return bound_query(question, resolve(store, question, dict(question.example)))


def bound_query(question: Question, terms: dict[str, object]) -> str:
    """The question's SPARQL with ``terms`` bound in a VALUES block."""
    return with_values(question.sparql, terms)


def _date(parameter: Parameter, text: str) -> Literal:
    """A day as 2021-03-15 or 15.03.2021 (xsd:date); QueryError otherwise."""
    import datetime as dt
    for form in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return Literal(dt.datetime.strptime(text, form).date().isoformat(), datatype=XSD.date)
        except ValueError:
            continue
    raise QueryError(f"{parameter.name}={text!r} is not a day", hint="Write 2021-03-15 or 15.03.2021.")
