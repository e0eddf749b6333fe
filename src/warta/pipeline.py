"""The pipeline: an ordered list of named stages, each a pure function ``Document -> Document``.

The registry below is the one place where stages are named, ordered and given their
``requires`` (stages that must have run first). ``build`` checks a requested chain before
anything runs, and ``Pipeline.__call__`` runs it on one document.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from warta.errors import ConfigError
from warta.model import Document

StageFn = Callable[[Document], Document]


@dataclass(frozen=True, slots=True)
class Stage:
    """A registered stage: its name, the module holding ``run``, and what it needs and sets."""

    name: str
    module: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    doc: str

    def load(self) -> StageFn:
        """Import the stage module and return its ``run`` function."""
        return importlib.import_module(self.module).run


REGISTRY: tuple[Stage, ...] = (
    Stage("clean", "warta.stages.clean", (), ("text", "offsets"),
          "remove page chrome; clean text with a map back to raw offsets"),
    Stage("meta", "warta.stages.meta", ("clean",),
          ("dateline", "published", "published_from", "language", "warnings"),
          "dateline, publication date, language and quality warnings"),
    Stage("segment", "warta.stages.segment", ("clean",), ("sentences", "tokens"),
          "Indonesian sentence splitting and tokenization"),
    Stage("entities", "warta.stages.entities", ("segment",), ("entities",),
          "named entities: PER, ORG, LOC, EVT"),
    Stage("link", "warta.stages.link", ("entities",), ("entities",),
          "canonical entities: clusters, canonical names, country and actor codes"),
    Stage("quotes", "warta.stages.quotes", ("segment", "link"), ("quotes",),
          "direct, split, partial and indirect quotes with cue and speaker"),
    Stage("timex", "warta.stages.timex", ("meta",), ("timexes",),
          "time expressions normalised against the publication date"),
    Stage("sources", "warta.stages.sources", ("segment", "timex"), ("sources", "quotes"),
          "reporting-source links (dilansir CNN dari KCNA) with date and via; the medium of quotes"),
)
STAGE_NAMES: tuple[str, ...] = tuple(s.name for s in REGISTRY)
DEFAULT_STAGES: tuple[str, ...] = STAGE_NAMES


def parse_stages(spec: str | Sequence[str] | None) -> tuple[str, ...]:
    """Turn ``"clean,segment"`` (or a list) into registry-ordered stage names; None means all."""
    if spec is None:
        return DEFAULT_STAGES
    names = [n.strip() for n in (spec.split(",") if isinstance(spec, str) else spec) if n.strip()]
    unknown = [n for n in names if n not in STAGE_NAMES]
    if unknown:
        raise ConfigError(
            f"unknown stage {', '.join(map(repr, unknown))}; known stages: {', '.join(STAGE_NAMES)}"
        )
    if not names:
        raise ConfigError(f"no stage selected; known stages: {', '.join(STAGE_NAMES)}")
    return tuple(n for n in STAGE_NAMES if n in names)


class Pipeline:
    """A checked, ordered chain of stages."""

    def __init__(self, stages: str | Sequence[str] | None = None) -> None:
        self.names = parse_stages(stages)
        self._stages = [s for s in REGISTRY if s.name in self.names]
        self._fns = [(s.name, s.load()) for s in self._stages]

    def check(self, doc: Document) -> None:
        """Raise ConfigError when a stage's prerequisites neither ran before nor are in the chain."""
        done = set(doc.stages)
        for stage in self._stages:
            missing = [r for r in stage.requires if r not in done]
            if missing:
                raise ConfigError(
                    f"stage {stage.name!r} requires {', '.join(map(repr, missing))}; "
                    f"add it to --stages (e.g. --stages {','.join([*missing, stage.name])})"
                )
            done.add(stage.name)

    def __call__(self, doc: Document) -> Document:
        """Run every stage on ``doc`` in order and return it."""
        self.check(doc)
        for name, fn in self._fns:
            doc = fn(doc)
            if name not in doc.stages:
                doc.stages.append(name)
        return doc

    def run_many(self, docs: Iterable[Document]) -> Iterable[Document]:
        """Run the pipeline over many documents lazily."""
        for doc in docs:
            yield self(doc)


_DEFAULT: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The full pipeline, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Pipeline()
    return _DEFAULT


def analyze(text_or_html: str, *, stages: str | Sequence[str] | None = None, **meta: Any) -> Document:
    """Analyse one article given as plain text or HTML.

    Args:
        text_or_html: the article body as scraped text, or a whole HTML page.
        stages: stage names to run (default: all).
        **meta: optional ``id``, ``source``, ``url``, ``title`` and ``date`` (ISO 8601).

    Returns:
        The analysed Document.
    """
    from warta.readers import document_from_text

    doc = document_from_text(text_or_html, **meta)
    pipe = default_pipeline() if stages is None else Pipeline(stages)
    return pipe(doc)
