"""Metric names: frames and name shapes that say a measure, and those that say something else (issue 12)."""
import pytest

from kg.extractors.rules import RuleExtractor
from kg.models import Paper


@pytest.fixture(scope="module")
def names():
    ex = RuleExtractor()
    return lambda text: {e.name: e.type for e in ex.extract(Paper(id="t", title="", abstract=text)).entities}


@pytest.mark.parametrize("sentence", [
    "We train Zorblet with a novel reconstruction loss and it improves accuracy by 3%.",
    "Zorblet adds a principled, modified training loss, and it improves accuracy by 3%.",
    "Zorblet is trained with an adversarial loss and improves accuracy by 3%.",
])
def test_a_loss_after_an_article_is_an_objective_not_a_metric(names, sentence):
    got = names(sentence)
    assert not any(name.endswith("loss") for name in got), got
    assert got.get("accuracy") == "Metric"


@pytest.mark.parametrize("sentence, metric", [
    ("Zorblet reaches a lower training loss than the frozen sorter, improving accuracy by 3%.", "training loss"),
    ("Zorblet reaches a final loss of 0.03 and improves accuracy by 3%.", "final loss"),
    ("Zorblet cuts the validation loss by 12% over the frozen sorter.", "validation loss"),
])
def test_a_loss_that_is_measured_stays_a_metric(names, sentence, metric):
    assert names(sentence).get(metric) == "Metric"


@pytest.mark.parametrize("sentence", [
    "Zorblet is trained with the reconstruction loss function and improves accuracy by 3%.",
    "Zorblet combines QuuxKL loss with widget masking and improves accuracy by 3%.",
])
def test_a_loss_function_or_a_loss_named_by_a_capitalised_word_is_an_objective(names, sentence):
    got = names(sentence)
    assert not any(name.endswith("loss") and t == "Metric" for name, t in got.items()), got
    assert got.get("accuracy") == "Metric"


@pytest.fixture(scope="module")
def entities():
    ex = RuleExtractor()
    return lambda text: {e.name: e for e in ex.extract(Paper(id="t", title="", abstract=text)).entities}


def test_listed_costs_of_different_things_are_different_metrics(entities):
    # The gazetteer lists spellings of one measure on a line; a training cost is not an inference cost.
    got = entities("Zorblet cuts the training cost by 40% and the inference latency by 2x over the frozen sorter.")
    assert got["training cost"].type == "Metric" and got["inference latency"].type == "Metric"
    assert "inference cost" not in got["training cost"].aliases
    assert "latency" not in got["inference latency"].aliases


def test_a_loss_listed_after_another_metric_is_not_read_back_to_an_article(names):
    got = names("Zorblet reaches a perplexity, validation loss and accuracy better than the frozen sorter by 3%.")
    assert got.get("validation loss") == "Metric"
