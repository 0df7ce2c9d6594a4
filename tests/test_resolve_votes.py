"""The votes' cached outcomes stay what the votes say as papers come and go (kg.resolve.votes), and the resolve
stage's bounded memo gives the function's own results (kg.resolve.memo)."""
from __future__ import annotations

from kg.resolve.memo import memo
from kg.resolve.votes import MIN_USES_FOR_A_SHARE, Votes


def fresh(uses: int) -> Votes:
    """Votes built at once: the lexicon's one definition of `QZ`, and `uses` papers of the corpus using it."""
    votes = Votes()
    votes.add_base("qz", "quartzzone", "quartz zone", papers=1)
    votes.load({}, {f"p{i}": {"qz"} for i in range(uses)})
    return votes


def test_a_cached_outcome_follows_the_uses_across_the_name_in_its_own_right_rule() -> None:
    votes = Votes()
    votes.add_base("qz", "quartzzone", "quartz zone", papers=1)
    seen = set()
    for i in range(MIN_USES_FOR_A_SHARE + 5):
        votes.set_uses(f"p{i}", ["qz"])
        assert votes.outcome("qz") == fresh(i + 1).outcome("qz")
        seen.add(votes.outcome("qz"))
    assert seen == {("=", "quartzzone"), ()}  # the rule took the short form once enough papers used it undefined
    for i in range(MIN_USES_FOR_A_SHARE + 5):
        votes.set_uses(f"p{i}", [])
        assert votes.outcome("qz") == fresh(MIN_USES_FOR_A_SHARE + 4 - i).outcome("qz")
    assert votes.outcome("qz") == ("=", "quartzzone")


def test_the_memo_gives_the_function_results_when_it_starts_again() -> None:
    calls: list[str] = []

    @memo(size=3)
    def shout(word: str) -> str:
        calls.append(word)
        return word.upper()

    words = ["ab", "cd", "ab", "ef", "gh", "ab", "cd"]
    assert [shout(w) for w in words] == [w.upper() for w in words]
    assert calls.count("ab") == 2  # computed again only after the memo was full and started again
    assert shout.__name__ == "shout"
