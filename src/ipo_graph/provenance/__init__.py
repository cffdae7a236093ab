"""Provenance: the sources, dates and exact words behind an entity or a fact (``why``), and
the excerpts that state a thing (``evidence``)."""
