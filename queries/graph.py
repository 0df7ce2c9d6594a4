"""The Python API: open a graph, ask it the named questions, get typed rows back.

    >>> from kg.queries.graph import Graph
    >>> with Graph.open() as g:                       # ./.kg (or $KG_DB), the same as `kg --db`
    ...     for row in g.leaderboard("MMLU"):
    ...         print(row.model, row.value, row.unit, row.metric)
    ...     df = g.outperformers("LLaMA 3 8B").to_dataframe()     # needs pandas
    ...     nx_graph = g.to_networkx()                            # the whole graph

Every helper runs one file of `queries/` (the same Cypher `kg query NAME` and Neo4j Browser run) through
the store interface, so it works the same on the embedded FalkorDB and on Neo4j. Entity arguments take any
spelling or alias (`"LLaMA 3 8B"`, `"llama3-8b"`): they are normalised to the entity key before the query runs.
"""
from __future__ import annotations

import os
from typing import Any, Generic, Iterable, Mapping, Optional, TypeVar

from kg.queries import NamedQuery, all_queries, find_query
from kg.queries.rows import (
    ROW_MODELS,
    CoMention,
    Comparison,
    ConfidentClaim,
    Contradiction,
    DirectComparison,
    EntityClaim,
    EntityCount,
    EntityHit,
    EntityMatch,
    Evaluation,
    Introduction,
    PaperClaim,
    PaperMention,
    PathStep,
    Proposal,
    Score,
    SotaClaim,
    Variant,
)
from kg.stores import GraphStore, open_store
from kg.stores.base import QueryResult

T = TypeVar("T")

__all__ = ["Graph", "Rows", "open_graph"]


class Rows(list, Generic[T]):
    """A list of rows (pydantic models for named queries, dicts for Cypher) that remembers where it came from.

    >>> rows = g.top_entities("Dataset", n=3)           # doctest: +SKIP
    >>> rows.columns                                    # doctest: +SKIP
    ['name', 'type', 'paper_count', 'mention_count', 'key']
    """

    def __init__(self, items: Iterable[T], result: QueryResult, graph: Optional["Graph"] = None):
        super().__init__(items)
        self.result = result
        self.columns = list(result.columns)
        self._graph = graph

    def records(self) -> list[dict[str, Any]]:
        """The rows as plain dicts (column -> value)."""
        return self.result.records()

    def to_dataframe(self):
        """A pandas DataFrame with the query's columns, in order (pandas is an optional dependency)."""
        try:
            import pandas as pd
        except ImportError as exc:
            raise ImportError("to_dataframe() needs pandas: pip install 'claims-kg[pandas]'") from exc
        return pd.DataFrame(self.result.rows, columns=self.columns)

    def to_networkx(self):
        """The result as a networkx MultiDiGraph: the nodes, relationships and paths it returns, or the
        subgraph of the entities, papers and claims its key/paper/claim columns name (see `kg.export.formats`)."""
        from kg.export.formats import result_to_networkx

        return result_to_networkx(self.result, self._graph.store if self._graph else None)

    def export(self, target, format: Optional[str] = None) -> None:
        """Write `to_networkx()` as GraphML, GEXF or JSON Lines (format from the file name, else graphml).

        >>> g.outperformers("GPT-4").export("gpt4.gexf")          # doctest: +SKIP
        """
        from kg.export.formats import write_graph

        write_graph(self.to_networkx(), target, format)


