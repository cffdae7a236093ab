# Before an entailment rule runs on a copy of an rdflib graph (ipo_graph.inference): keep
# the graph's own triples in a named graph, so that sparql/entailed-triples.rq can tell
# what the rule added.
INSERT { GRAPH <urn:x-ipo-graph:asserted> { ?s ?p ?o } }
WHERE { ?s ?p ?o }
