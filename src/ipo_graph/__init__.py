"""ipo-graph: a knowledge graph of the Interprovinciaal Overleg (IPO) and its tooling."""

__version__ = "0.1.0"
