"""Entities: gazetteer, name shapes, context cues, abbreviations, the proposed entity.

The tests use a small gazetteer of their own (written to a temporary directory), so they describe the
mechanisms, not the contents of the shared lists.
"""
import pytest

from kg.extractors.gazetteer import load_gazetteer, parse_line
from kg.extractors.rules import RuleExtractor
from kg.models import Paper

GAZETTEER = {
    "models.txt": "# test list\nCLIP\nImagen\nSparse Zorb\nGPT-4o | GPT4o\nLlama 3 | Llama-3\nBERT\nPhi @cs\n",
    "datasets.txt": "ImageNet\nMMLU\nGSM8K\n",
    "metrics.txt": "accuracy\ntop-1 accuracy\nF1\n",
    "tasks.txt": "image classification\n",
    "methods.txt": "LoRA\nZRHF | zorb reinforcement from human feedback\n",
    "not_entities.txt": "large language models\n",
}


@pytest.fixture(scope="module")
def gaz_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("gazetteer")
    for name, text in GAZETTEER.items():
        (d / name).write_text(text, encoding="utf-8")
    return d


@pytest.fixture(scope="module")
def extract(gaz_dir):
    ex = RuleExtractor(gazetteer_dir=str(gaz_dir))
    return lambda abstract, title="": ex.extract(Paper(id="t", title=title, abstract=abstract))


def names(x):
    return {e.name: e.type for e in x.entities}


# -- gazetteer -------------------------------------------------------------------------------------

def test_gazetteer_line_format():
    assert parse_line("GPT-4o | GPT4o | gpt-4o") == (["GPT-4o", "GPT4o", "gpt-4o"], False)
    assert parse_line("Phi @cs") == (["Phi"], True)
    assert parse_line("# a comment") is None and parse_line("   ") is None


def test_missing_gazetteer_files_are_tolerated(tmp_path):
    assert len(load_gazetteer(tmp_path)) == 0


def test_a_name_listed_with_its_exact_case_types_only_that_spelling(gaz_dir):
    gaz = load_gazetteer(gaz_dir)
    assert gaz.types_of("Phi") == ["Model"] and gaz.types_of("PHI") == [] and gaz.types_of("clip") == ["Model"]


def test_gazetteer_matches_case_insensitively_and_keeps_the_authors_spelling(extract):
    x = extract("We fine-tune Clip and GPT4o on IMAGENET and reach 80% Top-1 Accuracy.")
    assert names(x) == {"Clip": "Model", "GPT4o": "Model", "IMAGENET": "Dataset", "Top-1 Accuracy": "Metric"}


def test_all_lower_case_words_only_match_entries_written_in_lower_case(extract):
    # `units` is a word, `UniTS` a model: a name listed only with capitals is not matched in lower case.
    assert names(extract("We fine-tune clip features on imagenet and reach 80% accuracy.")) == {"accuracy": "Metric"}


def test_case_sensitive_entries_need_the_exact_case(extract):
    assert "Phi" in names(extract("We evaluate Phi on MMLU and report accuracy."))
    assert "phi" not in {n.lower() for n in names(extract("The angle phi grows on MMLU."))} - {"mmlu"}


def test_not_entities_block_generic_phrases(extract):
    x = extract("Large Language Models are strong. Large Language Models (LLMs) are everywhere.")
    assert x.entities == []


# -- shapes and context ----------------------------------------------------------------------------

@pytest.mark.parametrize("text, name, type_", [
    ("ResFormer-B-MR achieves 75.3% accuracy on ImageNet.", "ResFormer-B-MR", None),
    ("We fine-tune Llama3.1-8B-Instruct with LoRA.", "Llama3.1-8B-Instruct", "Model"),
    ("We compare against p-MoD and others.", "p-MoD", None),
    ("Robustness is measured on CIFAR-10-C, a corrupted benchmark.", "CIFAR-10-C", "Dataset"),
    ("GPT-4o-mini is cheaper than GPT-4o.", "GPT-4o-mini", "Model"),
    ("We release the HumSet dataset.", "HumSet", "Dataset"),
    ("Accuracy on FooQA improves by 3%.", "FooQA", "Dataset"),
])
def test_unseen_names_by_shape(extract, text, name, type_):
    found = names(extract(text))
    assert name in found, found
    if type_:
        assert found[name] == type_


def test_cue_words_type_names(extract):
    x = extract("We evaluate on the ZorbBench benchmark and compare with the QuuxNet method. "
                "ZorbBench scores rise while QuuxNet lags.")
    assert names(x)["ZorbBench"] == "Dataset" and names(x)["QuuxNet"] == "Method"


def test_an_apposition_is_typed_by_its_head_noun_not_its_first_cue_word(extract):
    # `agent` is a Method cue, but the noun phrase is headed by `benchmark`.
    x = extract("We introduce ZorbArena, a new web agent benchmark for spreadsheet chores.")
    assert names(x)["ZorbArena"] == "Dataset"
    x = extract("We introduce QuuxScore, a new metric of faithfulness. Our model reaches a QuuxScore of 0.8.")
    assert names(x)["QuuxScore"] == "Metric"


