"""SHACL on Oxigraph: the shapes compiled to set-based SPARQL, pyshacl as the reference.

``compile`` turns each shape with targets into SPARQL SELECTs (one per constraint) that
return every violating (focus node, value) at once; ``engine`` runs them on a pyoxigraph
store and falls back to pyshacl for a shape it could not compile;
``oxdata`` parses the files into the store; ``ipo_graph.locations`` says where each
node is, for either engine.
"""
