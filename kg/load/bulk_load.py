"""The first load of an empty embedded graph through FalkorDB's bulk insert (GRAPH.BULK).

Loading hundreds of thousands of papers into an empty graph does not need what makes the incremental
loader (`kg.load.loader`) careful: there is no old version to replace, and every entity's name, type and
aliases can be computed once from all its mentions instead of being kept up to date batch by batch. So
the first load goes the way `neo4j-admin database import` goes for Neo4j:

1. `add` turns each (paper, extraction) into the loader's own parameter rows and spools them, tallying the
   entities as papers come (`kg.load.row_spool`, shared with the neo4j-admin CSV exporter).
2. `finish` streams nodes and relationships in FalkorDB's binary bulk format into a *new* graph under a
   temporary name, entities first (their node ids are then known), then papers and claims chunk by chunk
   with their relationships, creates the schema on it, and swaps it in for the empty target in one
   MULTI/EXEC guarded by WATCH: if anything wrote to the target meanwhile, the swap is refused and the
   spooled rows go through the incremental loader instead. Nothing is lost either way.

The graph written is the one `GraphLoader` writes for the same input (tests/test_bulk_load.py compares
them). Memory: the entity tallies (the size of the graph's entity set) and one entry per distinct paper
id; papers, claims and relationships stream through the spool.

A crash leaves the target untouched (still empty) and a temporary graph named after the dead process,
removed by the next bulk load.
"""
from __future__ import annotations

import logging
import math
import os
import struct
from dataclasses import dataclass, field
from typing import Any, Iterable, Optional

import redis

from kg.load.entity_tally import EntityTally
from kg.load.loader import CLAIM_ROLES, BatchRows, GraphLoader, LoadStats, chunks, merge_rows
from kg.load.row_spool import RowSpool
from kg.models import Extraction, Paper
from kg.stores.base import StoreError
from kg.stores.runtime_dir import pid_alive

log = logging.getLogger(__name__)

# Papers per GRAPH.BULK call after the entities: a call of ~2,000 papers carries ~3 MB and 30k edges.
PAPERS_PER_CALL = 2000
ENTITIES_PER_CALL = 20_000
TEMP_SUFFIX = ".bulk-"

# The binary format (FalkorDB src/bulk_insert/bulk_insert.c): a token per label or relationship type:
# the label(s) as a NUL-terminated string ("Entity:Model"), a 4-byte property count, the NUL-terminated
# property names, then per node its values, per edge two 8-byte node ids and its values. A value is a type
# byte and its payload; a NULL value sets no property, as a null parameter does in Cypher.
_NULL, _BOOL, _DOUBLE, _STRING, _LONG, _ARRAY = 0, 1, 2, 3, 4, 5

PAPER_PROPERTIES = ("id", "title", "abstract", "source", "url", "published", "extractor", "arxiv_id", "title_key",
                    "content_hash")
CLAIM_PROPERTIES = ("id", "kind", "value", "unit", "qualifier", "sota", "evidence", "start", "end",
                    "confidence", "paper")
MENTION_PROPERTIES = ("count", "surface", "forms", "form_keys", "type", "confidence", "defines", "expansion", "via",
                      "outcome")
OUTPERFORMS_PROPERTIES = ("claim", "paper", "dataset", "metric", "dataset_key", "metric_key", "value", "unit")


_NULL_BYTES = b"\x00"
_STRING_BYTE = bytes((_STRING,))
_pack_long, _pack_double, _pack_bool = struct.Struct("=Bq").pack, struct.Struct("=Bd").pack, struct.Struct("=B?").pack


def encode_value(value: Any) -> bytes:
    """One property value. The checks are those the Cypher path applies to parameters (`check_param`):
    the server reads strings up to a NUL and trusts the payload, so nothing doubtful may reach it.
    (Strings first: most values are.)"""
    kind = type(value)
    if kind is str:
        data: bytes = value.encode("utf-8")
        if b"\x00" in data:
            raise StoreError("a text contains a NUL character, which FalkorDB cannot store")
        return _STRING_BYTE + data + _NULL_BYTES
    if value is None:
        return _NULL_BYTES
    if kind is bool:
        return _pack_bool(_BOOL, value)
    if kind is int:
        if not -(2**63) <= value < 2**63:
            raise StoreError(f"{value} does not fit in a 64-bit integer")
        return _pack_long(_LONG, value)
    if kind is float:
        if not math.isfinite(value):
            raise StoreError(f"{value} cannot be stored in FalkorDB")
        return _pack_double(_DOUBLE, value)
    if kind is list or kind is tuple:
        return _pack_long(_ARRAY, len(value)) + b"".join([encode_value(v) for v in value])
    raise StoreError(f"a value of type {kind.__name__} cannot be bulk-loaded")


_pack_ids = struct.Struct("=QQ").pack


