"""Pipeline stages: one module per stage, each exposing ``run(doc: Document) -> Document``."""
