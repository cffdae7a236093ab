# The RDFS entailments the contract, shapes and queries need (rdfs2, 3, 5, 7, 9, 11),
# applied inside the Oxigraph store. Same result as ipo_graph.inference.materialise on an
# rdflib graph (tests/test_store.py checks this). The operations run in order: the
# sub-property triples come first, so the domain and range steps see them directly.
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# rdfs5 + rdfs7: every super-property of a used property
INSERT { ?s ?super ?o }
WHERE {
  ?p rdfs:subPropertyOf+ ?super .
  FILTER (?p != ?super)
  ?s ?p ?o .
} ;

# rdfs2 + rdfs9: the domain of a property, with its super-classes
INSERT { ?s rdf:type ?super }
WHERE {
  ?p rdfs:domain ?class .
  ?class rdfs:subClassOf* ?super .
  ?s ?p ?o .
} ;

# rdfs3 + rdfs9: the range of a property (resources only), with its super-classes
INSERT { ?o rdf:type ?super }
WHERE {
  ?p rdfs:range ?class .
  ?class rdfs:subClassOf* ?super .
  ?s ?p ?o .
  FILTER (!isLiteral(?o))
} ;

# rdfs9 + rdfs11: the super-classes of stated types
INSERT { ?s rdf:type ?super }
WHERE {
  ?class rdfs:subClassOf+ ?super .
  ?s rdf:type ?class .
}
