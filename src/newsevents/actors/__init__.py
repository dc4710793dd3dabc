"""Who an actor is: country and sector codes from what the text says.

An actor phrase is coded from its parts: a name in the dictionary ("Russia", "the Kremlin",
"the OPCW"), nationality adjectives and possessives ("Russian", "Syria's"), and the role
word at its head ("troops" -> MIL, "foreign minister" -> GOV). People are resolved within
the article: "Secretary of State John Kerry" is a US government actor, and so is every
later "Kerry".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from spacy.tokens import Span, Token

from newsevents.actors.dictionary import (
    PERSON_ROLES,
    ROLE_SECTORS,
    UNNAMED_BODIES,
    UNNAMED_PEOPLE,
    ActorDictionary,
    ActorEntry,
    default_dictionary,
)
from newsevents.actors.phrase import (
    _BACKING,
    _HOLDING,
    _PLACE_NOUNS,
    _STATE_SECTORS,
    GENERIC_HEADS,
    QUANTITIES,
    ROLE_PREPOSITIONS,
    RolePhrase,
    _singular,
    _span_actor,
    _strip,
    _unnamed,
    code_of,
    holder_sector,
    is_pronoun,
    is_proper_name,
    is_subject,
    modified_sector,
    objects_of,
    role_phrase,
)
from newsevents.actors.whoswho import WhosWho, default_whoswho
from newsevents.nlp import entity_of
from newsevents.records import Actor

__all__ = ["ActorDictionary", "ActorEntry", "ArticleActors", "default_dictionary", "ROLE_SECTORS"]


@dataclass
class ArticleActors:
    """Resolves the actor phrases of one article, remembering the people it names."""

    dictionary: ActorDictionary = field(default_factory=default_dictionary)
    home_country: str | None = None  # the dateline's country: whose "government" an unqualified one is
    day: date | None = None  # the article's date: which office a person the article does not introduce held
    whoswho: WhosWho | None = field(default_factory=default_whoswho)  # dated office-holders (None: not used)
    focus_country: str | None = None  # the country the article talks about most
    people: dict[str, ActorEntry] = field(default_factory=dict)
    roles_seen: dict[str, Actor] = field(default_factory=dict)
    _unnamed_roles: list[tuple[int, Actor]] = field(default_factory=list)  # people introduced by role only
    _resolved: dict = field(default_factory=dict)  # phrase heads already resolved in this article

    # -- dictionary lookups ------------------------------------------------------------------

    def lookup_span(self, span: Span) -> tuple[Span, ActorEntry] | None:
        """The longest dictionary phrase inside `span` (with its sub-span)."""
        span = _strip(span)
        n = len(span)
        for length in range(min(n, self.dictionary.longest + 1), 0, -1):
            for i in range(n - length, -1, -1):
                sub = span[i : i + length]
                entry = self.dictionary.lookup(sub.text)
                if entry is not None:
                    return sub, entry
        return None

    def country_of_modifier(self, token: Token) -> str | None:
        """The country a modifier names: "Russian", "U.S.", "Syria's", "French"."""
        ent = entity_of(token)
        if ent is not None and ent.label_ in ("GPE", "NORP") and len(ent) > 1:
            # "North Korea" is not "Korea": a multi-word name is looked up whole.
            found = self.lookup_span(ent)
            if found and found[1].kind in ("country", "capital") and found[0].start <= token.i < found[0].end:
                return found[1].country
            iso3 = self.dictionary.adjective(_strip(ent).text)
            if iso3:
                return iso3
        iso3 = self.dictionary.adjective(token.text)
        if iso3:
            return iso3
        entry = self.dictionary.lookup(token.text)
        if entry is not None and entry.country and entry.kind in ("country", "capital"):
            return entry.country
        return None

    # -- people ------------------------------------------------------------------------------

    def register_people(self, sentences: list[tuple[int, int, Span]]) -> None:
        """First pass over the article: who each named person is, from titles and appositions,
        and which country the article talks about most."""
        mentions: Counter = Counter()
        for _, _, sent in sentences:
            for token in sent:
                if token.text[:1].isupper():
                    iso3 = self.country_of_modifier(token)
                    if iso3:
                        mentions[iso3] += 1
        if mentions:
            self.focus_country = mentions.most_common(1)[0][0]
        for index, offset, sent in sentences:
            for ent in sent.ents:
                if ent.label_ in ("PERSON", "ORG"):
                    self._register_person(ent, index)
            self._note_unnamed_role(index, offset, sent)
        self._resolved.clear()  # resolutions made while people were still being met may be stale

    def _register_person(self, ent: Span, index: int) -> None:
        """Remember who a name is, the first time the article gives it."""
        # A name the who's-who knows is a person whatever the tagger said ("Lavrov" as an ORG).
        known = self._known(ent) if not self.lookup_span(ent) else None
        if ent.label_ == "ORG" and known is None and (self.lookup_span(ent) or not is_proper_name(ent)):
            return
        if self.dictionary.lookup(ent[-1].text) is not None or self.dictionary.lookup(ent.text) is not None:
            return  # "Sri Lanka" tagged a person; "Lavrov Washington" a name run into a place
        if ent.text.lower() in self.people or self._surname_entry(ent) is not None:
            return
        entry = self._person_entry(ent, index, known)
        if entry is None and ent.label_ == "ORG":
            return
        entry = entry or ActorEntry("", None, None, ent.text, "person")
        self.people[ent.text.lower()] = entry
        # Later mentions use one part of the name: the surname, or in family-name-first
        # names the first part ("President Kang Min-jae ... Kang").
        for part in (ent[-1].text.lower(), ent[0].text.lower()):
            if len(part) > 2:
                self.people.setdefault(part, entry)

    def _person_entry(self, ent: Span, index: int, known: ActorEntry | None) -> ActorEntry | None:
        """Who a person newly named is: a title that names the country says; else the who's-who,
        for the article's date; else the title with the country the article is about; else
        a role just met with no name ("France's foreign minister said ... Le Drian")."""
        # The calls keep this order: a title may take a role met with no name (_take_unnamed_role).
        titled = self._titled(ent, guess=False)
        if titled is not None and titled.country:
            entry: ActorEntry | None = titled
        elif known is not None:
            entry = self._in_office(ent, known)
        else:
            entry = self._titled(ent)
        self._unnamed_roles = [(at, role) for at, role in self._unnamed_roles if index - at <= 2]
        if entry is None and is_subject(ent) and self._unnamed_roles:
            _, role_actor = self._unnamed_roles.pop(0)
            entry = ActorEntry(role_actor.code or "", role_actor.country, role_actor.sector, ent.text, "person")
        return entry

    def _in_office(self, ent: Span, known: ActorEntry) -> ActorEntry:
        """A person the who's-who knows, in the office the title says, where there is one
        ("Secretary of State John Kerry" in a text of no date: not his latest period, as a
        former official)."""
        title = self._titled(ent)
        sector = title.sector if title is not None and title.sector and known.sector in ("ELI", None) else known.sector
        return ActorEntry(code_of(known.country, sector) or known.code, known.country, sector, ent.text, "person")

    def _note_unnamed_role(self, index: int, offset: int, sent: Span) -> None:
        """Remember definite person roles with no name ("France's foreign minister said",
        "spoke with South Korea's president"), which a name in the next sentences may take."""
        for token in sent:
            if token.lemma_.lower() not in PERSON_ROLES or token.tag_ in ("NNS", "NNPS"):
                continue
            if token.dep_ not in ("nsubj", "pobj", "dobj", "conj"):
                continue
            if any(t.ent_type_ == "PERSON" for t in token.subtree) or any(
                c.lower_ in ("a", "an") for c in token.children
            ):
                continue
            # Only a role the text gives a country ("France's foreign minister") introduces
            # someone new; "the official", "the Secretary" point back to people already met.
            if not any(self.country_of_modifier(t) for c in token.lefts for t in c.subtree):
                continue
            actors = self._role_actors(token, offset)
            if len(actors) == 1 and actors[0].country:
                self._unnamed_roles.append((index, actors[0]))

    def _known(self, ent: Span) -> ActorEntry | None:
        """The who's-who's entry for a person's name on the article's date."""
        return self.whoswho.lookup(_strip(ent).text, self.day) if self.whoswho is not None else None

    def _surname_entry(self, ent: Span) -> ActorEntry | None:
        entry = self.people.get(ent.text.lower()) or self.people.get(ent[-1].text.lower())
        return entry if entry and entry.code else None

    def _titled(self, ent: Span, guess: bool = True) -> ActorEntry | None:
        """The actor a person's title, nationality or apposition makes them (without `guess`,
        only when they also say the country)."""
        root = ent.root
        modifiers = [t for t in root.subtree if t.i < ent.start]
        appositions = [c for c in root.children if c.dep_ == "appos"]
        if root.dep_ == "appos":
            appositions.append(root.head)
        candidates = []
        if modifiers:
            candidates.append(modifiers)
        for appos in appositions:
            candidates.append([t for t in appos.subtree if not (ent.start <= t.i < ent.end)])
        for tokens in candidates:
            entry = self._title_entry(tokens, ent.text, guess)
            if entry is not None:
                return entry
        return None

    def _title_entry(self, tokens: list[Token], name: str, guess: bool = True) -> ActorEntry | None:
        sector = country = None
        for token in tokens:
            word = token.lemma_.lower()
            if word in ROLE_SECTORS and (token.pos_ in ("NOUN", "PROPN") or token.text[:1].isupper()):
                sector = ROLE_SECTORS[word]  # the last role word, nearest the name, wins
            iso3 = self.country_of_modifier(token)
            if iso3 and (country is None or token.dep_ == "poss"):
                country = iso3
        org = self._title_org(tokens)
        if org is not None and country is None:
            return ActorEntry(org.code, org.country, org.sector or sector, name, "person")
        if sector is None:
            return None
        if country is None:
            country = self._take_unnamed_role(tokens)
        if country is None and not guess:
            return None
        if country is None:
            country = (self.home_country or self.focus_country) if sector in _STATE_SECTORS else self.focus_country
        return ActorEntry(code_of(country, sector) or "", country, sector, name, "person")

    def _title_org(self, tokens: list[Token]) -> ActorEntry | None:
        """The institution or organization a title names ("OPCW Director-General")."""
        if not tokens:
            return None
        found = self.lookup_span(tokens[0].doc[tokens[0].i : tokens[-1].i + 1])
        return found[1] if found and found[1].kind in ("institution", "organization") else None

    def _take_unnamed_role(self, tokens: list[Token]) -> str | None:
        """The country of a role met with no name that these title words name again ("South
        Korea's president ... President Kang"); the role is taken."""
        roles = {t.lemma_.lower() for t in tokens}
        for i, (_, role) in enumerate(self._unnamed_roles):
            if role.text.split()[-1].lower() in roles or any(
                r in role.text.lower() for r in roles if r in PERSON_ROLES
            ):
                del self._unnamed_roles[i]
                return role.country
        return None

    def person(self, ent: Span, offset: int) -> Actor | None:
        entry = self.people.get(ent.text.lower()) or self.people.get(ent[-1].text.lower())
        if entry is None or not entry.code:
            return None
        return _span_actor(ent, offset, entry)

    # -- actor phrases -----------------------------------------------------------------------

    def actors(self, head: Token, offset: int) -> list[Actor]:
        """The actors a noun phrase with this head stands for (several for "Russian and Syrian warplanes")."""
        key = (id(head.doc), head.i)
        if key not in self._resolved:
            self._resolved[key] = (head.doc, self._actors(head, offset))  # the doc is kept so its id stays its own
        return self._resolved[key][1]

    def _actors(self, head: Token, offset: int) -> list[Actor]:
        if is_pronoun(head):
            return []
        members = [
            o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"
        ]
        if members and (head.lemma_.lower() in QUANTITIES or head.pos_ == "NUM"):
            # "thousands of workers", "seven of the assailants", "a group of Yoruba leaders"
            return [a for m in members for a in self.actors(m, offset)]
        ent = entity_of(head)
        person = self._person_named(head, ent, offset)
        if person is not None:
            return [person]
        # A name: the entity around the head, or the compound words ending at it ("State Department").
        left = min([head.i] + [t.i for c in head.lefts if c.dep_ in ("compound", "amod", "nmod") for t in c.subtree])
        span = ent if ent is not None and ent.label_ != "PERSON" else head.doc[left : head.i + 1]
        found = self.lookup_span(span)
        if found is None and ent is not None:
            found = self.lookup_span(head.doc[left : head.i + 1])
        if found is not None and head.lemma_.lower() not in ROLE_SECTORS:
            return [_span_actor(found[0], offset, found[1])]
        actors = self._role_actors(head, offset, named=found)
        if not actors and ent is not None and ent.label_ in ("ORG", "PERSON") and head.pos_ == "PROPN":
            # A body or person of no table ("Endesa", "the Alliance of Sahel States"): an actor
            # all the same, whose country the coder takes from where it acts.
            return [_unnamed(_strip(ent), offset, "person" if ent.label_ == "PERSON" else "role")]
        return actors

    def _person_named(self, head: Token, ent: Span | None, offset: int) -> Actor | None:
        """The person (or the country or body the tagger took for one) a name at the head stands for."""
        known = self.people.get(head.lower_)
        if ent is None and head.pos_ == "PROPN" and known is not None and known.code:
            return _span_actor([head], offset, known)  # a name met before, untagged here ("Morita")
        if ent is None or ent.label_ not in ("PERSON", "ORG"):
            return None
        actor = self.person(ent, offset)
        if actor:
            return actor
        named = self.dictionary.lookup(_strip(ent).text)
        if named is not None:  # a country or body the tagger took for a person
            return _span_actor(_strip(ent), offset, named)
        if ent.label_ == "PERSON" and self.people.get(ent.text.lower()) is not None:
            return _unnamed(ent, offset, "person")  # a person the article never says anything about
        return None

    def _role_actors(self, head: Token, offset: int, named: tuple[Span, ActorEntry] | None = None) -> list[Actor]:
        """Actors named by role ("Russian troops", "Syria's foreign minister", "the police")."""
        role = self._role_phrase(head, offset)
        first = min([head.i] + [t.i for c in head.lefts if c.dep_ not in ("det", "predet", "punct") for t in c.subtree])
        tokens = head.doc[first : head.i + 1]
        org = named if named is not None and named[1].kind in ("institution", "organization", "group") else None
        if role.sector is None:
            if org is not None:
                return [_span_actor(org[0], offset, org[1])]
            return self._sectorless_actors(head, role, tokens, offset)
        if not role.countries and org is not None:
            span, entry = org
            return [
                _span_actor(
                    [*span, head] if head.i >= span.end else span,
                    offset,
                    ActorEntry(entry.code, entry.country, entry.sector or role.sector, entry.name, entry.kind),
                )
            ]
        countries: Sequence[str | None] = role.countries or self._default_countries(head, role.word, role.sector)
        if role.sector == "NGO":  # an aid agency belongs to no country
            return [_span_actor(tokens, offset, ActorEntry("NGO", "NGO", None, tokens.text, "role"))]
        actors = [
            _span_actor(tokens, offset, ActorEntry(code_of(c, role.sector) or "", c, role.sector, tokens.text, "role"))
            for c in (countries or [None])
        ]
        if actors and actors[0].country and len(actors) == 1:
            self.roles_seen[role.word] = actors[0]
        return actors

    def _role_phrase(self, head: Token, offset: int) -> RolePhrase:
        """The role word at the head, and the sector and countries the phrase gives it."""
        role = role_phrase(head)
        for child in head.lefts:
            self._read_modifier(role, child, head)
        if role.sector is None and role.word in _PLACE_NOUNS:
            role.sector = role.holder_sector
        if role.sector is None and role.word in GENERIC_HEADS:
            self._read_members_of(role, head, offset)
        # "the president of France", "militants in Gaza", "a spokesman for Mali's government"
        # (only for roles: "charged with treason in Minsk" does not make treason Belarusian)
        for pobj in objects_of(head, ROLE_PREPOSITIONS if role.sector is not None else ("of",)):
            left = min([pobj.i] + [c.i for c in pobj.lefts if c.dep_ == "compound"])
            if left < pobj.i:  # "Ivory Coast"
                role.add_country(self._country_named(pobj.doc[left : pobj.i + 1]))
            for token in [pobj, *pobj.conjuncts, *(c for c in pobj.lefts if c.dep_ in ("poss", "amod", "compound"))]:
                role.add_country(self.country_of_modifier(token))
        return role

    def _read_modifier(self, role: RolePhrase, child: Token, head: Token) -> None:
        """What a word before the head adds to a role phrase: a sector, a country, a holder."""
        if child.dep_ in ("det", "predet", "nummod", "punct", "case"):
            return
        words = {t.lower_ for t in child.subtree} | {t.lemma_.lower() for t in child.subtree}
        if words & _HOLDING:  # "rebel-held": held by, not being, rebels
            role.holder_sector = holder_sector(child) or role.holder_sector
            return
        if words & _BACKING:  # "Russian-backed": the backer, not the actor
            return
        role.sector = modified_sector(child, head, role)
        whole = self._country_of_name(child)  # "South Sudan's", "New Zealand's"
        if whole is not None:
            role.add_country(whole)
            return
        for token in [*child.subtree, *child.conjuncts]:
            role.add_country(self.country_of_modifier(token))

    def _read_members_of(self, role: RolePhrase, head: Token, offset: int) -> None:
        """The sector and countries a generic head takes from what it is part of ("members of
        parliament", "leaders of the opposition", "supporters of the ruling party")."""
        for pobj in objects_of(head):
            inner = self.actors(pobj, offset)
            if inner:
                role.sector = inner[0].sector or role.sector
                role.countries += [a.country for a in inner if a.country and a.country not in role.countries]
            elif ROLE_SECTORS.get(pobj.lemma_.lower()):
                role.sector = ROLE_SECTORS[pobj.lemma_.lower()]

    def _sectorless_actors(self, head: Token, role: RolePhrase, tokens: Span, offset: int) -> list[Actor]:
        """The actors of a phrase whose head is no role word: whose it is, its country, or an
        unnamed group of people."""
        owners = [a for pobj in objects_of(head) for a in self.actors(pobj, offset) if a.sector]
        if owners and head.pos_ == "NOUN":
            return owners  # "the residence of the Somali defence minister": the minister's
        if role.countries and head.pos_ == "NOUN":
            # "the Philippine boat", "Iran's oil sector": the country, no sector.
            return [_span_actor(tokens, offset, ActorEntry(c, c, None, tokens.text, "role")) for c in role.countries]
        if _singular(head.lower_) in UNNAMED_PEOPLE or role.word in UNNAMED_PEOPLE:
            # "unidentified persons", "armed men": an actor all the same, its country (and
            # code) to be known from where it acted.
            return [_unnamed(tokens, offset, "role")]
        if _singular(head.lower_) in UNNAMED_BODIES or role.word in UNNAMED_BODIES:
            return [_unnamed(tokens, offset, "unknown")]  # "several environment groups": of no known country
        return []

    def _country_named(self, span: Span) -> str | None:
        """The country (or capital's country) a dictionary name in `span` stands for."""
        found = self.lookup_span(span)
        if found is not None and found[1].country and found[1].kind in ("country", "capital"):
            return found[1].country
        return None

    def _country_of_name(self, modifier: Token) -> str | None:
        """The country a several-word name before a role names ("South Sudan's government")."""
        words = [t for t in modifier.subtree if t.dep_ != "case" and t.text != "'s"]
        if len(words) < 2 or not all(t.text[:1].isupper() for t in words):
            return None
        found = self.lookup_span(modifier.doc[words[0].i : words[-1].i + 1])
        if (
            found is not None
            and found[1].country
            and found[1].kind in ("country", "capital")
            and found[0].end - found[0].start == len(words)
        ):
            return found[1].country
        return None

    def _default_countries(self, head: Token, word: str, sector: str) -> list[str]:
        """The country of a role word the phrase does not qualify ("the police", "opposition leaders").

        A definite role seen before keeps its country ("a U.S. official ... the official");
        a state role (government, army, police, courts) is the dateline country's. Other
        groups (opposition, civilians, rebels) are left to the coder, which places them where
        the event happened or, failing that, in the country the article is about.
        """
        indefinite = any(c.lower_ in ("a", "an", "some", "other", "another") for c in head.lefts)
        earlier = self.roles_seen.get(word)
        if earlier is not None and earlier.country and any(c.lower_ in ("the", "this", "that") for c in head.lefts):
            return [earlier.country]
        if sector in _STATE_SECTORS:
            return [self.home_country] if self.home_country and not indefinite else []
        return []  # groups outside the state take the country of where they are (the coder knows)
