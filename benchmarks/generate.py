"""A deterministic synthetic graph in the kazkg ontology, for benchmarks and scale tests.

The generated graph looks like the real one, scaled up: a series of synthetic states, each with a
government, parliament, president, courts, ministries and regions; agencies that pass a function
down succession chains of realistic length (with merges and splits) while they move between
ministries; laws with adoptions, amendments and replacements; banned organisations, people,
events and statistics; and one international organisation per state, which the next few states
join.  Every link between entities is a fact node with a verbatim quote and
``prov:wasDerivedFrom`` the generated graph's own :data:`~kazkg.vocab.KZ.SourceDocument`, whose
text (every quote in it, verbatim) is written beside the Turtle files with its SHA-256, so the
graph passes the same SHACL shapes and evidence rules as the real one.

States are generated in blocks of :data:`BLOCK_ENTITIES` entities, each from its own random
stream: the first state (and the probes drawn from it) is the same whatever the size, so a
question asked of it costs the same work at every size.

>>> import tempfile, pathlib
>>> with tempfile.TemporaryDirectory() as tmp:
...     graph = generate(pathlib.Path(tmp), entities=400, seed=7)
...     again = generate(pathlib.Path(tmp) / "again", entities=400, seed=7)
...     same = all(
...         (graph.directory / f).read_bytes() == (again.directory / f).read_bytes()
...         for f in (*TURTLE_FILES, graph.source.name)
...     )
>>> graph.entities, same
(400, True)
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kazkg.errors import KazkgError
from kazkg.resources import Workspace, ontology_dir
from kazkg.vocab import KZ, KZID

BLOCK_ENTITIES = 400
"""Entities per synthetic state (the last state takes the remainder, or joins the one before)."""

MIN_ENTITIES = 100
"""The smallest graph :func:`generate` makes: one state with its core bodies."""

METADATA_FILE = "generated.json"
"""What was generated and the probes to benchmark with, written beside the Turtle files."""

TURTLE_FILES = (
    "agencies.ttl",
    "legislation.ttl",
    "organisations.ttl",
    "international.ttl",
    "events.ttl",
    "sources.ttl",
)
"""The Turtle files :func:`generate` writes, one per domain as in the real graph."""


def source_name(seed: int) -> str:
    """The file name (and ``dcterms:identifier``) of the synthetic source text of ``seed``.

    It is written beside the Turtle files, which are also the graph's sources folder.
    """
    return f"synthetic-report-seed-{seed}.txt"


_PREFIXES = """@prefix kz:      <https://w3id.org/kazkg/ontology#> .
@prefix kzid:    <https://w3id.org/kazkg/id/> .
@prefix rdf:     <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
"""

_SYLLABLES = (
    "ak", "al", "ar", "as", "at", "ay", "ba", "bek", "bo", "da", "dar", "du", "er", "es", "ga",
    "gul", "ka", "kar", "ke", "kol", "ku", "la", "lyk", "ma", "mir", "mu", "na", "nur", "ol",
    "ra", "ram", "sa", "sar", "su", "ta", "tal", "tau", "to", "tur", "ul", "us", "za", "zhan",
)  # fmt: skip
_STATE_ENDINGS = ("ia", "stan", "ania", "ara", "ova")
_FIRST_NAMES = (
    "Aibek", "Aigerim", "Arman", "Asel", "Bauyrzhan", "Dana", "Daniyar", "Erlan", "Gulnara",
    "Kairat", "Madina", "Marat", "Nurlan", "Saule", "Serik", "Timur", "Yerlan", "Zhanna",
)  # fmt: skip
_SURNAME_ENDINGS = ("ov", "ev", "uly", "bekov", "baev", "ova", "eva")

# (function name in a body's label, policy area it is responsible for)
_FUNCTIONS = (
    ("Religious Affairs", "ReligiousAffairs"),
    ("Interfaith Relations", "ReligiousAffairs"),
    ("Civil Society and Religion", "ReligiousAffairs"),
    ("Counter-Terrorism", "CounterTerrorism"),
    ("Countering Extremism", "CounterTerrorism"),
    ("Security Coordination", "CounterTerrorism"),
    ("Financial Monitoring", "FinancialMonitoring"),
    ("Anti-Money Laundering", "FinancialMonitoring"),
    ("Penitentiary Affairs", "Corrections"),
    ("Legal Statistics and Special Records", "LegalStatistics"),
    ("Information Security", "InformationSecurity"),
    ("Online Content", "InformationSecurity"),
    ("Prosecutorial Supervision", "Prosecution"),
)
_BODY_KINDS = ("Agency", "Committee", "Department", "Service", "Centre", "Directorate", "Bureau")
_MINISTRY_DOMAINS = (
    "Justice", "Internal Affairs", "Culture", "Culture and Sports", "Finance", "Defence",
    "Information and Public Accord", "Education", "Foreign Affairs", "Digital Development",
    "Religious Affairs and Civil Society", "Information and Social Development",
)  # fmt: skip
_LAW_TOPICS = (
    "Countering Extremism", "Countering Terrorism", "Religious Activity and Religious Associations",
    "Freedom of Conscience", "National Security", "Countering Money Laundering",
    "Mass Media", "Communications", "Public Associations", "Migration", "State Secrets",
    "Informatization", "Law Enforcement Service", "Special State Bodies", "Civil Protection",
    "Counter-Intelligence", "Prevention of Offences", "Probation", "Education", "Languages",
)  # fmt: skip
_GROUP_FORMS = ("Jamaat {}", "{} Movement", "Brotherhood of {}", "{} Front", "Army of {}")
_RELIGIOUS_FORMS = ("Spiritual Administration of {}", "{} Islamic Centre", "Church of {}")
_NGO_FORMS = ("{} Foundation", "{} Centre for Religious Studies", "Institute of {} Studies")
_IO_FORMS = (
    "Organisation for Security Cooperation of {}",
    "{} Counter-Terrorism Partnership",
    "{} Regional Anti-Terrorist Structure",
    "Council of {} States",
)
_STAT_UNITS = ("people", "convictions", "websites blocked", "materials banned", "US dollars")
_CHANGE_KINDS = ("Transformation", "TransferOfFunctions", "Reorganisation")
_CHANGE_WORDS = {
    "Transformation": "was transformed into",
    "TransferOfFunctions": "transferred its functions to",
    "Reorganisation": "was reorganised into",
}


# -- Turtle and text ---------------------------------------------------------------------------


def _literal(value: str) -> str:
    """A Turtle string literal."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _en(value: str) -> str:
    return _literal(value) + "@en"


