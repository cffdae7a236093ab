# The only entailment validation adds (see ipo_graph.validate): the types rdfs:domain gives,
# through super-properties too, without super-classes (SHACL follows rdfs:subClassOf itself).
# Range entailment is left out on purpose: it would make every sh:class check true.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Each (resource, class) once, and only where the data does not state it already: most
# resources state their type, and inserting a triple the store has costs more than looking
# it up (scale 200: 0.9 s against 1.1 s; in rdfs-entailment.ru, where most are new, the
# look-up costs more than it saves).
INSERT { ?s a ?class }
WHERE {
  { SELECT DISTINCT ?s ?class WHERE {
    { SELECT DISTINCT ?p ?class WHERE {
        { ?p rdfs:domain ?class } UNION { ?p rdfs:subPropertyOf+ ?super . ?super rdfs:domain ?class }
    } }
    ?s ?p ?o .
  } }
  FILTER NOT EXISTS { ?s a ?class }
}
