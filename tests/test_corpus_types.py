"""A name typed in other abstracts of the corpus (the mined lexicon's `types.tsv`) gets that type when its
own abstract says nothing; weak or split evidence gives no type, and a missing file is no error."""
from kg.extractors.corpus_types import corpus_type, load_types

HEADER = "key\tname\tpapers\tModel\tMethod\tDataset\tMetric\tTask\tframes\n"


def write(tmp_path, rows: str):
    path = tmp_path / "types.tsv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_a_clear_majority_over_enough_papers_types_the_name(tmp_path):
    path = write(tmp_path, "quuxbench\tQuuxBench\t12\t0\t1\t11\t0\t0\thead:benchmark=11\n")
    assert corpus_type("QuuxBench", path) == "Dataset"
    assert corpus_type("Quux-Bench", path) is None  # another key: not this name


def test_split_votes_or_few_papers_give_no_type(tmp_path):
    path = write(tmp_path, "zork\tZORK\t10\t5\t5\t0\t0\t0\t\nfrob\tFrob\t2\t0\t2\t0\t0\t0\t\n")
    assert corpus_type("ZORK", path) is None
    assert corpus_type("Frob", path) is None


def test_a_missing_file_gives_no_types(tmp_path):
    assert load_types(tmp_path / "absent.tsv") == {}