def _year(year: int) -> str:
    return f'"{year}"^^xsd:gYear'


def _month(year: int, month: int) -> str:
    return f'"{year}-{month:02d}"^^xsd:gYearMonth'


def _day(year: int, month: int, day: int) -> str:
    return f'"{year}-{month:02d}-{day:02d}"^^xsd:date'


def _slug(text: str) -> str:
    """A kebab-case ASCII slug."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _domain(ministry: _Body) -> str:
    """``Justice`` for the ``Ministry of Justice of the Republic of ...``."""
    return ministry.label.removeprefix("Ministry of ").split(" of the Republic of ")[0]


def _initials(label: str) -> str:
    return "".join(
        word[0] for word in re.findall(r"[A-Za-z][A-Za-z-]*", label) if word[0].isupper()
    )


@dataclass
class _Output:
    """Turtle blocks per file, the sentences of the synthetic text, and counts."""

    files: dict[str, list[str]] = field(default_factory=lambda: {f: [] for f in TURTLE_FILES})
    sentences: list[str] = field(default_factory=list)
    labels: set[str] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)
    aliases: set[str] = field(default_factory=set)
    entities: int = 0
    facts: int = 0
    triples: int = 0

    def say(self, sentence: str) -> str:
        """Add ``sentence`` to the synthetic text; return it (it is the quote)."""
        self.sentences.append(sentence)
        return sentence

    def unique_label(self, label: str) -> str:
        """``label``, or ``label`` numbered, so that no two entities share a label."""
        candidate, number = label, 2
        while candidate in self.labels:
            candidate, number = f"{label} No. {number}", number + 1
        self.labels.add(candidate)
        return candidate

    def iri(self, name: str) -> str:
        """A fresh ``kzid:`` name: ``name`` as a slug (80 characters at most), numbered if taken."""
        base = _slug(name)
        if len(base) > 80:
            base = base[:80].rsplit("-", 1)[0]
        candidate, number = base, 2
        while candidate in self.slugs:
            candidate, number = f"{base}-{number}", number + 1
        self.slugs.add(candidate)
        return "kzid:" + candidate

    def fact_iri(self, kind: str) -> str:
        """A fresh ``kzid:fact-<kind>-<n>`` name."""
        self.facts += 1
        return f"kzid:fact-{_slug(kind)}-{self.facts}"

    def write(self, file: str, subject: str, kind: str, pairs: Sequence[tuple[str, str]]) -> None:
        """Write one subject block: ``subject a kind ; p o ; ...``."""
        lines = [f"{subject} a {kind}"] + [f"    {p} {o}" for p, o in pairs]
        self.files[file].append(" ;\n".join(lines) + " .\n")
        self.triples += 1 + len(pairs)


@dataclass(frozen=True)
class Probes:
    """Entities of the first state to benchmark with, identical at every size and seed-stable.

    ``chain`` is a line of succession (oldest first) passing one function down; ``holder``
    held that function (``area``) on ``as_of``.  ``label``, ``alias`` and ``fuzzy`` name the
    chain's last body exactly, by an abbreviation, and with a typo.  ``law`` is a law of the
    state, ``group`` a banned group, ``year`` a year in which things changed.
    """

    chain: list[str]
    area: str
    as_of: str
    holder: str
    label: str
    alias: str
    fuzzy: str
    state: str
    ministry: str
    international_organisation: str
    law: str
    group: str
    year: str


@dataclass(frozen=True)
class GeneratedGraph:
    """A generated graph on disk: where it is, what it holds, and the probes to ask about."""

    directory: Path
    seed: int
    entities: int
    facts: int
    triples: int
    states: int
    probes: Probes

    @property
    def source(self) -> Path:
        """The synthetic source text every quote is taken from."""
        return self.directory / source_name(self.seed)

    def workspace(self, store: Path) -> Workspace:
        """The packaged ontology with this graph and its synthetic source text, compiled into
        ``store``."""
        folder = self.directory.resolve()
        return Workspace(
            ontology=ontology_dir(), graph=folder, store=store.resolve(), sources=folder
        )

    def to_json(self) -> str:
        """Serialise for :data:`METADATA_FILE` (paths left out)."""
        data = asdict(self)
        del data["directory"]
        return json.dumps(data, indent=2, sort_keys=True)


def read_generated(directory: Path) -> GeneratedGraph:
    """The description :func:`generate` wrote into ``directory``."""
    path = directory / METADATA_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        data["probes"] = Probes(**data["probes"])
        return GeneratedGraph(directory=directory, **data)
    except (OSError, ValueError, TypeError, KeyError) as error:
        raise KazkgError(f"{path}: not a generated graph ({error})") from None


# -- one state ---------------------------------------------------------------------------------


@dataclass
class _Body:
    iri: str
    label: str
    alias: str = ""


@dataclass
class _State:
    """One synthetic state and everything in it."""

    out: _Output
    rng: random.Random
    index: int
    budget: int
    source: str
    earlier_ios: list[_Body]
    name: str = ""
    iri: str = ""
    code: str = ""
    capital: _Body = field(default_factory=lambda: _Body("", ""))
    government: _Body = field(default_factory=lambda: _Body("", ""))
    parliament: _Body = field(default_factory=lambda: _Body("", ""))
    president: _Body = field(default_factory=lambda: _Body("", ""))
    courts: list[_Body] = field(default_factory=list)
    ministries: list[_Body] = field(default_factory=list)
    cities: list[_Body] = field(default_factory=list)
    regions: list[_Body] = field(default_factory=list)
    bodies: list[_Body] = field(default_factory=list)
    laws: list[_Body] = field(default_factory=list)
    groups: list[_Body] = field(default_factory=list)
    amended_laws: list[_Body] = field(default_factory=list)
    people: list[_Body] = field(default_factory=list)
    io: _Body = field(default_factory=lambda: _Body("", ""))
    made: int = 0
    chains: list[tuple[list[_Body], str, list[tuple[int, int | None]]]] = field(
        default_factory=list
    )

    # -- helpers ---------------------------------------------------------------------------

    def word(self, syllables: int) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()

    def unique(self, label: str) -> str:
        """Reserve ``label`` (numbered if taken): call before quoting the entity's sentence."""
        return self.out.unique_label(label)

    def entity(
        self,
        file: str,
        kind: str,
        label: str,
        quote: str,
        extra: Sequence[tuple[str, str]] = (),
        alias: str | None = None,
        slug: str | None = None,
    ) -> _Body:
        """Write an entity (type, ``label`` from :meth:`unique`, alias, quote) and count it.

        Its IRI is made from ``slug`` (default: the label).
        """
        iri = self.out.iri(slug or label)
        pairs = [("rdfs:label", _en(label))]
        if alias and alias not in self.out.aliases and alias not in self.out.labels:
            self.out.aliases.add(alias)
            pairs.append(("skos:altLabel", _en(alias)))
        else:
            alias = ""
        pairs += [("kz:quote", _literal(quote)), ("prov:wasDerivedFrom", self.source)]
        pairs.extend(extra)
        self.out.write(file, iri, kind, pairs)
        self.out.entities += 1
        self.made += 1
        return _Body(iri, label, alias)

    def fact(self, file: str, kind: str, pairs: Sequence[tuple[str, str]], quote: str) -> str:
        """Write a fact node of class ``kind`` with its quote and provenance."""
        iri = self.out.fact_iri(kind[3:])
        self.out.write(
            file,
            iri,
            kind,
            [*pairs, ("kz:quote", _literal(quote)), ("prov:wasDerivedFrom", self.source)],
        )
        return iri

    def assertion(self, file: str, subject: _Body, predicate: str, obj: _Body, quote: str) -> str:
        """A reified binary relation (``kz:Assertion``)."""
        return self.fact(
            file,
            "kz:Assertion",
            [("rdf:subject", subject.iri), ("rdf:predicate", predicate), ("rdf:object", obj.iri)],
            quote,
        )

    def left(self) -> int:
        return self.budget - self.made

    def any_body(self) -> _Body:
        return self.rng.choice(self.bodies or self.ministries)

    # -- the core of a state ----------------------------------------------------------------

    def core(self) -> None:
        """State, capital, government, parliament, president, courts, ministries, regions, code."""
        out = self.out
        while True:
            name = self.word(2) + self.rng.choice(_STATE_ENDINGS)
            if f"Republic of {name}" not in out.labels and name not in out.aliases:
                break
        self.name = name
        self.code = name[:3].upper()
        state_label = self.unique(f"Republic of {name}")
        capital_name = self.unique(self.word(2))
        say = out.say(
            f"The {state_label}, with its capital in {capital_name}, is a party to this report."
        )
        state = self.entity("organisations.ttl", "kz:State", state_label, say, alias=name)
        self.iri = state.iri
        self.capital = self.entity("organisations.ttl", "kz:City", capital_name, say)
        self.cities.append(self.capital)
        self.assertion("organisations.ttl", self.capital, "kz:locatedIn", state, say)

        def supreme(kind: str, label: str, verb: str) -> _Body:
            label = self.unique(label)
            quote = out.say(f"The {label} {verb} in {capital_name}.")
            body = self.entity(
                "agencies.ttl", kind, label, quote, alias=_initials(label) + "-" + self.code
            )
            self.assertion("agencies.ttl", body, "kz:locatedIn", self.capital, quote)
            return body

        self.president = supreme(
            "kz:HeadOfState", f"President of the {state_label}", "has the residence"
        )
        self.government = supreme("kz:Government", f"Government of the {state_label}", "sits")
        self.parliament = supreme("kz:Legislature", f"Parliament of the {state_label}", "meets")
        self.courts.append(supreme("kz:Court", f"Supreme Court of the {state_label}", "sits"))

        for domain in self.rng.sample(_MINISTRY_DOMAINS, 8):
            label = self.unique(f"Ministry of {domain} of the {state_label}")
            year = self.rng.randint(1991, 1996)
            quote = out.say(f"In {year}, the {label} was placed under the {self.government.label}.")
            ministry = self.entity(
                "agencies.ttl",
                "kz:Ministry",
                label,
                quote,
                alias=f"M{_initials(domain)}-{self.code}",
            )
            self.fact(
                "agencies.ttl",
                "kz:Subordination",
                [
                    ("kz:subordinate", ministry.iri),
                    ("kz:superior", self.government.iri),
                    ("kz:startDate", _year(year)),
                ],
                quote,
            )
            self.ministries.append(ministry)

        for _ in range(4):
            region_name = self.word(2)
            region_label = self.unique(f"{region_name} Region of {name}")
            city_name = self.unique(self.word(2))
            quote = out.say(
                f"{city_name} is the centre of the {region_name} Region of the {state_label}."
            )
            region = self.entity("organisations.ttl", "kz:Region", region_label, quote)
            self.assertion("organisations.ttl", region, "kz:locatedIn", state, quote)
            city = self.entity("organisations.ttl", "kz:City", city_name, quote)
            self.assertion("organisations.ttl", city, "kz:locatedIn", region, quote)
            self.regions.append(region)
            self.cities.append(city)
            court_label = self.unique(f"{city_name} City Court")
            court_quote = out.say(f"The {court_label} hears cases in {city_name}.")
            court = self.entity("agencies.ttl", "kz:Court", court_label, court_quote)
            self.assertion("agencies.ttl", court, "kz:locatedIn", city, court_quote)
            self.courts.append(court)

        self.criminal_code()
        self.international()

    def criminal_code(self) -> None:
        """A criminal code with a few articles, adopted by parliament."""
        out = self.out
        year = self.rng.randint(1994, 1999)
        label = self.unique(f"Criminal Code of the Republic of {self.name}")
        quote = out.say(f"In {year}, the {self.parliament.label} adopted the {label}.")
        code = self.entity("legislation.ttl", "kz:Code", label, quote)
        self.fact(
            "legislation.ttl",
            "kz:Adoption",
            [
                ("kz:adoptedAct", code.iri),
                ("kz:adopter", self.parliament.iri),
                ("kz:stage", "kz:Passed"),
                ("kz:date", _year(year)),
            ],
            quote,
        )
        for number in self.rng.sample(range(150, 400), 3):
            article_label = self.unique(f"Article {number} of the {label}")
            article_quote = out.say(f"{article_label} punishes acts of extremism and terrorism.")
            article = self.entity("legislation.ttl", "kz:CodeArticle", article_label, article_quote)
            self.assertion("legislation.ttl", article, "kz:isPartOf", code, article_quote)
            self.laws.append(article)

    def international(self) -> None:
        """An international organisation this state founds; it joins those of earlier states."""
        out = self.out
        year = self.rng.randint(1995, 2005)
        label = self.unique(self.rng.choice(_IO_FORMS).format(self.word(2)))
        quote = out.say(f"In {year}, the Republic of {self.name} founded the {label}.")
        self.io = self.entity(
            "international.ttl",
            "kz:InternationalOrganization",
            label,
            quote,
            alias=_initials(label) + "-" + self.code,
        )
        self.fact(
            "international.ttl",
            "kz:Establishment",
            [
                ("kz:establishedEntity", self.io.iri),
                ("kz:founder", self.iri),
                ("kz:date", _year(year)),
            ],
            quote,
        )
        state = _Body(self.iri, f"Republic of {self.name}")
        for io, role in [
            (self.io, "kz:FoundingMember"),
            *((io, "kz:FullMember") for io in self.earlier_ios),
        ]:
            joined = max(year, self.rng.randint(1996, 2015))
            member_quote = out.say(f"In {joined}, the {state.label} joined the {io.label}.")
            self.fact(
                "international.ttl",
                "kz:Membership",
                [
                    ("org:member", state.iri),
                    ("org:organization", io.iri),
                    ("org:role", role),
                    ("kz:startDate", _year(joined)),
                ],
                member_quote,
            )

    # -- units ------------------------------------------------------------------------------

    def chain(self, length: int) -> None:
        """A line of bodies passing one function down, with merges, splits and moves."""
        out, rng = self.out, self.rng
        function, area = rng.choice(_FUNCTIONS)
        year = rng.randint(1991, 2002)
        line: list[_Body] = []
        spans: list[tuple[int, int | None]] = []
        previous: _Body | None = None
        merging: _Body | None = None
        for step in range(length):
            if self.left() < 1:
                break
            kind = rng.choice(_BODY_KINDS)
            ministry = rng.choice(self.ministries)
            label = self.unique(f"{kind} for {function} of the {ministry.label}")
            last = step == length - 1 or self.left() < 2 or year > 2020
            end = None if last else min(year + rng.randint(2, 5), 2023)
            change = rng.choice(_CHANGE_KINDS)
            if previous is None:
                quote = out.say(f"In {year}, the {self.government.label} created the {label}.")
            elif merging is not None:
                change = "Reorganisation"
                quote = out.say(
                    f"In {year}, the {previous.label} and the {merging.label} "
                    f"were merged into the {label}."
                )
            else:
                quote = out.say(
                    f"In {year}, the {previous.label} {_CHANGE_WORDS[change]} the {label}."
                )
            alias = f"{kind[0]}{_initials(function)}-{self.code}-{self.made}"
            slug = f"{kind} {function} {_domain(ministry)} {self.name}"
            body = self.entity("agencies.ttl", "kz:StateBody", label, quote, alias=alias, slug=slug)
            if previous is None:
                self.fact(
                    "agencies.ttl",
                    "kz:Establishment",
                    [
                        ("kz:establishedEntity", body.iri),
                        ("kz:founder", self.government.iri),
                        ("kz:date", _year(year)),
                    ],
                    quote,
                )
            else:
                self.succession(previous, body, change, year, quote)
                if merging is not None:
                    self.succession(merging, body, change, year, quote)
                    merging = None
            self.placement(body, ministry, year, end, quote)
            self.fact(
                "agencies.ttl",
                "kz:Responsibility",
                [
                    ("kz:responsibleAgent", body.iri),
                    ("kz:area", "kz:" + area),
                    ("kz:startDate", _year(year)),
                ]
                + ([("kz:endDate", _year(end))] if end is not None else []),
                quote,
            )
            line.append(body)
            spans.append((year, end))
            self.bodies.append(body)
            if end is None:
                if rng.random() < 0.15 and year < 2022:
                    gone = year + rng.randint(1, 2)
                    gone_quote = out.say(f"In {gone}, the {body.label} was abolished.")
                    self.fact(
                        "agencies.ttl",
                        "kz:Abolition",
                        [("kz:abolishedEntity", body.iri), ("kz:date", _year(gone))],
                        gone_quote,
                    )
                break
            if rng.random() < 0.2 and self.left() > 3:
                if rng.random() < 0.5:
                    merging = self.merged_body(function, end)
                else:
                    self.split_body(body, function, end)
            previous, year = body, end
        if line:
            self.chains.append((line, area, spans))

    def succession(self, before: _Body, after: _Body, change: str, year: int, quote: str) -> None:
        """A dated succession fact."""
        self.fact(
            "agencies.ttl",
            "kz:Succession",
            [
                ("org:originalOrganization", before.iri),
                ("org:resultingOrganization", after.iri),
                ("kz:changeKind", "kz:" + change),
                ("kz:date", _year(year)),
            ],
            quote,
        )

    def placement(
        self, body: _Body, ministry: _Body, start: int, end: int | None, quote: str
    ) -> None:
        """Subordination to a ministry; sometimes moved to another ministry half-way."""
        rng = self.rng
        moved = end is not None and end - start >= 3 and rng.random() < 0.3
        first_end = start + (end - start) // 2 if moved and end is not None else end
        self.fact(
            "agencies.ttl",
            "kz:Subordination",
            [
                ("kz:subordinate", body.iri),
                ("kz:superior", ministry.iri),
                ("kz:startDate", _year(start)),
            ]
            + ([("kz:endDate", _year(first_end))] if first_end is not None else []),
            quote,
        )
        if moved and first_end is not None:
            other = rng.choice([m for m in self.ministries if m is not ministry])
            move_quote = self.out.say(
                f"In {first_end}, the {body.label} was delegated to the jurisdiction "
                f"of the {other.label}."
            )
            self.fact(
                "agencies.ttl",
                "kz:Subordination",
                [
                    ("kz:subordinate", body.iri),
                    ("kz:superior", other.iri),
                    ("kz:startDate", _year(first_end)),
                ]
                + ([("kz:endDate", _year(end))] if end is not None else []),
                move_quote,
            )

    def merged_body(self, function: str, year: int) -> _Body:
        """A body created earlier beside a line, to be merged into the line's next body."""
        rng, out = self.rng, self.out
        kind = rng.choice(_BODY_KINDS)
        ministry = rng.choice(self.ministries)
        label = self.unique(f"{kind} for {function} Support of the {ministry.label}")
        start = year - rng.randint(2, 6)
        quote = out.say(f"In {start}, the {self.government.label} created the {label}.")
        slug = f"{kind} {function} support {_domain(ministry)} {self.name}"
        side = self.entity("agencies.ttl", "kz:StateBody", label, quote, slug=slug)
        self.bodies.append(side)
        self.fact(
            "agencies.ttl",
            "kz:Establishment",
            [
                ("kz:establishedEntity", side.iri),
                ("kz:founder", self.government.iri),
                ("kz:date", _year(start)),
            ],
            quote,
        )
        self.placement(side, ministry, start, year, quote)
        return side

    def split_body(self, body: _Body, function: str, year: int) -> None:
        """A body split off ``body`` when the line moves on."""
        rng, out = self.rng, self.out
        kind = rng.choice(_BODY_KINDS)
        ministry = rng.choice(self.ministries)
        label = self.unique(f"{kind} for {function} Support of the {ministry.label}")
        quote = out.say(f"In {year}, part of the {body.label} was split off into the {label}.")
        slug = f"{kind} {function} support {_domain(ministry)} {self.name}"
        side = self.entity("agencies.ttl", "kz:StateBody", label, quote, slug=slug)
        self.bodies.append(side)
        self.succession(body, side, "Reorganisation", year, quote)
        self.placement(side, ministry, year, None, quote)

    def law_family(self) -> None:
        """A law, its adoption, amendments and perhaps its replacement."""
        out, rng = self.out, self.rng
        topic = rng.choice(_LAW_TOPICS)
        year = rng.randint(1992, 2012)
        label = self.unique(f"Law “On {topic}” of the Republic of {self.name}")
        quote = out.say(f"In {year}, the {self.parliament.label} passed the {label}.")
        law = self.entity(
            "legislation.ttl", "kz:Law", label, quote, alias=f"Law on {topic} ({self.name})"
        )
        self.laws.append(law)
        self.adoption(law, self.parliament, "kz:Passed", year, quote)
        if rng.random() < 0.25:
            signed = out.say(f"In {year}, the {self.president.label} signed the {label}.")
            self.adoption(law, self.president, "kz:Signed", year, signed)
        for _ in range(rng.choice((0, 0, 1, 1, 2))):
            if self.left() < 2:
                break
            year = min(year + rng.randint(1, 4), 2023)
            amending_label = self.unique(
                f"Law “On Amendments to the Law on {topic}” of the Republic of {self.name}"
            )
            amending_quote = out.say(f"In {year}, the {amending_label} amended the {label}.")
            amending = self.entity(
                "legislation.ttl", "kz:AmendingLaw", amending_label, amending_quote
            )
            self.fact(
                "legislation.ttl",
                "kz:Amendment",
                [
                    ("kz:amendingAct", amending.iri),
                    ("kz:amendedAct", law.iri),
                    ("kz:date", _year(year)),
                ],
                amending_quote,
            )
            if law not in self.amended_laws:
                self.amended_laws.append(law)
        if rng.random() < 0.3 and self.left() >= 1:
            year = min(year + rng.randint(1, 5), 2023)
            other_topic = rng.choice([t for t in _LAW_TOPICS if t != topic])
            new_label = self.unique(
                f"Law “On {topic} and {other_topic}” of the Republic of {self.name}"
            )
            new_quote = out.say(f"In {year}, the {new_label} replaced the {label}.")
            new = self.entity("legislation.ttl", "kz:Law", new_label, new_quote)
            self.laws.append(new)
            self.adoption(new, self.parliament, "kz:Passed", year, new_quote)
            self.fact(
                "legislation.ttl",
                "kz:Replacement",
                [
                    ("kz:replacingAct", new.iri),
                    ("kz:replacedAct", law.iri),
                    ("kz:date", _year(year)),
                ],
                new_quote,
            )

    def adoption(self, act: _Body, adopter: _Body, stage: str, year: int, quote: str) -> None:
        """A step in the life of an act."""
        self.fact(
            "legislation.ttl",
            "kz:Adoption",
            [
                ("kz:adoptedAct", act.iri),
                ("kz:adopter", adopter.iri),
                ("kz:stage", stage),
                ("kz:date", _year(year)),
            ],
            quote,
        )

    def banned_group(self) -> None:
        """An extremist group, banned by a court, active in a region."""
        out, rng = self.out, self.rng
        label = self.unique(rng.choice(_GROUP_FORMS).format(self.word(2)))
        region = rng.choice(self.regions)
        quote = out.say(f"The {label} was active in the {region.label}.")
        group = self.entity("organisations.ttl", "kz:ExtremistOrganization", label, quote)
        self.assertion("organisations.ttl", group, "kz:operatesIn", region, quote)
        self.groups.append(group)
        court = rng.choice(self.courts)
        year, month, day = rng.randint(2000, 2023), rng.randint(1, 12), rng.randint(1, 28)
        designation = rng.choice(("Extremist", "Terrorist"))
        ban_quote = out.say(
            f"On {year}-{month:02d}-{day:02d}, the {court.label} recognised the {label} as "
            f"{designation.lower()} and banned its activity."
        )
        self.fact(
            "organisations.ttl",
            "kz:Ban",
            [
                ("kz:bannedOrganization", group.iri),
                ("kz:court", court.iri),
                ("kz:designation", "kz:" + designation),
                ("kz:date", _day(year, month, day)),
            ],
            ban_quote,
        )

    def association(self) -> None:
        """A religious association or NGO, seated in a city, cooperating with a body."""
        out, rng = self.out, self.rng
        religious = rng.random() < 0.5
        form = rng.choice(_RELIGIOUS_FORMS if religious else _NGO_FORMS)
        kind = "kz:ReligiousOrganization" if religious else "kz:NonGovernmentalOrganization"
        label = self.unique(form.format(self.word(2)))
        city = rng.choice(self.cities)
        partner = self.any_body()
        quote = out.say(
            f"The {label}, based in {city.label}, works together with the {partner.label}."
        )
        association = self.entity("organisations.ttl", kind, label, quote)
        self.assertion("organisations.ttl", association, "kz:locatedIn", city, quote)
        self.assertion("organisations.ttl", association, "kz:cooperatesWith", partner, quote)

    def person(self) -> None:
        """A person, a citizen of the state, who works for a body or belongs to a group."""
        out, rng = self.out, self.rng
        label = self.unique(
            f"{rng.choice(_FIRST_NAMES)} {self.word(2)}{rng.choice(_SURNAME_ENDINGS)}"
        )
        if self.groups and rng.random() < 0.3:
            where = rng.choice(self.groups)
            quote = out.say(
                f"{label}, a citizen of the Republic of {self.name}, "
                f"was a member of the {where.label}."
            )
        else:
            where = self.any_body()
            quote = out.say(
                f"{label}, a citizen of the Republic of {self.name}, worked for the {where.label}."
            )
        extra = [("kz:birthYear", _year(rng.randint(1950, 1995)))] if rng.random() < 0.3 else []
        person = self.entity("organisations.ttl", "kz:Person", label, quote, extra)
        self.people.append(person)
        self.assertion("organisations.ttl", person, "kz:affiliatedWith", where, quote)
        if rng.random() < 0.3:
            citizen = _Body(self.iri, "")
            self.assertion("organisations.ttl", person, "kz:nationality", citizen, quote)

    def event(self) -> None:
        """A summit, exercise, attack or operation: an entity that is its own evidence."""
        out, rng = self.out, self.rng
        city = rng.choice(self.cities)
        year = rng.randint(1998, 2023)
        kind = rng.choice(("Summit", "Exercise", "Attack", "Operation", "Meeting"))
        if kind == "Attack" and not self.groups:
            kind = "Operation"
        io = rng.choice([self.io, *self.earlier_ios])
        pairs: list[tuple[str, str]] = [("kz:date", _year(year)), ("kz:place", city.iri)]
        if kind in ("Summit", "Meeting"):
            label = self.unique(f"{kind} of the {io.label} in {city.label}")
            quote = out.say(f"In {year}, the {label} was held with the {self.government.label}.")
            pairs += [("kz:organizer", io.iri), ("kz:participant", self.government.iri)]
        elif kind == "Exercise":
            label = self.unique(f"{self.word(2)}-Antiterror-{year}")
            first, second = self.any_body(), self.any_body()
            quote = out.say(
                f"The exercise “{label}” tested the {first.label} "
                f"and the {second.label} in {city.label}."
            )
            pairs += [("kz:participant", first.iri), ("kz:participant", second.iri)]
        elif kind == "Attack":
            group = rng.choice(self.groups)
            label = self.unique(f"Attack in {city.label} by the {group.label}")
            quote = out.say(f"In {year}, the {group.label} carried out an attack in {city.label}.")
            pairs += [("kz:participant", group.iri)]
        else:
            body = self.any_body()
            label = self.unique(f"Special operation of the {body.label} in {city.label}")
            quote = out.say(
                f"In {year}, the {body.label} conducted a special operation in {city.label}."
            )
            pairs += [("kz:organizer", body.iri)]
        pairs.append(("prov:wasDerivedFrom", self.source))
        self.entity("events.ttl", f"kz:{kind}", label, quote, pairs)
        self.out.facts += 1

    def statistic(self) -> None:
        """A figure reported by a body about a group, a law or the state."""
        out, rng = self.out, self.rng
        subject = rng.choice(self.groups or self.laws)
        reporter = self.any_body()
        unit = rng.choice(_STAT_UNITS)
        value = rng.randint(1, 5000)
        year = rng.randint(2000, 2023)
        label = self.unique(f"Figure on the {subject.label} reported by the {reporter.label}")
        quote = out.say(
            f"In {year}, the {reporter.label} reported {value} {unit} "
            f"concerning the {subject.label}."
        )
        self.entity(
            "events.ttl",
            "kz:Statistic",
            label,
            quote,
            [
                ("kz:statisticSubject", subject.iri),
                ("kz:reportedBy", reporter.iri),
                ("kz:value", str(value)),
                ("kz:unit", _literal(unit)),
                ("kz:date", _year(year)),
                ("prov:wasDerivedFrom", self.source),
            ],
        )
        self.out.facts += 1

    def fill(self) -> None:
        """Units of every kind, in realistic proportions, until the budget is spent."""
        rng = self.rng
        self.chain(6)
        self.banned_group()
        self.law_family()
        units = (
            (self.chain_unit, 3),
            (self.law_family, 14),
            (self.banned_group, 12),
            (self.association, 8),
            (self.person, 26),
            (self.event, 16),
            (self.statistic, 12),
        )
        makers = [maker for maker, _ in units]
        weights = [weight for _, weight in units]
        while self.left() > 0:
            maker = rng.choices(makers, weights)[0]
            if self.left() < 3:
                maker = self.person
            maker()

    def chain_unit(self) -> None:
        self.chain(self.rng.randint(3, 8))


