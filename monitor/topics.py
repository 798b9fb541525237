"""Relevance: configurable topics with an explainable score (the matched terms)."""

from __future__ import annotations

from dataclasses import dataclass, field

from monitor.config import Config, TopicConfig

DEFAULT_TOPICS: tuple[TopicConfig, ...] = ()


@dataclass
class TopicMatch:
    relevant: bool
    score: float
    topics: list[str]  # names of topics with at least one match, best first
    matched_terms: dict[str, list[str]] = field(default_factory=dict)  # topic -> terms
    places: list[str] = field(default_factory=list)  # gazetteer names found


class TopicModel:
    def __init__(self, topics: tuple[TopicConfig, ...] = DEFAULT_TOPICS,
                 threshold: float = 2.0) -> None:
        raise NotImplementedError

    @classmethod
    def from_config(cls, config: Config) -> TopicModel:
        raise NotImplementedError

    def score(self, title: str, text: str, language: str = "") -> TopicMatch:
        raise NotImplementedError
