"""Entity identity for a run: every mention gets the key of the real thing it names.

For each entity an extractor found in a paper (its name and aliases are its forms):
1. a definition in the paper itself (`Low-Rank Adaptation (LoRA)`) settles it: the key of the expansion,
   and the paper votes for that expansion of the short form (`kg.resolve.votes`);
2. else a short form the corpus defines (`RL`) takes the expansion the votes give; an ambiguous one (`TTS`)
   takes the expansion whose words the paper uses, else stays on its own node (marked ambiguous later);
3. else the name's spelling class (`kg.resolve.keys.fold`: `ImageNetC`/`ImageNet-C`, `ViTs`/`ViT`,
   `BLEU score`/`BLEU`);
then the curation file's decisions apply (`kg.resolve.curation`), the shipped lexicon's type votes
settle the type when they are clear, and the name's own head noun and shape last (`kg.resolve.head_types`). An entity keeps as alias keys only the forms that resolve to it
without the paper's context, so no alias of one entity is another entity's key.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from kg.extractors.noise import is_complexity
from kg.models import Claim, Extraction, Paper
from kg.resolve.cases import SEPARATOR, is_case_key
from kg.resolve.claim_names import CLAIM_ROLE_TYPES, claim_only_entities
from kg.resolve.curation import Curation
from kg.resolve.cuts import cut_expansion, without_model_word
from kg.resolve.head_types import no_entity, settled_type
from kg.resolve.in_text import normalised_name, normalised_words, written_as_is
from kg.resolve.keys import (
    as_short_form,
    definition,
    entity_key,
    fold,
    is_short_form,
    is_short_like,
    score_base,
    second_short_form,
    short_key,
    strip_defined_short,
)
from kg.resolve.readings import CONTEXT_WORD, ReadingChoice
from kg.resolve.shapes import NameShapes
from kg.resolve.votes import Votes
from kg.stores.base import GraphStore

Pair = tuple[Paper, Extraction]

LEXICON_DIR = Path(__file__).resolve().parents[1] / "extractors" / "data" / "lexicon"
# The shipped lexicon's type votes decide a mention's type when at least this many papers voted and the
# first type holds this share of them; otherwise the mentions' own votes (the loader's tallies) decide.
TYPE_MIN_PAPERS = 5
TYPE_MIN_SHARE = 0.7
STORED_DEFINITIONS = """
MATCH (p:Paper)-[m:MENTIONS]->(e:Entity)
WHERE m.defines IS NOT NULL
RETURN p.id AS paper, m.defines AS short, m.expansion AS form, e.key AS key, e.type AS type"""

STORED_USES = """
MATCH (p:Paper)-[m:MENTIONS]->()
WHERE m.via IS NOT NULL OR m.defines IS NOT NULL
RETURN p.id AS paper, coalesce(m.via, m.defines) AS short"""

STORED_KEYS = """
MATCH (e:Entity)
RETURN e.key AS key, e.name AS name"""


@lru_cache(maxsize=1)
def shipped_lexicon() -> object | None:
    """The lexicon mined from unlabelled arXiv abstracts, when the package ships one."""
    import kg.extractors as extractors_package

    directory = Path(extractors_package.__file__).resolve().parent / "data" / "lexicon"
    if not (directory / "acronyms.tsv").exists():
        return None
    from kg.extractors.mining.lexicon import Lexicon

    return Lexicon.read(directory)


class EntityResolver(ReadingChoice):
    """Resolves the entities of (paper, extraction) pairs; one per ingest (it keeps the run's votes)."""

    def __init__(self, store: GraphStore | None = None, curation: Curation | None = None,
                 lexicon: object | None = None, use_lexicon: bool = True):
        self.curation = curation or Curation()
        self.votes = Votes(forced_ambiguous=set(self.curation.split_expansion))
        self.lexicon = lexicon if lexicon is not None else (shipped_lexicon() if use_lexicon else None)
        # paper -> the (short key, outcome) pairs it relied on; tuples and plain dicts of strings, which the
        # garbage collector leaves alone (a set or a Counter per paper made its full passes a quarter of the stage)
        self.paper_uses: dict[str, tuple[tuple[str, str], ...]] = {}
        self.key_types: dict[str, dict[str, int]] = {}  # an expansion's key -> its defining mentions' types
        self.by_fold: dict[str, str] = {}  # spelling class -> its key (the first spelling seen, or the lexicon's)
        # What depends on a name and the shipped lexicon only, computed once per name (a corpus repeats its
        # names: at 10k abstracts these lookups were a third of the stage).
        self._score_bases: dict[str, str] = {}
        self._lexicon_types: dict[tuple[str, str], str | None] = {}
        self._own_keys: dict[str, str] = {}
        self._form_parts: dict[str, tuple[str, str, str]] = {}  # `form_key`: a form's short key, name, class
        self._presented: dict[str, None] = {}  # forms whose reading `votes.add_present` has had
        self.shapes = NameShapes(self.lexicon)
        self.meaning = self.shapes.meaning  # a short form inside an expansion read out (`mean IoU`)
        if self.lexicon is not None:
            for row in self.lexicon.acronyms:  # type: ignore[attr-defined]
                self.votes.add_base(short_key(row.short), self.meaning(row.expansion), row.expansion, row.papers,
                                    row.short_papers)
        if store is not None:
            self._load_stored(store)

    def _load_stored(self, store: GraphStore) -> None:
        for row in store.query(STORED_KEYS).records():
            if row["key"] and "@" not in row["key"] and not is_case_key(row["key"]):
                for name in (row["key"], row["name"]):
                    if name and not is_short_form(name):
                        self.by_fold.setdefault(fold(name), row["key"])
                        self.votes.add_present(self.meaning(name))
        per_paper: dict[str, list[tuple[str, str, str]]] = {}
        for row in store.query(STORED_DEFINITIONS).records():
            if row["type"]:
                tally = self.key_types.setdefault(row["key"], {})
                tally[row["type"]] = tally.get(row["type"], 0) + 1
            if row["form"]:
                per_paper.setdefault(row["paper"], []).append((row["short"], self.meaning(row["form"]), row["form"]))
        uses: dict[str, set[str]] = {}
        for row in store.query(STORED_USES).records():
            uses.setdefault(row["paper"], set()).add(row["short"])
        self.votes.load(per_paper, uses)
        self.votes.cases.load_stored(store)
        self.votes.used.clear()  # the stored papers were resolved with these votes

    # -- keys -----------------------------------------------------------------------------------------

    def class_key(self, name: str, register: bool = True) -> str:
        """The key of a name's spelling class: the one it already has, else the lexicon's most common
        spelling, else the name's own `entity_key`."""
        name = self.score_base(name)
        folded = fold(name)
        key = self.by_fold.get(folded)
        if key is None:
            spelled_out = self.spelled_out(name)
            if spelled_out is not None:  # `long CoT` is long chain-of-thought, `offline RL` offline reinforcement learning
                key = self.class_key(spelled_out, register)
                if register and key:
                    self.by_fold[folded] = key
                return key
            key = self._own_key(name, folded)
            if register and key:
                self.by_fold[folded] = key
        return key

    def _own_key(self, name: str, folded: str) -> str:
        """A name's key when its class has none yet: the lexicon's most common spelling's, else its own."""
        found = self._own_keys.get(name)
        if found is None:
            found = entity_key(name)
            if self.lexicon is not None:
                spellings = self.lexicon.surfaces(name)  # type: ignore[attr-defined]
                if spellings and fold(spellings[0][0]) == folded:
                    found = entity_key(spellings[0][0]) or found
            self._own_keys[name] = found
        return found

    def spelled_out(self, name: str) -> str | None:
        """A phrase of lowercase words and one short form the votes read one way, with that reading written
        out (`long CoT` -> `long chain-of-thought`); else None. A capitalised word makes it a name (`MT Bench`)."""
        words = name.split()
        if len(words) < 2:
            return None
        shorts = [i for i, w in enumerate(words) if is_short_like(w)]
        if len(shorts) != 1 or not all(w.islower() for i, w in enumerate(words) if i != shorts[0]):
            return None
        found = self.votes.outcome(short_key(words[shorts[0]]))
        if found[:1] != ("=",):
            return None
        words[shorts[0]] = self.votes.surfaces.get(found[1], found[1])
        return " ".join(words)

    def score_base(self, name: str) -> str:
        """`X score` as `X` when X is a metric (the lexicon's type votes; a short form when they are silent);
        then the name shapes of `kg.resolve.shapes` (`OpenAI o1` -> `o1`, `X prompting` -> X for a method)."""
        found = self._score_bases.get(name)
        if found is None:
            found = self.shapes.base_name(score_base(name, self._lexicon_type), self._lexicon_type)
            self._score_bases[name] = found
        return found

    def _lexicon_type(self, name: str) -> str | None:
        votes = self.lexicon.type_votes(name) if self.lexicon is not None else {}  # type: ignore[attr-defined]
        return max(sorted(votes), key=lambda t: votes[t]) if votes else None

    def _expansion_key(self, expansion_meaning: str, register: bool = True) -> str:
        """The key of an expansion: that of the first spelling seen of its meaning (less a trailing `Model`
        the corpus's expansion does not have: `kg.resolve.cuts.without_model_word`)."""
        spelling = self.votes.surfaces.get(expansion_meaning, expansion_meaning)
        return self.class_key(without_model_word(self.lexicon, spelling), register)

    def form_key(self, form: str) -> str:
        """Where a form resolves with no paper to tell: an ambiguous short form to its own node."""
        parts = self._form_parts.get(form)
        if parts is None:  # what depends on the name only: its short form's key, the name, its spelling class
            name = as_short_form(self.score_base(form))
            parts = self._form_parts[form] = (short_key(name) if is_short_like(name) else "", name,
                                              fold(self.score_base(name)))
        short, name, folded = parts
        if short:
            found = self.votes.outcome(short)
            if found[:1] == ("=",):
                return self.curation.final(self._expansion_key(found[1], register=False))
        key = self.by_fold.get(folded)  # `class_key`'s first step, the usual answer
        return self.curation.final(key if key is not None else self.class_key(name, register=False))

    def _type(self, key: str, name: str, etype: str, forms: list[str]) -> str:
        voted = self._lexicon_type_of(name, key)
        if voted is not None:
            etype = voted
        if etype == "Model" and all(" " in form and not any(c.isupper() or c.isdigit() for c in form)
                                    for form in forms):
            etype = "Method"  # a model is a named artefact; `latent diffusion`, `logistic regression` are methods
        return self.curation.retypes.get(key, etype)

    def _lexicon_type_of(self, name: str, key: str) -> str | None:
        """The type the shipped lexicon's type votes give the name (else its key) when they are clear."""
        if self.lexicon is None:
            return None
        if (name, key) in self._lexicon_types:
            return self._lexicon_types[(name, key)]
        votes = self.lexicon.type_votes(name) or self.lexicon.type_votes(key)  # type: ignore[attr-defined]
        total = sum(votes.values())
        voted = None
        if total >= TYPE_MIN_PAPERS:
            best = max(sorted(votes), key=lambda t: votes[t])
            if votes[best] >= TYPE_MIN_SHARE * total:
                voted = best
        self._lexicon_types[(name, key)] = voted
        return voted

    # -- papers ---------------------------------------------------------------------------------------

    def resolve(self, pairs: Iterable[Pair]) -> Iterator[Pair]:
        for paper, extraction in pairs:
            yield paper, self.resolve_one(paper, extraction)

    def resolve_one(self, paper: Paper, extraction: Extraction) -> Extraction:
        entities = list(extraction.entities) + claim_only_entities(extraction)
        # Big-O notation (`O(1)`) is a cost, never a name, whichever extractor gave it: its key is a model's (`o1`).
        gone = {e.name for e in entities if is_complexity(e.name)}  # names that settle as no entity: claims lose them
        text: str | None = None
        raw = ""
        found = []
        presented = self._presented
        for e in entities:
            if e.name in gone:
                continue
            forms = [e.name]
            for alias in e.aliases:
                if is_complexity(alias):
                    continue
                # An alias the paper does not write (an extractor may add a known expansion from a list) is no
                # evidence of what this paper means.
                if (" " in alias.strip() or "-" in alias) and not written_as_is(alias, raw := raw or (
                        f"{paper.title} \n {paper.abstract}".casefold())):
                    if text is None:
                        text = normalised_words(f"{paper.title} \n {paper.abstract}")
                    if normalised_name(alias) not in text:
                        continue
                forms.append(alias)
            # one form defines nothing (a definition needs a short form and a longer one): no memo entry for it;
            # the name as resolved (`BLEU score` is `BLEU`) and as a short form (`macro F1` is `macro-F1`)
            name = self.score_base(e.name)
            found.append((e, forms, definition(tuple(forms)) if len(forms) > 1 else None, name, as_short_form(name)))
            for form in forms:  # the lexicon's reading of a short form counts once its entity is here
                if form not in presented:  # a form seen before: its reading is present already
                    presented[form] = None
                    if not is_short_like(form):
                        self.votes.add_present(self.meaning(form))
        own: dict[str, tuple[str, str]] = {}  # short key -> (expansion fold, as written) in this paper
        for _, _, defined, _, _ in found:
            if defined:
                own.setdefault(short_key(defined[0]), (self.meaning(defined[1]), defined[1]))
        self.votes.set_paper(paper.id, [(s, f, w) for s, (f, w) in own.items()])
        self.votes.set_uses(paper.id, [*own, *(short_key(n) for _, _, _, _, n in found if is_short_like(n))])
        words: set[str] | None = None
        resolved = []
        spellings = []  # (short key, spelling, type, proposed) of the short forms the votes read no way (cases)
        renamed: dict[str, str] = {}
        for entity, forms, defined, name, spelled in found:
            defines = expansion = via = None
            outcome: str | None = None
            written = name  # a form that leads here, should none of the paper's
            if is_short_like(spelled) and not defined:  # `AUC-ROC (AUROC)`: the short form the corpus reads
                spelled = self._read_short_form(spelled, forms)
            if defined:
                short, long = defined
                name = strip_defined_short(entity.name, short)
                forms = [strip_defined_short(f, short) for f in forms]
                defines, expansion = short_key(short), long
                key = self._expansion_key(self.meaning(long))  # one key per meaning (`low-rank adaptor` too)
                outcome = self.votes.said(defines, self.votes.use(defines))
            elif is_short_like(spelled) and short_key(spelled) in own:
                defines, expansion = short_key(spelled), own[short_key(spelled)][1]
                key = self._expansion_key(own[short_key(spelled)][0])
                outcome = self.votes.said(defines, self.votes.use(defines))
            elif is_short_like(spelled):
                via = short_key(spelled)
                said = self.votes.use(via)
                outcome = self.votes.said(via, said)
                if not said:  # a name in its own right: a spelling its papers type apart keeps its own node (cases)
                    key = self.votes.cases.key(via, name, self.class_key(name))
                elif said[0] == "=":
                    chosen = said[1]
                    readings = self.votes.readings(via)
                    if len(readings) > 1:  # a rarer reading the paper's own words point to (`MT`: mean teacher)
                        if words is None:
                            words = set(CONTEXT_WORD.findall(f"{paper.title} {paper.abstract}".casefold()))
                        chosen = self._by_context(tuple(readings), words) or said[1]
                    key = self._expansion_key(chosen)
                    written = self.votes.surfaces.get(chosen, name)
                else:
                    if words is None:
                        words = set(CONTEXT_WORD.findall(f"{paper.title} {paper.abstract}".casefold()))
                    picked = self._by_context(said[1:], words) or self._by_type(said[1:], entity.type,
                                                                                   self.votes.tally(via))
                    key = self._expansion_key(picked) if picked else self.class_key(name)
                    if picked:
                        written = self.votes.surfaces.get(picked, name)
            elif full := cut_expansion(self.lexicon, name):  # `Group Relative Policy`, its last word cut
                key, written = self._expansion_key(self.meaning(full)), full
            else:
                key = self.class_key(name)
            key = self.curation.final(key)
            etype = self._type(key, name, entity.type, [entity.name, *forms])
            key, etype = self.curation.apply(key, etype, paper.id)
            retyped = key in self.curation.retypes
            etype = etype if retyped else settled_type(name, etype)  # its head noun, a generic name (head_types)
            if defines:  # what type a short form's readings are, for a later mention that only has its type
                tally = self.key_types.setdefault(key, {})
                tally[etype] = tally.get(etype, 0) + 1
            bare = key.split("@", 1)[0]
            # Only forms that lead here without the paper's context stay: an ambiguous `TTS`, or `inference
            # cost` given as an alias of `training cost`, would make this entity answer for another one.
            leading = [f for f in dict.fromkeys(forms) if entity_key(f) and self.form_key(f) == bare]
            if leading and name not in leading:
                name = max(leading, key=len)  # `text-to-speech`, not an ambiguous `TTS`
            if not leading and self.form_key(written) == bare:
                name, leading = written, [written]
            etype = etype if retyped else settled_type(name, etype)  # the name kept may be another form
            if not retyped and no_entity(name, etype, bool(entity.proposed), expansion or written,
                                           (entity.name, *leading, *(defined or ())[:1])):  # `X disease`, read from a short form
                gone.add(entity.name)
                continue
            forms = leading or [name]
            form_keys = sorted({entity_key(f) for f in leading})
            if "@" in key:
                form_keys = []  # split by paper: no spelling leads to one paper's node
            if name != entity.name:
                renamed[entity.name] = name
            # Set in place: the extraction is this run's own, the values are checked already, and building
            # a new model (validated or not) would cost a third of this stage.
            entity.__dict__.update({
                "name": name, "aliases": [f for f in dict.fromkeys(forms) if f != name],
                "key": key, "type": etype, "form_keys": form_keys, "defines": defines, "expansion": expansion,
                "via": via, "outcome": outcome})
            resolved.append(entity)
            if via and (not outcome or outcome.startswith(SEPARATOR)):
                spellings.append((via, name, etype, bool(entity.proposed)))
        self.votes.cases.set_paper(paper.id, spellings)
        uses = tuple(dict.fromkeys((str(e.via or e.defines), e.outcome or "") for e in resolved if e.via or e.defines))
        if uses:
            self.paper_uses[paper.id] = uses
        else:
            self.paper_uses.pop(paper.id, None)
        claims = extraction.claims
        if renamed or gone:  # claims name entities as the extractor wrote them
            claims = [c.model_copy(update={role: None if getattr(c, role) in gone
                                           else renamed.get(getattr(c, role), getattr(c, role))
                                           for role, _ in CLAIM_ROLE_TYPES}) for c in claims]
        return extraction.model_copy(update={"entities": resolved, "claims": claims})

    def _read_short_form(self, short: str, forms: list[str]) -> str:
        """Two short forms of one thing (`AUC-ROC`, `AUROC`): the first the votes read, when the name is none.
        Not a name with a word in it (`SimpleMind`), nor one that holds the other (`BLEU-4` is no `BLEU`)."""
        if self.votes.outcome(short_key(short)):
            return short
        for form in forms:
            if form != short and is_short_like(form) and second_short_form(short, form) \
                    and self.votes.outcome(short_key(form)):
                return form
        return short

    def stale_papers(self) -> list[str]:
        """Papers this resolver resolved with votes that say otherwise now (what `finish` finds in the graph,
        known before the graph is written)."""
        now: dict[str, str] = {}  # short key -> its outcome now, as a mention keeps it (`votes.stale`), once each
        for uses in self.paper_uses.values():
            for short, _ in uses:
                if short not in now:
                    now[short] = self.votes.said(short, self.votes.outcome(short))
        return [paper_id for paper_id, uses in self.paper_uses.items()
                if any(outcome != now[short] for short, outcome in uses)]

    def forget(self, paper_ids: Iterable[str]) -> None:
        for paper_id in paper_ids:
            self.paper_uses.pop(paper_id, None)


__all__ = ["Claim", "EntityResolver", "LEXICON_DIR", "shipped_lexicon"]