# -- the whole graph ---------------------------------------------------------------------------


def _plan(entities: int) -> list[int]:
    """Entities per state: full blocks, the remainder its own state or added to the last."""
    full, rest = divmod(entities, BLOCK_ENTITIES)
    blocks = [BLOCK_ENTITIES] * full
    if rest >= MIN_ENTITIES or not blocks:
        blocks.append(rest)
    else:
        blocks[-1] += rest
    return blocks


def _full(iri: str) -> str:
    """``kzid:x`` as a full IRI."""
    return KZID + iri.removeprefix("kzid:")


def _probes(state: _State) -> Probes:
    """Questions about the first state's first (flagship) chain."""
    line, area, spans = state.chains[0]
    middle = len(line) // 2
    start, end = spans[middle]
    as_of_year = start + 1 if end is None else (start + end) // 2
    last = line[-1]
    typo_at = len(last.label) // 3
    return Probes(
        chain=[_full(b.iri) for b in line],
        area=KZ.NS + area,
        as_of=f"{as_of_year}-06-30",
        holder=_full(line[middle].iri),
        label=last.label,
        alias=last.alias,
        fuzzy=last.label[:typo_at] + last.label[typo_at + 1 :],
        state=_full(state.iri),
        ministry=_full(state.ministries[0].iri),
        international_organisation=_full(state.io.iri),
        law=_full(state.amended_laws[0].iri if state.amended_laws else state.laws[0].iri),
        group=_full(state.groups[0].iri),
        year=str(as_of_year),
    )


