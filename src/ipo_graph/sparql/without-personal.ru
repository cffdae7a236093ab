# The public variant of the store: personal data (staff contact details) removed.
# ipo_graph.privacy.without_personal_data applies it to rdflib graphs too. Every triple
# of a property marked ipo:personalData true (or of a sub-property of one), and the copies
# RDFS entailment made of those triples under super-properties (ipo:workEmail ⊑ schema:email).
PREFIX ipo: <https://w3id.org/ipo-graph/def#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>

DELETE { ?s ?q ?o }
WHERE {
  { SELECT DISTINCT ?personal WHERE {
      ?marked ipo:personalData true .
      ?personal rdfs:subPropertyOf* ?marked .
  } }
  ?s ?personal ?o .
  ?personal rdfs:subPropertyOf* ?q .
}
