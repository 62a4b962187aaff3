"""Export: the knowledge base in open data formats and the JSON Schemas that describe them."""
