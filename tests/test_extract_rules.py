"""The rule extractor as the rest of the system sees it: the Extractor interface, batching, pickling
into worker processes, and output that is the shared `kg.models` types only."""
import multiprocessing
import pickle

from kg.extractors.base import Extractor, extract_many, load_extractor
from kg.extractors.rules import RuleExtractor
from kg.models import Extraction, Paper

ABSTRACTS = [
    Paper(id="a", title="ZorbNet: Fast Models", abstract="We propose ZorbNet, a new method. ZorbNet outperforms "
          "BERT by 8.2% on GLUE and reduces latency by 3\\%. It is on par with GPT-4."),
    Paper(id="b", title="", abstract="Large language models (LLMs) are studied. Accuracy improves from 36.1 to 41.2."),
    Paper(id="c", title="Notes", abstract="No names or numbers here at all."),
]


def _extract_in_worker(args):
    extractor, paper = args
    return extractor.extract(paper).model_dump_json()


def test_is_the_default_extractor():
    ex = load_extractor("rules")
    assert isinstance(ex, RuleExtractor) and isinstance(ex, Extractor) and ex.name == "rules"


def test_batch_and_single_results_agree_and_keep_order():
    ex = RuleExtractor()
    batched = list(ex.extract_many(ABSTRACTS, batch_size=2))
    single = [ex.extract(p) for p in ABSTRACTS]
    assert [x.id for x in batched] == ["a", "b", "c"]
    assert [x.model_dump() for x in batched] == [x.model_dump() for x in single]
    assert [x.model_dump() for x in extract_many(ex, ABSTRACTS)] == [x.model_dump() for x in single]


def test_output_is_plain_models_that_round_trip_as_json():
    x = RuleExtractor().extract(ABSTRACTS[0])
    assert type(x) is Extraction and x.extractor == "rules"
    again = Extraction.model_validate_json(x.model_dump_json())
    assert again == x
    assert x.proposed()[0].name == "ZorbNet"
    for c in x.claims:
        assert ABSTRACTS[0].abstract[c.start:c.end] == c.evidence


def test_same_input_same_output():
    a = RuleExtractor().extract(ABSTRACTS[0]).model_dump_json()
    b = RuleExtractor().extract(ABSTRACTS[0]).model_dump_json()
    assert a == b


def test_pickles_small_and_works_in_worker_processes():
    ex = RuleExtractor()
    ex.extract(ABSTRACTS[0])  # the process-wide pipeline exists now; it must not travel with the extractor
    blob = pickle.dumps(ex)
    assert len(blob) < 500
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        results = pool.map(_extract_in_worker, [(ex, p) for p in ABSTRACTS])
    assert results == [ex.extract(p).model_dump_json() for p in ABSTRACTS]


def test_claim_and_entity_names_refer_to_the_entity_list():
    for x in RuleExtractor().extract_many(ABSTRACTS):
        names = {e.name for e in x.entities}
        for c in x.claims:
            for role in (c.subject, c.object, c.dataset, c.metric):
                assert role is None or role in names, (role, names)


def test_entities_have_keys_counts_and_confidence():
    x = RuleExtractor().extract(ABSTRACTS[0])
    assert all(e.key and e.count >= 1 and 0 < e.confidence <= 1 for e in x.entities)
    assert len({e.key for e in x.entities}) == len(x.entities)


def test_empty_and_odd_abstracts_do_not_fail():
    ex = RuleExtractor()
    for text in ["x", "(", "))) ((( ...", "1 2 3 4 5 %", "\u200b\u200bword", "A" * 5000, "é" * 10 + " (É)"]:
        x = ex.extract(Paper(id="odd", abstract=text))
        assert x.id == "odd"


# -- robustness on generated text ------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_PIECES = st.sampled_from([
    "We", "propose", "ZorbNet", "outperforms", "BERT", "by", "8.2%", "3\\%", "+14.4%", "10-20x", "2.3×",
    "from", "36.1", "to", "41.2", "on", "ImageNet", "(", ")", "(ZN)", ",", ".", "e.g.", "et al.", "Fig. 2",
    "accuracy", "up to", "points", "it", "our", "Llama3.1-8B-Instruct", "CIFAR-10-C", "GPT-4o-mini", "p-MoD",
    "achieves", "reduces", "on par with", "state-of-the-art", ":", ";", "—", "é", "\n", "0.85", "F1", "vs.",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_PIECES, min_size=1, max_size=40), st.sampled_from(["", "ZorbNet: A Title", "X: y"]))
