"""Names cut before their last word read as the short form's expansion (invented names)."""
from types import SimpleNamespace

from kg.resolve.cuts import cut_expansion


def _lexicon(*rows: tuple[str, str, int]) -> SimpleNamespace:
    return SimpleNamespace(acronyms=[SimpleNamespace(short=s, expansion=e, papers=p) for s, e, p in rows])


LEX = _lexicon(("ZRPO", "Zorblat Relative Policy Optimization", 40),
               ("ZRP", "Zorblat Relative Policy", 3),  # rarer than MIN_PAPERS: its prefix is still an expansion
               ("QFT", "Quintic Flurbo Transformer", 30),
               ("QF", "Quintic Flurbo", 12),  # an expansion of its own: `Quintic Flurbo` is no cut
               ("LBM", "latent blorp model", 25))


def test_a_name_cut_before_its_last_word_is_the_expansion():
    assert cut_expansion(_lexicon(("ZRPO", "Zorblat Relative Policy Optimization", 40)),
                         "Zorblat Relative Policy") == "Zorblat Relative Policy Optimization"


def test_a_prefix_that_is_an_expansion_itself_is_no_cut():
    assert cut_expansion(LEX, "Zorblat Relative Policy") is None
    assert cut_expansion(LEX, "Quintic Flurbo") is None


def test_only_capitalised_names_and_common_expansions():
    assert cut_expansion(LEX, "latent blorp") is None  # lower case: a phrase of its own
    assert cut_expansion(_lexicon(("ZRPO", "Zorblat Relative Policy Optimization", 4)),
                         "Zorblat Relative Policy") is None  # too few papers
    assert cut_expansion(None, "Zorblat Relative Policy") is None
    assert cut_expansion(LEX, "Zorblat") is None


def test_a_trailing_model_word_goes_when_the_corpus_expands_without_it():
    from kg.resolve.cuts import without_model_word

    lex = _lexicon(("QFT", "Quintic Flurbo Transformer", 30), ("SZM", "Segment Zorblat Model", 20))
    assert without_model_word(lex, "Quintic Flurbo Transformer Model") == "Quintic Flurbo Transformer"
    assert without_model_word(lex, "Segment Zorblat Model") == "Segment Zorblat Model"  # the expansion keeps it
    assert without_model_word(lex, "Blorp Wibble Model") == "Blorp Wibble Model"  # no such expansion
    assert without_model_word(None, "Quintic Flurbo Transformer Model") == "Quintic Flurbo Transformer Model"
