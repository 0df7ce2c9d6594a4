"""The data model: what readers produce, what extractors return, what the loader writes.

Every extractor (the rule-based default, a trained model, an LLM) returns an `Extraction`;
the loader only ever sees these types.
"""
from __future__ import annotations

import hashlib
import json
from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from kg.schema import ENTITY_TYPES as ENTITY_TYPES  # re-exported: the models use the schema's types

EntityType = Literal["Model", "Method", "Dataset", "Metric", "Task"]  # the same as kg.schema.ENTITY_TYPES

ClaimKind = Literal["outperforms", "achieves", "improves", "reduces", "matches"]
CLAIM_KINDS: tuple[str, ...] = ("outperforms", "achieves", "improves", "reduces", "matches")


# What `json.dumps(parts, ensure_ascii=False, default=str)` builds on every call, built once.
_IDENTITY_JSON = json.JSONEncoder(ensure_ascii=False, default=str)


def content_hash(title: str, abstract: str) -> str:
    """Hash of what extraction depends on: a changed title or abstract means re-extraction."""
    return hashlib.sha256(f"{title}\x00{abstract}".encode("utf-8")).hexdigest()[:32]


class Paper(BaseModel):
    """One abstract as read from an input file."""

    model_config = ConfigDict(str_strip_whitespace=True)

    id: str = Field(min_length=1, max_length=512)
    title: str = Field(default="", max_length=10_000)
    abstract: str = Field(min_length=1)
    source: str = ""
    url: Optional[str] = None
    published: Optional[str] = None
    arxiv_id: Optional[str] = None  # from any field or link of the record (kg.read.ids); the id when known

    @field_validator("id", "title", "abstract", "source", "url", "published", "arxiv_id")
    @classmethod
    def _no_nul(cls, v: Optional[str]) -> Optional[str]:
        if v is not None and "\x00" in v:
            raise ValueError("contains a NUL character")
        return v

    @field_validator("id")
    @classmethod
    def _no_control_characters(cls, v: str) -> str:
        # An id is one line of text. (FalkorDB also crashes on \x01 in a uniquely constrained property.)
        if any(ord(c) < 32 or ord(c) == 127 for c in v):
            raise ValueError("contains a control character (tab, line break, ...)")
        return v

    # Where the record starts in its file, for messages about it (not part of the data, not serialised).
    _line: Optional[int] = PrivateAttr(default=None)

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.abstract)

    @property
    def line(self) -> Optional[int]:
        return self._line

    def at_line(self, line: Optional[int]) -> "Paper":
        self._line = line
        return self

    @property
    def id_rank(self) -> int:
        """How much the id says about identity: 2 an arXiv id, 1 an id the input gave, 0 derived from the
        title (`t-...`). Two records of one paper (same arXiv id, else same normalised title) keep the
        higher-ranked one."""
        if self.arxiv_id:
            return 2
        return 0 if self.id.startswith("t-") else 1


class Entity(BaseModel):
    """An entity found in one abstract."""

    name: str = Field(min_length=1)
    type: EntityType
    key: str = ""
    aliases: list[str] = Field(default_factory=list)
    proposed: bool = False
    count: int = Field(default=1, ge=1)
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    # Set by the resolve stage (kg.resolve), never by an extractor: the keys of the forms that resolve to
    # this entity (None: every form's own key), and what the mention says about an abbreviation.
    form_keys: Optional[list[str]] = Field(default=None, exclude=True)
    defines: Optional[str] = Field(default=None, exclude=True)  # short-form key this paper defines
    expansion: Optional[str] = Field(default=None, exclude=True)  # the key of its expansion here
    via: Optional[str] = Field(default=None, exclude=True)  # short-form key resolved by corpus votes
    outcome: Optional[str] = Field(default=None, exclude=True)  # what the votes said then (kg.resolve.votes)

    @model_validator(mode="after")
    def _fill_key(self) -> "Entity":
        if not self.key:
            from kg.extractors.normalize import entity_key

            self.key = entity_key(self.name)
        return self


class Claim(BaseModel):
    """A result asserted by an abstract. Entity fields hold entity names as in `Extraction.entities`."""

    kind: ClaimKind
    subject: Optional[str] = None
    object: Optional[str] = None
    dataset: Optional[str] = None
    metric: Optional[str] = None
    value: Optional[float] = None
    unit: Optional[str] = None
    qualifier: Optional[str] = None
    sota: bool = False
    evidence: str = ""
    start: int = Field(default=0, ge=0)
    end: int = Field(default=0, ge=0)
    confidence: float = Field(default=1.0, ge=0.0, le=1.0)
    id: str = ""

    def identity(self, paper_id: str) -> str:
        """Deterministic id: same paper and same claim content give the same id."""
        parts = [paper_id, self.kind, self.subject, self.object, self.dataset, self.metric,
                 self.value, self.unit, self.qualifier, self.start, self.end]
        raw = _IDENTITY_JSON.encode(parts)
        return "c_" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:24]


class Extraction(BaseModel):
    """What an extractor returns for one paper (also the `kg extract` JSON Lines record)."""

    id: str
    title: str = ""
    entities: list[Entity] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    extractor: str = "rules"

    @model_validator(mode="after")
    def _fill_claim_ids(self) -> "Extraction":
        for claim in self.claims:
            if not claim.id:
                claim.id = claim.identity(self.id)
        return self

    def entity_key(self, name: Optional[str]) -> Optional[str]:
        """Key of the entity a claim field names (falls back to normalising the name)."""
        if not name:
            return None
        for entity in self.entities:
            if entity.name == name or name in entity.aliases:
                return entity.key
        from kg.extractors.normalize import entity_key

        return entity_key(name) or None

    def proposed(self) -> list[Entity]:
        return [e for e in self.entities if e.proposed]