def test_any_mix_of_pieces_gives_valid_output(pieces, title):
    abstract = " ".join(pieces).strip() or "x"
    x = RuleExtractor().extract(Paper(id="h", title=title, abstract=abstract))
    text = Paper(id="h", abstract=abstract).abstract
    names = {e.name for e in x.entities}
    for c in x.claims:
        assert text[c.start:c.end] == c.evidence and c.start < c.end
        assert c.subject is None or c.subject in names
    for e in x.entities:
        assert e.name.strip() and e.key


def test_a_hard_wrapped_abstract_gives_whole_sentences_as_evidence():
    # The arXiv metadata wraps abstracts at about 80 characters: the evidence is still the whole sentence, as the
    # abstract writes it (wraps kept), at its offsets, and the claims are those of the same text on one line.
    one_line = ("We study fast parsers. Experiments on three benchmarks show that QuillNet reaches 88.1% accuracy "
                "on TreeBank-X and outperforms BERT by 2.3 points.")
    wrapped = one_line.replace("show that ", "show that\n").replace("accuracy ", "accuracy\n")
    flat, hard = (RuleExtractor().extract(Paper(id="w", title="", abstract=a)) for a in (one_line, wrapped))
    assert hard.claims and len(hard.claims) == len(flat.claims)
    for c, f in zip(hard.claims, flat.claims):
        assert wrapped[c.start:c.end] == c.evidence and c.evidence.startswith("Experiments on") and "\n" in c.evidence
        assert (c.start, c.end, c.kind, c.subject, c.value) == (f.start, f.end, f.kind, f.subject, f.value)
def test_the_doc_attribute_shortcut_is_spacys_own_extension_storage():
    # The components read and write their results straight in `doc.user_data` (cheaper than `doc._`):
    # that must be the very storage `doc._` uses, or the results would vanish from the Doc.
    from kg.extractors.mentions import doc_attr, set_doc_attr

    doc = RuleExtractor().nlp(ABSTRACTS[0].abstract)
    assert doc._.claims and doc_attr(doc, "claims") is doc._.claims
    assert doc._.entities and doc_attr(doc, "entities") is doc._.entities
    assert doc_attr(doc, "quantities") is doc._.quantities
    set_doc_attr(doc, "proposed", "Quux")
    assert doc._.proposed == "Quux"
    doc._.acronyms = {"QX": 1}
    assert doc_attr(doc, "acronyms") == {"QX": 1}


def _demo_papers() -> list[Paper]:
    from pathlib import Path

    from kg.read import read_papers

    path = Path(__file__).resolve().parents[1] / "kg" / "data" / "demo_abstracts.jsonl"
    return [p for p in read_papers(path) if isinstance(p, Paper)] + ABSTRACTS


def test_extraction_leaves_no_reference_cycles_for_the_collector():
    # `extract_many` turns the cyclic collector off while a batch is extracted, on the premise that the
    # pipeline's objects are all freed by reference counting: a full collection afterwards finds nothing.
    import gc

    ex = RuleExtractor()
    papers = _demo_papers()
    assert len(papers) > 10
    list(ex.extract_many(papers))  # first use: loads the lists and patterns
    gc.collect()
    gc.disable()
    try:
        for _ in ex.extract_many(papers, batch_size=4):
            pass
        for p in papers[:5]:
            ex.extract(p)
        assert gc.collect() == 0
    finally:
        gc.enable()


def test_the_collector_is_on_again_between_batches_and_off_stays_off():
    import gc

    ex = RuleExtractor()
    assert gc.isenabled()
    states = [gc.isenabled() for _ in ex.extract_many(ABSTRACTS, batch_size=1)]
    assert states == [True, True, True] and gc.isenabled()
    gc.disable()
    try:
        list(ex.extract_many(ABSTRACTS))
        assert not gc.isenabled()
    finally:
        gc.enable()