class Token:
    """The nodes of one label set, or the edges of one type, of one GRAPH.BULK call."""

    def __init__(self, labels: str, properties: Iterable[str]):
        self.properties = tuple(properties)
        names = b"".join(p.encode() + b"\x00" for p in self.properties)
        self.parts: list[bytes] = [labels.encode() + b"\x00" + struct.pack("=I", len(self.properties)) + names]
        self.count = 0

    def node(self, values: dict[str, Any]) -> None:
        get = values.get
        self.parts.append(b"".join([encode_value(get(p)) for p in self.properties]))
        self.count += 1

    def edge(self, source: int, target: int, values: Optional[dict[str, Any]] = None) -> None:
        self.parts.append(_pack_ids(source, target))
        if self.properties:
            get = values.get  # type: ignore[union-attr]
            self.parts.append(b"".join([encode_value(get(p)) for p in self.properties]))
        self.count += 1

    def payload(self) -> bytes:
        return b"".join(self.parts)


@dataclass
class BulkStats:
    nodes: int = 0
    relationships: int = 0
    calls: int = 0
    fell_back: bool = False
    load: LoadStats = field(default_factory=LoadStats)
    # What the entity nodes were written with, in creation order (key, name, type, alias_keys, whether a paper
    # mentions it), and the VARIANT_OF pairs written: the resolve stage's settling step reads these instead of
    # querying them back (`kg.resolve.finish.settle_graph`; at 100k abstracts reading the query's result took ~3 s).
    entity_rows: list[tuple[str, str, str, list[str], bool]] = field(default_factory=list)
    variant_pairs: set[tuple[str, str]] = field(default_factory=set)