def test_the_noun_before_a_naming_word_types_the_name(extract):
    x = extract("We define a confidence metric named QuuxDiff. Our model reaches a QuuxDiff of 0.8.")
    assert names(x)["QuuxDiff"] == "Metric"
    x = extract("We collect a large benchmark, dubbed ZorbSuite, and train on ZorbSuite.")
    assert names(x)["ZorbSuite"] == "Dataset"
    # The naming word may stand before a long form that the abbreviation then stands for.
    x = extract("We define a new metric called Zorb Probability Gap (ZPG). Our parser reaches a ZPG of 0.8.")
    assert names(x)["ZPG"] == "Metric"


def test_an_unseen_variant_takes_the_type_of_the_longest_known_name_it_starts_with(extract):
    # `ImageNetZ` starts with the model `Imagen` and with the longer dataset `ImageNet`.
    x = extract("We study ImageNetZ and ImagenXL together.")
    assert names(x)["ImageNetZ"] == "Dataset" and names(x)["ImagenXL"] == "Model"


def test_a_longer_capitalised_name_may_hold_a_generic_abbreviation(extract):
    x = extract("Our 1B model scores higher on the LM Zorb Harness benchmark than the baseline does.")
    assert names(x).get("LM Zorb Harness") == "Dataset"
    x = extract("Results with an Efficient LLM are shown; the Efficient LLM helps.")
    assert "Efficient LLM" not in names(x)


def test_a_title_case_name_said_once_is_typed_by_its_head_noun(extract):
    x = extract("We fit Kernel Ridge Regression to the data and compare Stacked Decoder Layers.")
    assert names(x).get("Kernel Ridge Regression") == "Method"
    assert "Stacked Decoder Layers" not in names(x)  # a plural head names a class


def test_an_ordinary_word_is_no_family(extract):
    # `Sparse Zorb` is a listed model, but `sparse` is an ordinary word: `SparseQuux` is not of its family.
    assert names(extract("We add SparseQuux to the pipeline."))["SparseQuux"] == "Method"


def test_names_in_one_list_share_a_type(extract):
    x = extract("Results on MMLU, FooBench-2 and BarEval-X improve by 3%.")
    assert names(x)["BarEval-X"] == "Dataset" and names(x)["FooBench-2"] == "Dataset"


def test_model_size_after_a_space_is_part_of_the_name(extract):
    assert "Zorblax 7B" in names(extract("We propose Zorblax 7B, a new model. Zorblax 7B beats BERT."))


def test_words_hyphenated_onto_names_are_left_out(extract):
    x = extract("A CLIP-based detector and BERT-like encoders.")
    assert {"CLIP", "BERT"} <= set(names(x)) and not any("based" in n or "like" in n for n in names(x))


@pytest.mark.parametrize("text", [
    "See https://github.com/org/RepoName for code.",
    "The bound is O(n) and E[Y|X] holds.",
    "As shown by (Smith et al., 2018a), it works.",
    "State-of-the-art LLMs use GPUs.",
    "The vocabulary grows from 32K. Training takes 2.3e21 FLOPS and is 5.3times faster.",
    "Sizes range over 70M-12B, contexts up to 128K-long.",
])
def test_not_names(extract, text):
    assert extract(text).entities == []


# -- abbreviations ---------------------------------------------------------------------------------

def test_abbreviation_definition_is_one_entity_named_by_the_short_form(extract):
    x = extract("We use Contrastive Language-Image Pre-training (CLIP) features. CLIP helps.")
    clip = [e for e in x.entities if e.name == "CLIP"]
    assert len(clip) == 1 and "Contrastive Language-Image Pre-training" in clip[0].aliases
    assert clip[0].count == 3  # long form, short form, later mention
    assert not any(e.name.startswith("Contrastive") for e in x.entities)


def test_abbreviation_type_from_the_long_form_head(extract):
    x = extract("Segmentation from Sparse Clicks (SSC) is hard. Message Propagation (MP) helps SSC.")
    assert names(x) == {"SSC": "Task", "MP": "Method"}


def test_a_listed_abbreviation_spelled_out_with_other_function_words_keeps_its_listed_type(extract):
    # The list spells it `from human feedback`; the text says `with`. A different expansion of the same
    # letters would not take the listed type.
    x = extract("Zorb reinforcement with human feedback (ZRHF) aligns models. ZRHF is costly.")
    assert names(x)["ZRHF"] == "Method"


def test_a_singular_noun_after_a_definition_names_what_it_defines(extract):
    x = extract("We introduce the Masked Receipt Filling (MRF) task, where a model restores receipts. MRF is hard.")
    assert names(x)["MRF"] == "Task"


def test_short_form_before_its_long_form(extract):
    x = extract("Here we develop TIDE: Token-level Iterative DEcoding, a method for parsers.")
    tide = [e for e in x.entities if e.name == "TIDE"][0]
    assert tide.aliases == ["Token-level Iterative DEcoding"] and tide.proposed


