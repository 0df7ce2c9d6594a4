"""`kg site`: the claims graph as static HTML pages (index, dataset leaderboards, entities), opened from disk.

    >>> from kg.queries.graph import Graph
    >>> from kg.site.build import build_site
    >>> with Graph.open() as g:                                   # doctest: +SKIP
    ...     print(build_site(g, Path("site")))
"""