class BulkLoad:
    """Spool (paper, extraction) pairs with `add`, then write them all with `finish`. Use as a context
    manager, so that the spool and a temporary graph go whatever happens."""

    def __init__(self, store: Any, spool_dir: Optional[str | os.PathLike[str]] = None):
        if not hasattr(store, "graph_name") or not hasattr(store, "db"):
            raise StoreError("a bulk load needs the FalkorDB store")
        self.store = store
        # pid.start-time: a dead run's graph whose pid was reused by a live process (even this one) is still
        # told apart from this run's (remove_stale_temp_graphs)
        self.temp_graph = f"{store.graph_name}{TEMP_SUFFIX}{os.getpid()}.{process_start(os.getpid())}"
        self.spool = RowSpool(spool_dir)
        self.stats = BulkStats()

    # -- 1: spool ----------------------------------------------------------------------------------

    def add(self, pairs: Iterable[tuple[Paper, Extraction]]) -> None:
        self.spool.add(pairs)

    def discard(self, paper_ids: Iterable[str]) -> None:
        """Forget papers spooled so far (another record of the paper replaces them: kg.resolve.papers)."""
        self.spool.discard(paper_ids)

    # -- 2: write ----------------------------------------------------------------------------------

    def finish(self) -> BulkStats:
        if not self.spool.records:
            return self.stats
        if getattr(self.store, "server", None) is not None:
            # Only on our own embedded server can a pid tell that a temporary graph's load is dead.
            remove_stale_temp_graphs(self.store)
        entities = self.spool.entities()
        try:
            self._write(entities)
            swapped = self._swap()
        except BaseException:
            self._drop_temp()
            raise
        if not swapped:
            self._drop_temp()
            log.info("the graph was written to during the bulk load: loading incrementally instead")
            self.stats.fell_back = True
            self._load_incrementally()
        return self.stats

    def _write(self, entities: dict[str, EntityTally]) -> None:
        stats = self.stats
        # Entities first, one token per label set; a node's id is its position in creation order.
        by_labels: dict[str, list[str]] = {}
        for key in sorted(entities):
            by_labels.setdefault(":".join(entities[key].labels()), []).append(key)
        entity_id: dict[str, int] = {}
        tokens: list[Token] = []
        in_call = 0
        begin = True
        for labels, keys in sorted(by_labels.items()):
            token: Optional[Token] = None
            for key in keys:
                props = entities[key].properties(key)
                if token is None:
                    token = Token(labels, props)
                    tokens.append(token)
                entity_id[key] = len(entity_id)
                token.node(props)
                stats.entity_rows.append((key, props["name"], props["type"], props["alias_keys"],
                                          props["paper_count"] > 0))
                in_call += 1
                if in_call >= ENTITIES_PER_CALL:  # bounded memory whatever the number of entities
                    self._call(tokens, [], begin=begin)
                    begin, tokens, token, in_call = False, [], None, 0
        variants = Token("VARIANT_OF", ())
        for key, base in self.spool.variants:  # MERGE in the loader: one edge per pair
            if key in entity_id and base in entity_id:
                variants.edge(entity_id[key], entity_id[base])
                stats.variant_pairs.add((key, base))
        self._call(tokens, [variants], begin=begin)

        next_id = len(entity_id)
        batch: list[BatchRows] = []
        for rows in self.spool.spooled():
            batch.append(rows)
            if len(batch) >= PAPERS_PER_CALL:
                next_id = self._write_papers(batch, entity_id, next_id)
                batch = []
        if batch:
            self._write_papers(batch, entity_id, next_id)
        stats.load.entity_keys = set(entities)
        stats.load.batches = stats.calls

    def _write_papers(self, batch: list[BatchRows], entity_id: dict[str, int], next_id: int) -> int:
        papers = Token("Paper", PAPER_PROPERTIES)
        claims = Token("Claim", CLAIM_PROPERTIES)
        edges = {name: Token(name, props) for name, props in (
            ("MENTIONS", MENTION_PROPERTIES), ("PROPOSES", ()), ("REPORTS", ()),
            *((rel, ()) for _, rel, _ in CLAIM_ROLES),
            ("OUTPERFORMS", OUTPERFORMS_PROPERTIES), ("EVALUATED_ON", ("paper",)))}
        # Node ids: the papers of this call in order, then its claims in order.
        claim_count = sum(len(rows.claims) for rows in batch)
        paper_id, claim_id = next_id, next_id + len(batch)
        for rows in batch:
            paper = {**rows.papers[0], "content_hash": rows.stamps[0]["hash"]}
            papers.node(paper)
            for mention in rows.mentions:
                edges["MENTIONS"].edge(paper_id, entity_id[mention["key"]], mention)
            for row in rows.proposes:
                edges["PROPOSES"].edge(paper_id, entity_id[row["key"]])
            claim_ids: dict[str, int] = {}
            for claim in rows.claims:
                claims.node(claim)
                claim_ids[claim["id"]] = claim_id
                edges["REPORTS"].edge(paper_id, claim_id)
                claim_id += 1
            for _, rel, _ in CLAIM_ROLES:
                for row in rows.links[rel]:
                    edges[rel].edge(claim_ids[row["claim"]], entity_id[row["key"]])
            for row in rows.outperforms:
                edges["OUTPERFORMS"].edge(entity_id[row["subject"]], entity_id[row["object"]], row)
            for row in rows.evaluated_on:
                edges["EVALUATED_ON"].edge(entity_id[row["subject"]], entity_id[row["dataset"]], row)
            paper_id += 1
            self.stats.load.papers += 1
            self.stats.load.mentions += len(rows.mentions)
            self.stats.load.claims += len(rows.claims)
        self._call([papers, claims], list(edges.values()))
        return next_id + len(batch) + claim_count

    def _call(self, node_tokens: list[Token], edge_tokens: list[Token], begin: bool = False) -> None:
        node_tokens = [t for t in node_tokens if t.count]
        edge_tokens = [t for t in edge_tokens if t.count]
        if not node_tokens and not edge_tokens and not begin:
            return
        nodes, edges = sum(t.count for t in node_tokens), sum(t.count for t in edge_tokens)
        args: list[Any] = ["BEGIN"] if begin else []
        args += [nodes, edges, len(node_tokens), len(edge_tokens)]
        args += [t.payload() for t in (*node_tokens, *edge_tokens)]
        try:
            self.store.db.connection.execute_command("GRAPH.BULK", self.temp_graph, *args)
        except redis.exceptions.RedisError as exc:
            raise StoreError(f"FalkorDB bulk insert into {self.temp_graph} failed: {exc}") from exc
        self.stats.calls += 1
        self.stats.nodes += nodes
        self.stats.relationships += edges

    def _swap(self) -> bool:
        """Give the temporary graph the schema, then put it in the target's place if the target is still
        empty: WATCH makes EXEC refuse if any client wrote to the target after the check."""
        self.store.on_graph(self.temp_graph).ensure_schema()
        target = self.store.graph_name
        conn = self.store.db.connection
        with conn.pipeline(transaction=True) as pipe:
            pipe.watch(target)
            if pipe.exists(target) and not self.store.is_empty():
                pipe.unwatch()
                return False
            pipe.multi()
            pipe.delete(target)
            pipe.rename(self.temp_graph, target)
            try:
                pipe.execute()
            except redis.exceptions.WatchError:
                return False
        self.store.forget_schema_cache()
        return True

    def _drop_temp(self) -> None:
        try:
            self.store.db.connection.delete(self.temp_graph)
        except redis.exceptions.RedisError as exc:  # the server is gone: the next bulk load removes it
            log.info("could not remove the temporary graph %s: %s", self.temp_graph, exc)

    def _load_incrementally(self) -> None:
        loader = GraphLoader(self.store)
        self.store.ensure_schema()
        stats = LoadStats()
        for parts in chunks(self.spool.spooled(), loader.batch_size):
            stats.add(loader.load_rows(merge_rows(parts)))
        self.stats.load = stats

    def close(self) -> None:
        self.spool.close()

    def __enter__(self) -> "BulkLoad":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def remove_stale_temp_graphs(store: Any) -> list[str]:
    """Temporary graphs of bulk loads whose process is gone (killed mid-load)."""
    removed = []
    conn = store.db.connection
    for raw in conn.scan_iter(match=f"{store.graph_name}{TEMP_SUFFIX}*"):
        name = raw.decode() if isinstance(raw, bytes) else raw
        pid, _, started = name.rsplit("-", 1)[-1].partition(".")
        if not pid.isdigit():
            continue
        alive = pid_alive(int(pid)) and (not started or started == process_start(int(pid)))
        if not alive:
            conn.delete(name)
            removed.append(name)
    return removed


def process_start(pid: int) -> str:
    """When process `pid` started (clock ticks since boot, /proc/PID/stat field 22); '' if unknown."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as fh:
            return fh.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""
