"""The export stage: the graph, or a query's result, out to other tools.

`formats` (GraphML, GEXF, JSON Lines) and `neo4j_csv` (CSV files for `neo4j-admin database import`).
"""
