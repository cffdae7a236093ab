# Before a rule runs on an Oxigraph copy of an rdflib graph (ipo_graph.rules): keep
# the graph's own triples in a named graph, so that sparql/rule-changes.rq can tell
# what the rule added and removed (the copy of an earlier run goes first).
DROP SILENT GRAPH <urn:x-ipo-graph:asserted> ;

INSERT { GRAPH <urn:x-ipo-graph:asserted> { ?s ?p ?o } }
WHERE { ?s ?p ?o }
