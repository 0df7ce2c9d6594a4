"""The lexicon miner (`extractors.mining`): acronym definitions, type evidence, spelling variants and
names learnt from unlabelled abstracts. The fixture abstracts are invented for these tests; the names in
them (Quokka, Marmot-7B, ...) are made up so that no rule can come from an annotated abstract."""
from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.extractors.mining import Lexicon, Thresholds, build_lexicon
from kg.extractors.mining.acronyms import find_definitions
from kg.extractors.mining.text import clean_text, sentences, tokens

ROOT = Path(__file__).resolve().parent.parent
ONE = Thresholds(acronym_papers=1, type_papers=1, name_papers=1, surface_papers=1, common_word_min=1)

RECORDS = [
    {"title": "Thinking longer", "abstract": "Test-Time Scaling (TTS) lets a model think longer.\n"
                                             "We fine-tune Marmot-7B on the Quokka dataset."},
    {"title": "More compute", "abstract": "We revisit test-time scaling (TTS) for math. Marmot-7B reaches "
                                          "85.2% on Quokka and an FLUQ of 3.1."},
    {"title": "Voices", "abstract": "Text-to-Speech (TTS) systems read text aloud. The FLUQ score of our "
                                    "system is 4.2 on ImageNet-Z."},
    {"title": "Speech", "abstract": "A text-to-speech (TTS) model trained on Quokka. We report results on "
                                    "tasks such as wombat tracking and echo counting on ImageNetZ."},
    {"title": "Plural", "abstract": "Large Language Models (LLMs) are compared with PVT (Pyramid Vision "
                                    "Transformer) and ViTs. A TTS pipeline uses ViT features."},
]


def lexicon(thresholds: Thresholds = ONE) -> Lexicon:
    return build_lexicon(RECORDS, thresholds)


# --- text ---------------------------------------------------------------------------------------

def test_line_breaks_and_latex_become_plain_text():
    raw = "we use $\\textbf{R}$etrieval-\nAugmented Generation\n(RAG) for a $2\\times$ gain of 3.1\\%."
    assert clean_text(raw) == "we use Retrieval-Augmented Generation (RAG) for a 2x gain of 3.1%."


def test_sentences_do_not_end_at_abbreviations():
    text = "Methods, e.g. Foo, work. Results in Fig. 2 hold. Done."
    assert sentences(text) == ["Methods, e.g. Foo, work.", "Results in Fig. 2 hold.", "Done."]


# --- acronyms -----------------------------------------------------------------------------------

@pytest.mark.parametrize("sentence, short, long", [
    ("We use Low-Rank Adaptation (LoRA) here.", "LoRA", "Low-Rank Adaptation"),
    ("Structural Similarity (SSIM) is reported.", "SSIM", "Structural Similarity"),
    ("A Mixture-of-Experts (MoE) layer.", "MoE", "Mixture-of-Experts"),
    ("Text-to-Image (T2I) models draw.", "T2I", "Text-to-Image"),
    ("the 3D Gaussian Splatting (3DGS) scene", "3DGS", "3D Gaussian Splatting"),
    ("Vision Transformers (ViTs) see.", "ViT", "Vision Transformer"),
    ("we apply RL (reinforcement learning) to it", "RL", "reinforcement learning"),
])
def test_definitions_are_matched_letter_by_letter(sentence, short, long):
    found = find_definitions(tokens(clean_text(sentence)))
    assert [(d.short, d.long) for d in found] == [(short, long)]


@pytest.mark.parametrize("sentence", [
    "The results (Table 1) are good.",
    "We compare with a strong baseline (GPT-4).",
    "in our new method (SOTA) setting",
])
def test_brackets_that_do_not_spell_the_short_form_are_not_definitions(sentence):
    assert find_definitions(tokens(clean_text(sentence))) == []


def test_an_acronym_defined_in_one_paper_is_counted_where_it_is_only_used():
    lex = lexicon()
    assert ("Pyramid Vision Transformer", 1) in lex.expansions("PVT")
    tts = lex.short_papers("TTS")
    assert tts == 5  # defined in four papers, used without definition in the fifth


