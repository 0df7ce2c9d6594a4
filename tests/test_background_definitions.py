"""An abbreviation of a common term defined in passing and never used again is no entity (kg_prune)."""
import pytest

from kg.extractors.corpus_types import defining_papers
from kg.extractors.rules import RuleExtractor
from kg.models import Paper


@pytest.fixture(scope="module")
def names():
    ex = RuleExtractor()
    return lambda text: {e.name: e.type for e in ex.extract(Paper(id="t", title="", abstract=text)).entities}


def test_the_mined_corpus_counts_papers_defining_a_long_form():
    assert defining_papers("directed acyclic graph") >= 10
    assert defining_papers("staggered widget lattice") == 0


def test_a_common_term_defined_once_is_no_entity(names):
    got = names("Each recipe is stored as a directed acyclic graph (DAG) of cooking steps. "
                "Our planner then orders the steps and beats the baselines.")
    assert "DAG" not in got


def test_a_coined_term_defined_once_is_kept(names):
    got = names("Each recipe is stored with staggered widget lattice sharding (SWLS) of cooking steps. "
                "Our planner then orders the steps and beats the baselines.")
    assert got.get("SWLS") == "Method"



def test_letters_the_abstract_defines_otherwise_do_not_take_the_listed_type(names):
    # `SLR` is listed as a task (sign language recognition); defined here by another long form, it is the
    # paper's method.
    got = names("We propose Staggered Lattice Routing (SLR) for widgets. SLR halves the delay.")
    assert got.get("SLR") == "Method"


def test_a_listed_short_form_spelled_out_by_its_listed_expansion_keeps_its_type(names):
    got = names("Our encoder improves sign language recognition (SLR) on three benchmarks by 2%.")
    assert got.get("SLR") == "Task"