def test_plural_abbreviation_of_a_model_class_is_no_entity(extract):
    assert extract("Vision-language models (VLMs) are popular.").entities == []


# -- the proposed entity ---------------------------------------------------------------------------

@pytest.mark.parametrize("title, abstract, name", [
    ("", "We propose Zorblax, a method for sparse training. Zorblax is fast.", "Zorblax"),
    ("", "In this paper we introduce a framework called Lantern for training.", "Lantern"),
    ("", "We present QuuxNet (Quick Unified Network) for detection.", "QuuxNet"),
    ("", "Quill, a new family of open models, is released today.", "Quill"),
    ("Lantern: Efficient Sparse Training", "Lantern trains sparse models fast.", "Lantern"),
    ("Paper Lantern: Reading Old Newspapers", "We build Paper Lantern for historians.", "Paper Lantern"),
    ("", "Our experiments show that our FooNet beats BERT.", "FooNet"),
])
def test_proposed_entity(extract, title, abstract, name):
    proposed = [e.name for e in extract(abstract, title).entities if e.proposed]
    assert proposed == [name]


def test_proposed_dataset_takes_its_cue(extract):
    x = extract("We propose the new ZorbClips dataset of noisy videos.")
    assert [(e.name, e.type, e.proposed) for e in x.entities] == [("ZorbClips", "Dataset", True)]


@pytest.mark.parametrize("title", ["Rethinking Attention: A Survey", "Towards Better Models: Ideas",
                                   "Ranking from Pairwise Votes: Better Rankers"])
def test_title_prefixes_that_are_not_names(extract, title):
    x = extract("Attention is studied. We find that models learn.", title)
    assert not any(e.proposed for e in x.entities)


@pytest.mark.parametrize("title, abstract", [
    ("Zorblax: Summaries of Wiki Edits", "We summarise edits with a small model that runs fast."),
    ("Lantern-T2: Scaling Tests", "We scale tests. Code: https://example.org/Lantern-T2"),  # a web address is no mention
])
def test_a_coined_name_only_in_the_title_is_the_proposal(extract, title, abstract):
    name = title.split(":")[0]
    assert [(e.name, e.proposed) for e in extract(abstract, title).entities if e.name == name] == [(name, True)]


def test_an_ordinary_word_before_the_colon_is_no_name(extract):
    x = extract("We study how agents argue. Arguing helps.", "Debate: Why Agents Argue")
    assert not any(e.proposed for e in x.entities)


def test_title_abbreviation_spelled_out_after_the_colon(extract):
    x = extract("We improve parsers with more training. Results improve on MMLU by 2%.",
                "Better Parsers with ZAPs: Zero-shot Adaptive Parsing Steps")
    zaps = [e for e in x.entities if e.name == "ZAPs"][0]
    assert zaps.proposed and zaps.aliases == ["Zero-shot Adaptive Parsing Steps"]


# -- output fields ---------------------------------------------------------------------------------

def test_count_key_and_most_common_spelling(extract):
    x = extract("GPT-4o is strong. We compare GPT-4o with gpt4o-style prompts and GPT-4o again.")
    gpt = [e for e in x.entities if e.key == "gpt-4-o"][0]
    assert gpt.name == "GPT-4o" and gpt.count >= 3


def test_confidence_ranks_known_and_typed_names_above_bare_shapes(extract):
    x = extract("We use ImageNet and the ZorbBench benchmark, and mention QxZ-9 once.")
    conf = {e.name: e.confidence for e in x.entities}
    assert conf["ImageNet"] > conf["ZorbBench"] > conf["QxZ-9"]
    assert all(0.0 <= c <= 1.0 for c in conf.values())


def test_metric_only_kept_where_results_are_reported(extract):
    assert "accuracy" not in names(extract("Accuracy matters for users. We study it."))
    assert names(extract("Our method reaches 81% accuracy on MMLU."))["accuracy"] == "Metric"


def test_a_task_named_only_as_what_a_system_is_for_is_no_entity(extract):
    assert "image classification" not in names(extract("We train an image classification model on ImageNet."))
    assert names(extract("We study image classification on ImageNet."))["image classification"] == "Task"


def test_a_metric_the_abstract_defines_is_kept_without_a_result(extract):
    x = extract("We define the Zorb Probability Gap (ZPG), a new metric. ZPG tracks how parsers drift.")
    assert names(x).get("ZPG") == "Metric"


def test_a_listed_data_set_opening_a_metric_compound_is_its_own_entity(extract):
    x = names(extract("ZorbNet reaches 71.4% ImageNet zero-shot accuracy and 63.0% GSM8K exact-match accuracy."))
    assert x.get("ImageNet") == "Dataset" and x.get("zero-shot accuracy") == "Metric"
    assert x.get("GSM8K") == "Dataset" and x.get("exact-match accuracy") == "Metric"
    assert "ImageNet zero-shot accuracy" not in x
    # a capitalised rest is the metric's own name
    assert "ImageNet Detection Score" in names(extract("ZorbNet outperforms BERT by 2.0 ImageNet Detection Score."))