def test_ambiguous_short_forms_keep_every_expansion_with_its_votes():
    expansions = dict(lexicon().expansions("TTS"))
    assert expansions == {"Test-Time Scaling": 2, "Text-to-Speech": 2}


def test_plural_short_forms_define_the_singular():
    assert lexicon().expansions("LLMs") == lexicon().expansions("LLM") == [("Large Language Model", 1)]


# --- type evidence ------------------------------------------------------------------------------

def test_types_come_from_head_nouns_and_frames():
    lex = lexicon()
    assert lex.type_votes("Quokka") == {"Dataset": 3}  # the X dataset, 85.2% on X, trained on X
    assert lex.type_votes("marmot-7-b")["Model"] == 2  # fine-tune X, a parameter count
    assert lex.type_votes("FLUQ") == {"Metric": 2}  # an X of 3.1, the X score
    assert lex.type_votes("wombat tracking") == {"Task": 1}  # tasks such as X
    assert lex.type_votes("echo counting") == {"Task": 1}  # ... and Y
    assert lex.type_votes("nothing-like-this") == {}


def test_votes_are_papers_not_mentions():
    records = [{"title": "", "abstract": "The Quokka dataset. The Quokka dataset again. Trained on Quokka."}]
    assert build_lexicon(records, ONE).type_votes("Quokka") == {"Dataset": 1}


# --- variants, names, thresholds ----------------------------------------------------------------

def test_spelling_variants_are_grouped():
    lex = lexicon()
    assert dict(lex.surfaces("ImageNet-Z")) == {"ImageNet-Z": 1, "ImageNetZ": 1}
    assert dict(lex.surfaces("ViT")) == {"ViT": 1, "ViTs": 1}
    assert [(p.name, p.score_papers) for p in lex.score_pairs] == [("FLUQ", 1)]


def test_thresholds_keep_noise_out():
    strict = lexicon(Thresholds(acronym_papers=2, type_papers=2, name_papers=2, surface_papers=2,
                                common_word_min=1))
    assert strict.expansions("PVT") == []  # defined once
    assert dict(strict.expansions("TTS")) == {"Test-Time Scaling": 2, "Text-to-Speech": 2}
    assert strict.name_papers("Marmot-7B") == 2 and strict.name_papers("PVT") == 0
    assert strict.type_votes("wombat tracking") == {}
    assert strict.surfaces("ImageNet-Z") == []


def test_common_words_count_lower_case_use():
    lex = lexicon()
    row = lex.common_word("model")
    assert row is not None and row.papers == 2


# --- files --------------------------------------------------------------------------------------

def test_write_then_read_gives_the_same_lexicon(tmp_path):
    lex = lexicon()
    lex.write(tmp_path)
    again = Lexicon.read(tmp_path)
    assert again.acronyms == lex.acronyms and again.types == lex.types
    assert again.surface_rows == lex.surface_rows and again.names == lex.names
    assert again.common_words == lex.common_words and again.score_pairs == lex.score_pairs
    assert again.extensions == lex.extensions
    assert dict(again.expansions("tts")) == {"Test-Time Scaling": 2, "Text-to-Speech": 2}


def _build(corpus: Path, out: Path, seed: str) -> None:
    env = dict(os.environ, PYTHONHASHSEED=seed)
    subprocess.run([sys.executable, "-m", "kg.extractors.mining", "build", str(corpus), "-o", str(out),
                    "--acronym-papers", "1", "--type-papers", "1", "--name-papers", "1",
                    "--surface-papers", "1"],
                   check=True, cwd=ROOT, env=env, capture_output=True)


def test_the_command_reads_gzip_json_lines_and_output_is_identical_across_hash_seeds(tmp_path):
    corpus = tmp_path / "corpus.jsonl.gz"
    lines = [json.dumps({"id": str(i), "title": r["title"], "summary": r["abstract"]}) for i, r in enumerate(RECORDS)]
    corpus.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8")))
    _build(corpus, tmp_path / "a", "1")
    _build(corpus, tmp_path / "b", "2")
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert "acronyms.tsv" in files and "manifest.json" in files
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert dict(Lexicon.read(tmp_path / "a").expansions("TTS")) == {"Test-Time Scaling": 2, "Text-to-Speech": 2}


