"""The MkDocs adapter of the knowledge-base engine."""
