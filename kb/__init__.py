"""The knowledge-base engine: load -> validate -> link -> render -> export.

Every stage is a module of plain functions over the plain dataclasses of `kb.model`.
The engine never imports MkDocs, so the site generator can be replaced.
"""