def generate(directory: Path, entities: int, seed: int = 0) -> GeneratedGraph:
    """Write a synthetic graph of exactly ``entities`` entities into ``directory``.

    The same ``entities`` and ``seed`` always give byte-identical files.  Writes the Turtle
    files, the synthetic source text (:func:`source_name`) and :data:`METADATA_FILE`; build it
    with ``build(graph.workspace(store))`` (the folder of the Turtle files is also its sources folder).
    """
    if entities < MIN_ENTITIES:
        raise KazkgError(f"--entities must be at least {MIN_ENTITIES} (got {entities})")
    directory.mkdir(parents=True, exist_ok=True)
    out = _Output()
    source_iri = f"kzid:synthetic-report-seed-{seed}"
    out.slugs.add(source_iri[5:])
    out.say(
        "Synthetic report on the state system of imaginary states, "
        f"generated by kazkg with seed {seed}."
    )
    states: list[_State] = []
    ios: list[_Body] = []
    for index, budget in enumerate(_plan(entities - 1)):  # the source document is one
        state = _State(out, random.Random(f"{seed}/{index}"), index, budget, source_iri, ios[-3:])
        state.core()
        state.fill()
        ios.append(state.io)
        states.append(state)

    text = "\n".join(out.sentences) + "\n"
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    out.write(
        "sources.ttl",
        source_iri,
        "kz:SourceDocument",
        [
            ("rdfs:label", _en(f"Synthetic report (seed {seed})")),
            ("dcterms:title", _en("Synthetic report on the state system of imaginary states")),
            ("dcterms:identifier", _literal(source_name(seed))),
            ("dcterms:format", _literal("text/plain; charset=utf-8")),
            ("kz:sha256", _literal(checksum)),
            ("kz:quote", _literal(out.sentences[0])),
            ("prov:wasDerivedFrom", source_iri),
        ],
    )
    out.entities += 1
    for name, blocks in out.files.items():
        (directory / name).write_text(_PREFIXES + "\n" + "\n".join(blocks), encoding="utf-8")
    (directory / source_name(seed)).write_text(text, encoding="utf-8")
    graph = GeneratedGraph(
        directory=directory,
        seed=seed,
        entities=out.entities,
        facts=out.facts,
        triples=out.triples,
        states=len(states),
        probes=_probes(states[0]),
    )
    (directory / METADATA_FILE).write_text(graph.to_json() + "\n", encoding="utf-8")
    return graph


__all__ = [
    "BLOCK_ENTITIES",
    "METADATA_FILE",
    "TURTLE_FILES",
    "GeneratedGraph",
    "Probes",
    "generate",
    "read_generated",
    "source_name",
]