def test_kg_lexicon_build_writes_the_lexicon(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": str(i), **r}) + "\n" for i, r in enumerate(RECORDS)), encoding="utf-8")
    result = CliRunner().invoke(cli, ["lexicon", "build", str(corpus), "-o", str(tmp_path / "lex"),
                                      "--acronym-papers", "2"], obj={})
    assert result.exit_code == 0, result.output
    assert "5 papers" in result.output
    lex = Lexicon.read(tmp_path / "lex")
    assert dict(lex.expansions("TTS")) == {"Test-Time Scaling": 2, "Text-to-Speech": 2}
    assert lex.expansions("PVT") == []  # the threshold given on the command line applies
    assert lex.manifest["documents"] == 5 and lex.manifest["thresholds"]["acronym_papers"] == 2


def test_the_shipped_lexicon_is_readable_and_keeps_ambiguity():
    from kg.extractors.mining import bundled_lexicon

    lex = bundled_lexicon()
    assert lex.manifest["documents"] > 0 and lex.acronyms and lex.types and lex.names
    expansions = [e for e, _ in lex.expansions("TTS")]
    assert len(expansions) >= 2  # text-to-speech and test-time scaling both kept


def test_a_users_corpus_adds_to_the_shipped_lexicon():
    from kg.extractors.mining.merge import merge

    shipped = build_lexicon(RECORDS[:2], ONE)  # defines TTS as test-time scaling only
    users = build_lexicon([{"title": "", "abstract": "Our Text-to-Speech (TTS) voice and the Quokka dataset."}], ONE)
    both = merge(shipped, users)
    assert dict(both.expansions("TTS")) == {"Test-Time Scaling": 2, "Text-to-Speech": 1}
    assert both.short_papers("TTS") == 3
    assert both.type_votes("Quokka")["Dataset"] == 3
    assert both.manifest["documents"] == 3


def test_spellings_of_one_expansion_are_one_expansion():
    records = [{"title": "", "abstract": "A multi-modal large language model (MLLM) sees."},
               {"title": "", "abstract": "Multimodal Large Language Models (MLLMs) see."},
               {"title": "", "abstract": "A Multimodal Large-Language Model (MLLM) optimises."},
               {"title": "", "abstract": "Proximal Policy Optimisation (PPO) and Proximal Policy Optimization (PPO)."}]
    lex = build_lexicon(records, ONE)
    assert [n for _, n in lex.expansions("MLLM")] == [3]
    assert [n for _, n in lex.expansions("PPO")] == [1]  # one paper, both spellings


def test_every_spelling_a_paper_uses_is_counted():
    records = [{"title": "", "abstract": "We run LLaMA here. Then Llama again and LLaMA."},
               {"title": "", "abstract": "We use Llama too."}]
    lex = build_lexicon(records, ONE)
    assert dict(lex.surfaces("llama")) == {"Llama": 2, "LLaMA": 1}
    assert lex.name_papers("LLAMA") == 2


def test_a_word_written_before_a_listed_task_in_a_noun_phrase_in_enough_papers_extends_it():
    # `object detection` is a listed task; `wombat object detection` is written as one name in three papers
    records = [{"title": "", "abstract": f"We report results for wombat object detection in burrow {i}."}
               for i in range(3)]
    records += [{"title": "", "abstract": "Methods for improving object detection and for quickly object "
                                          "detection. We like wombat object detection."} for _ in range(3)]
    rows = {(e.word, e.name): e.papers for e in build_lexicon(records).extensions}
    assert rows.get(("wombat", "object detection")) == 3  # the verb, the adverb and `like X` do not count
    assert ("improving", "object detection") not in rows and ("quickly", "object detection") not in rows
    fewer = build_lexicon(records[:2]).extensions
    assert not fewer  # two papers are under the default threshold of three


def test_a_gradable_word_extends_no_name():
    # `more wombat` is odd; `more sturdy` is how the corpus writes an evaluative adjective
    records = [{"title": "", "abstract": f"Results for sturdy object detection and for wombat object detection {i}. "
                                         f"Our model is more sturdy."} for i in range(3)]
    rows = {(e.word, e.name) for e in build_lexicon(records).extensions}
    assert ("wombat", "object detection") in rows
    assert ("sturdy", "object detection") not in rows
