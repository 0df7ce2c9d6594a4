"""The typed rows of the named queries: one pydantic model per `.cypher` file, fields = its RETURN columns.

`ROW_MODELS[name]` is the model of query `name`; the tests check that every query returns exactly the
fields of its model, so a column added to a file without its model (or the reverse) fails loudly.

Column names follow one convention that the exporter relies on to find the graph behind a row:
`key` / `*_key` / `*_keys` hold entity keys, `paper` / `*_paper` / `papers` hold paper ids, `claim` / `*_claim` claim ids.

    >>> Comparison(winner="A", loser="B", margin=2.0, unit="%", dataset="GLUE", metric=None, qualifier=None,
    ...            evidence="A beats B by 2% on GLUE", paper="p1", title=None, winner_key="a", loser_key="b",
    ...            dataset_key="glue", metric_key=None, claim="c_1").margin
    2.0
"""
from __future__ import annotations

from typing import Optional

from pydantic import BaseModel, ConfigDict


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EntityMatch(Row):
    """`entity`: an entity found by a name or alias."""

    name: str
    type: Optional[str]
    key: str
    aliases: list[str] = []
    paper_count: int
    claim_count: int
    exact: bool


class EntityHit(Row):
    """`search`: an entity whose name or an alias contains the text."""

    name: str
    type: Optional[str]
    key: str
    aliases: list[str] = []
    paper_count: int


class Score(Row):
    """`leaderboard`: one reported score."""

    model: Optional[str]
    value: float
    unit: Optional[str]
    metric: Optional[str]
    lower_is_better: bool
    dataset: str
    qualifier: Optional[str]
    sota: Optional[bool]
    evidence: Optional[str]
    paper: str
    title: Optional[str]
    model_key: Optional[str]
    metric_key: Optional[str]
    dataset_key: str
    claim: str


class Comparison(Row):
    """`outperformers`, `beaten_by`: winner beats loser by margin."""

    winner: str
    loser: str
    margin: Optional[float]
    unit: Optional[str]
    dataset: Optional[str]
    metric: Optional[str]
    qualifier: Optional[str]
    evidence: Optional[str]
    paper: str
    title: Optional[str]
    winner_key: str
    loser_key: str
    dataset_key: Optional[str]
    metric_key: Optional[str]
    claim: str


class EntityClaim(Row):
    """`claims_about`: a claim with the entity as subject or object (`role`)."""

    role: str
    kind: str
    subject: Optional[str]
    object: Optional[str]
    dataset: Optional[str]
    metric: Optional[str]
    value: Optional[float]
    unit: Optional[str]
    qualifier: Optional[str]
    sota: Optional[bool]
    evidence: Optional[str]
    paper: str
    title: Optional[str]
    start: Optional[int]
    claim: str
    subject_key: Optional[str]
    object_key: Optional[str]
    dataset_key: Optional[str]
    metric_key: Optional[str]


class Evaluation(Row):
    """`evaluations`: a dataset (and metric) an entity was evaluated on."""

    dataset: str
    metric: Optional[str]
    claim_count: int
    paper_count: int
    papers: list[str]
    dataset_key: str
    metric_key: Optional[str]


class PaperMention(Row):
    """`papers_mentioning`: a paper that mentions the entity."""

    paper: str
    title: Optional[str]
    published: Optional[str]
    url: Optional[str]
    mentions: int
    surface: Optional[str]
    proposes: bool
    entity: str
    entity_key: str


class Proposal(Row):
    """`proposed_by`: an entity a paper proposes."""

    name: str
    type: Optional[str]
    mentions: Optional[int]
    paper: str
    title: Optional[str]
    key: str


class Introduction(Row):
    """`introduced_in`: a paper that proposes the entity."""

    entity: str
    paper: str
    title: Optional[str]
    published: Optional[str]
    url: Optional[str]
    entity_key: str


class PaperClaim(Row):
    """`paper_claims`: one claim of a paper."""

    kind: str
    subject: Optional[str]
    object: Optional[str]
    dataset: Optional[str]
    metric: Optional[str]
    value: Optional[float]
    unit: Optional[str]
    qualifier: Optional[str]
    sota: Optional[bool]
    evidence: Optional[str]
    start: Optional[int]
    end: Optional[int]
    paper: str
    title: Optional[str]
    claim: str
    subject_key: Optional[str]
    object_key: Optional[str]
    dataset_key: Optional[str]
    metric_key: Optional[str]


class DirectComparison(Row):
    """`head_to_head`: a claim comparing the two entities."""

    subject: str
    kind: str
    object: str
    value: Optional[float]
    unit: Optional[str]
    dataset: Optional[str]
    metric: Optional[str]
    evidence: Optional[str]
    paper: str
    title: Optional[str]
    subject_key: str
    object_key: str
    dataset_key: Optional[str]
    metric_key: Optional[str]
    claim: str


class Contradiction(Row):
    """`contradictions`: A beats B in a_paper, B beats A in b_paper, same dataset and metric."""

    a: str
    b: str
    dataset: Optional[str]
    metric: Optional[str]
    a_margin: Optional[float]
    a_unit: Optional[str]
    a_evidence: Optional[str]
    a_paper: str
    b_margin: Optional[float]
    b_unit: Optional[str]
    b_evidence: Optional[str]
    b_paper: str
    a_key: str
    b_key: str
    dataset_key: Optional[str]
    metric_key: Optional[str]
    a_claim: str
    b_claim: str


