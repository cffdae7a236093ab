# The only entailment validation adds (see ipo_graph.validate): the types rdfs:domain gives,
# through super-properties too, without super-classes (SHACL follows rdfs:subClassOf itself).
# Range entailment is left out on purpose: it would make every sh:class check true.
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

# Each (resource, class) once: inserting every triple's duplicate costs a third more.
INSERT { ?s a ?class }
WHERE {
  { SELECT DISTINCT ?s ?class WHERE {
    { SELECT DISTINCT ?p ?class WHERE {
        { ?p rdfs:domain ?class } UNION { ?p rdfs:subPropertyOf+ ?super . ?super rdfs:domain ?class }
    } }
    ?s ?p ?o .
  } }
}