class Graph:
    """A claims graph: one store, the named queries as methods.

    >>> g = Graph.open()                              # embedded, ./.kg
    >>> g = Graph.open("bolt://localhost:7687")       # doctest: +SKIP   (Neo4j; NEO4J_USER/NEO4J_PASSWORD)
    >>> g.entity("llama3-8b")[0].name                 # doctest: +SKIP
    'Llama-3-8B'
    """

    def __init__(self, store: GraphStore):
        self.store = store

    @classmethod
    def open(cls, db: str | os.PathLike[str] | None = None, *, graph: Optional[str] = None) -> "Graph":
        """Open a store by its `--db` value: nothing for the embedded default (`./.kg` or $KG_DB), a directory,
        `bolt://`/`neo4j://`/`neo4j+s://` for Neo4j, `falkordb://host:port` or `unix:///socket` for FalkorDB."""
        return cls(open_store(db, graph=graph) if graph else open_store(db))

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running queries -------------------------------------------------------------------------------------

    def query(self, cypher: str, params: Optional[Mapping[str, Any]] = None, *, write: bool = False,
              timeout_ms: Optional[int] = None) -> Rows[dict[str, Any]]:
        """Run Cypher (read-only unless write=True; parameters, never values pasted into the text).

        >>> g.query("MATCH (d:Dataset) RETURN d.name AS name ORDER BY name LIMIT $n", {"n": 2})   # doctest: +SKIP
        [{'name': 'C-Eval'}, {'name': 'CMMLU'}]
        """
        result = self.store.query(cypher, params or {}, write=write, timeout_ms=timeout_ms)
        return Rows(result.records(), result, self)

    def run(self, name: str, /, **values: Any) -> Rows[Any]:
        """Run the named query `name` (a file in queries/) with its parameters; rows come back typed.

        >>> g.run("leaderboard", dataset="MMLU", metric="accuracy")    # doctest: +SKIP
        """
        named = self.named(name)
        result = self.store.query(named.cypher, named.bind(values))
        model = ROW_MODELS.get(name)
        items: list[Any] = ([model.model_validate(record) for record in result.records()] if model
                            else result.records())
        return Rows(items, result, self)

    @staticmethod
    def named(name: str) -> NamedQuery:
        query = find_query(name)
        if query is None:
            raise ValueError(f"no named query {name!r}; there are: {', '.join(sorted(all_queries()))}")
        return query

    # -- the questions ---------------------------------------------------------------------------------------

    def entity(self, name: str) -> Rows[EntityMatch]:
        """Entities by a name or any alias or spelling; an exact key match first.

        >>> g.entity("llama 3.1 8b instruct")[0].name          # doctest: +SKIP
        'Llama3.1-8B-Instruct'
        """
        return self.run("entity", name=name)

    def search(self, text: str, type: Optional[str] = None, n: int = 25) -> Rows[EntityHit]:
        """Entities whose name or an alias contains `text` (case-insensitive), most mentioned first.

        >>> [e.name for e in g.search("llama", n=3)]            # doctest: +SKIP
        """
        return self.run("search", text=text, type=type, n=n)

    def leaderboard(self, dataset: str, metric: Optional[str] = None) -> Rows[Score]:
        """Every reported score (achieves claim) on a dataset, best first within each metric
        (lower first for error, loss, perplexity, latency, ...; see queries/lower_is_better.txt).

        >>> [(s.model, s.value, s.metric) for s in g.leaderboard("MMLU")]      # doctest: +SKIP
        """
        return self.run("leaderboard", dataset=dataset, metric=metric)

    def leaderboards(self, dataset: str, metric: Optional[str] = None, since: Any = None) -> list[Any]:
        """Ranked leaderboards of a dataset and its variants: one `kg.leaderboard.Board` per metric, setting and
        unit, one row per model with its best score (direction-aware), paper, date, evidence and confidence.
        `since` (a `datetime.date` or `YYYY-MM-DD`) keeps scores published on or after it.

        >>> [(s.rank, s.best.model, s.best.result.value) for s in g.leaderboards("GSM8K")[0].rows]   # doctest: +SKIP
        """
        from datetime import date

        from kg.leaderboard import leaderboards

        day = date.fromisoformat(since) if isinstance(since, str) else since
        return leaderboards(self, dataset, metric=metric, since=day)

    def outperformers(self, entity: str) -> Rows[Comparison]:
        """Who beats `entity`: winner, margin, dataset, metric, paper and sentence, largest margin first.

        >>> [(c.winner, c.margin, c.unit) for c in g.outperformers("GPT-4")]    # doctest: +SKIP
        """
        return self.run("outperformers", entity=entity)

    def beaten_by(self, entity: str) -> Rows[Comparison]:
        """Whom `entity` beats, largest margin first.

        >>> [(c.loser, c.margin, c.dataset) for c in g.beaten_by("Control LLM")]   # doctest: +SKIP
        """
        return self.run("beaten_by", entity=entity)

    def head_to_head(self, a: str, b: str) -> Rows[DirectComparison]:
        """Every claim comparing `a` and `b` directly, either way round.

        >>> [(c.subject, c.kind, c.object) for c in g.head_to_head("GPT-4", "Llama-2")]   # doctest: +SKIP
        """
        return self.run("head_to_head", a=a, b=b)

    def claims_about(self, entity: str) -> Rows[EntityClaim]:
        """Every claim with `entity` as subject or object (`role`), with its sentence and paper.

        >>> [(c.role, c.kind, c.evidence) for c in g.claims_about("GPT-4")]     # doctest: +SKIP
        """
        return self.run("claims_about", entity=entity)

    def evaluations(self, entity: str) -> Rows[Evaluation]:
        """The datasets (and metrics) `entity` was evaluated on, most claims first.

        >>> [(e.dataset, e.metric, e.claim_count) for e in g.evaluations("GPT-4")]   # doctest: +SKIP
        """
        return self.run("evaluations", entity=entity)

    def papers_mentioning(self, entity: str) -> Rows[PaperMention]:
        """Papers mentioning `entity`; those proposing it first.

        >>> [(p.paper, p.mentions, p.proposes) for p in g.papers_mentioning("LoRA")]   # doctest: +SKIP
        """
        return self.run("papers_mentioning", entity=entity)

    def proposed_by(self, paper: str) -> Rows[Proposal]:
        """What a paper (by id or exact title) proposes.

        >>> [p.name for p in g.proposed_by("t-1e8a08ab0d07c501")]     # doctest: +SKIP
        ['Control LLM']
        """
        return self.run("proposed_by", paper=paper)

    def introduced_in(self, entity: str) -> Rows[Introduction]:
        """The papers that propose `entity`, earliest first.

        >>> [p.paper for p in g.introduced_in("Control LLM")]          # doctest: +SKIP
        ['t-1e8a08ab0d07c501']
        """
        return self.run("introduced_in", entity=entity)

    def paper_claims(self, paper: str) -> Rows[PaperClaim]:
        """Every claim of one paper (by id or exact title), in the order of its abstract.

        >>> [(c.kind, c.value, c.unit) for c in g.paper_claims("t-1e8a08ab0d07c501")]   # doctest: +SKIP
        """
        return self.run("paper_claims", paper=paper)

    def contradictions(self, entity: Optional[str] = None) -> Rows[Contradiction]:
        """Pairs of claims where A beats B in one paper and B beats A, on the same dataset and metric, in another.

        >>> [(c.a, c.b, c.dataset, c.a_paper, c.b_paper) for c in g.contradictions()]   # doctest: +SKIP
        """
        return self.run("contradictions", entity=entity)

    def dominance_path(self, a: str, b: str) -> Rows[PathStep]:
        """The shortest chain (at most 4 steps) of outperforms claims from `a` to `b`, one row per step.

        >>> " > ".join([s.winner for s in path] + [path[-1].loser])    # doctest: +SKIP
        """
        return self.run("dominance_path", a=a, b=b)

    def top_entities(self, type: Optional[str] = None, n: int = 20) -> Rows[EntityCount]:
        """The most mentioned entities (by papers), optionally of one type ("Model", "datasets", ...).

        >>> [(e.name, e.paper_count) for e in g.top_entities("Dataset", n=3)]    # doctest: +SKIP
        """
        return self.run("top_entities", type=type, n=n)

    def variants(self, entity: str) -> Rows[Variant]:
        """The family tree of `entity` through VARIANT_OF: root, members, parents, depths.

        >>> [(v.name, v.parent, v.depth) for v in g.variants("Llama-3-8B")]     # doctest: +SKIP
        """
        return self.run("variants", entity=entity)

    def sota_claims(self, dataset: Optional[str] = None, n: int = 100) -> Rows[SotaClaim]:
        """Claims of state-of-the-art results, optionally on one dataset: the first `n` in the order
        dataset, metric, subject, paper (a big graph has tens of thousands).

        >>> [(c.subject, c.dataset) for c in g.sota_claims()]        # doctest: +SKIP
        """
        return self.run("sota_claims", dataset=dataset, n=n)

    def confident_claims(self, min_confidence: float = 0.0, max_confidence: float = 1.0, kind: Optional[str] = None,
                         dataset: Optional[str] = None, n: int = 50) -> Rows[ConfidentClaim]:
        """Claims, most confident first (confidence: the measured precision of the rule that made the claim),
        optionally of one kind or dataset and within a confidence range, each with its sentence and offsets.

        >>> [(c.subject, c.kind, c.confidence) for c in g.confident_claims(min_confidence=0.8)]  # doctest: +SKIP
        """
        return self.run("confident_claims", min_confidence=min_confidence, max_confidence=max_confidence, kind=kind,
                        dataset=dataset, n=n)

    def co_mentioned(self, entity: str, type: Optional[str] = None, n: int = 20) -> Rows[CoMention]:
        """Entities most often mentioned in the same papers as `entity`, optionally of one type.

        >>> [(e.name, e.paper_count) for e in g.co_mentioned("GPT-4", type="Dataset")]   # doctest: +SKIP
        """
        return self.run("co_mentioned", entity=entity, type=type, n=n)

    # -- export ----------------------------------------------------------------------------------------------

    def to_networkx(self):
        """The whole graph as a networkx MultiDiGraph (nodes `entity:<key>`, `paper:<id>`, `claim:<id>`).

        >>> nxg = g.to_networkx(); nxg.number_of_nodes()         # doctest: +SKIP
        """
        from kg.export.formats import graph_to_networkx

        return graph_to_networkx(self.store)

    def export(self, target, format: Optional[str] = None) -> None:
        """Write the whole graph as GraphML, GEXF or JSON Lines (format from the file name, else graphml).

        >>> g.export("claims.graphml")                             # doctest: +SKIP   (open it in Gephi)
        """
        from kg.export.formats import write_graph

        write_graph(self.to_networkx(), target, format)


def open_graph(db: str | os.PathLike[str] | None = None) -> Graph:
    """`Graph.open(db)`: `open_graph()` is the embedded store in ./.kg (or $KG_DB)."""
    return Graph.open(db)