class PathStep(Row):
    """`dominance_path`: step `step` of `hops`: winner beats loser."""

    step: int
    hops: int
    winner: str
    loser: str
    margin: Optional[float]
    unit: Optional[str]
    dataset: Optional[str]
    metric: Optional[str]
    evidence: Optional[str]
    paper: str
    title: Optional[str]
    winner_key: str
    loser_key: str
    dataset_key: Optional[str]
    metric_key: Optional[str]
    claim: str


class EntityCount(Row):
    """`top_entities`: an entity and how many papers mention it."""

    name: str
    type: Optional[str]
    paper_count: int
    mention_count: int
    key: str


class Variant(Row):
    """`variants`: a member of the family, its parents and its generation below the family root."""

    family: str
    name: str
    type: Optional[str]
    parents: list[str]
    depth: int
    is_query: bool
    family_key: str
    key: str
    parent_keys: list[str]


class SotaClaim(Row):
    """`sota_claims`: a claim of a state-of-the-art result."""

    subject: Optional[str]
    kind: str
    dataset: Optional[str]
    metric: Optional[str]
    value: Optional[float]
    unit: Optional[str]
    evidence: Optional[str]
    paper: str
    title: Optional[str]
    subject_key: Optional[str]
    dataset_key: Optional[str]
    metric_key: Optional[str]
    claim: str


class ConfidentClaim(Row):
    """`confident_claims`: a claim with its confidence and the sentence (with offsets) that states it."""

    confidence: float
    kind: str
    subject: Optional[str]
    object: Optional[str]
    dataset: Optional[str]
    metric: Optional[str]
    value: Optional[float]
    unit: Optional[str]
    qualifier: Optional[str]
    evidence: Optional[str]
    start: int
    end: int
    paper: str
    title: Optional[str]
    subject_key: Optional[str]
    object_key: Optional[str]
    dataset_key: Optional[str]
    metric_key: Optional[str]
    claim: str


class CoMention(Row):
    """`co_mentioned`: an entity mentioned in the same papers."""

    name: str
    type: Optional[str]
    paper_count: int
    key: str


class Result(Row):
    """`results`, `all_results`: one reported score with what ranking it needs (`kg.leaderboard`)."""

    model: Optional[str]
    value: float
    unit: Optional[str]
    metric: Optional[str]
    dataset: str
    asked: str
    qualifier: Optional[str]
    sota: Optional[bool]
    evidence: Optional[str]
    confidence: Optional[float]
    paper: str
    title: Optional[str]
    published: Optional[str]
    url: Optional[str]
    model_key: Optional[str]
    metric_key: Optional[str]
    dataset_key: str
    asked_key: str
    claim: str
    # whose number is it (kg.leaderboard.attribution): names of the subject, dataset and the paper's other entities
    model_type: Optional[str] = None
    model_aliases: list[str] = []
    dataset_aliases: list[str] = []
    other_datasets: list[str] = []
    other_models: list[str] = []


class ClaimRow(Row):
    """`all_claims`: a claim with the entities it names."""

    kind: str
    subject: Optional[str]
    object: Optional[str]
    dataset: Optional[str]
    metric: Optional[str]
    value: Optional[float]
    unit: Optional[str]
    qualifier: Optional[str]
    evidence: Optional[str]
    confidence: Optional[float]
    paper: str
    title: Optional[str]
    published: Optional[str]
    subject_key: Optional[str]
    object_key: Optional[str]
    dataset_key: Optional[str]
    metric_key: Optional[str]
    claim: str


class VariantEdge(Row):
    """`variant_edges`: one VARIANT_OF edge."""

    variant: str
    base: str
    type: Optional[str]
    variant_key: str
    base_key: str


class IndexEntry(Row):
    """`entity_index`: a dataset or task with its paper and result counts."""

    name: str
    type: Optional[str]
    key: str
    paper_count: int
    result_count: int


class PaperOf(Row):
    """`papers_of`: the newest papers mentioning an entity, and those proposing it (ids)."""

    key: str
    papers: list[str]
    proposing: list[str]


class PaperCard(Row):
    """`papers_by_id`: what a list of papers shows."""

    paper: str
    title: Optional[str]
    published: Optional[str]
    url: Optional[str]


class EntityCard(Row):
    """`entities_of`: what heads an entity's page."""

    name: str
    type: Optional[str]
    key: str
    aliases: list[str] = []
    paper_count: int


ROW_MODELS: dict[str, type[Row]] = {
    "confident_claims": ConfidentClaim,
    "entity": EntityMatch,
    "search": EntityHit,
    "leaderboard": Score,
    "outperformers": Comparison,
    "beaten_by": Comparison,
    "claims_about": EntityClaim,
    "evaluations": Evaluation,
    "papers_mentioning": PaperMention,
    "proposed_by": Proposal,
    "introduced_in": Introduction,
    "paper_claims": PaperClaim,
    "head_to_head": DirectComparison,
    "contradictions": Contradiction,
    "dominance_path": PathStep,
    "top_entities": EntityCount,
    "variants": Variant,
    "sota_claims": SotaClaim,
    "co_mentioned": CoMention,
    "results": Result,
    "all_results": Result,
    "all_claims": ClaimRow,
    "variant_edges": VariantEdge,
    "entity_index": IndexEntry,
    "papers_of": PaperOf,
    "entities_of": EntityCard,
    "papers_by_id": PaperCard,
}
