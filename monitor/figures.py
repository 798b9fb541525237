"""The numbers readers look for first: money, jobs, area, counts, with their sentence."""

from __future__ import annotations

from typing import Any


def extract_figures(text: str, language: str = "") -> list[dict[str, Any]]:
    """Each figure: {"kind": money|jobs|area|count, "value": float, "unit": str,
    "currency": str | None, "raw": matched text, "sentence": the sentence it came from}."""
    raise NotImplementedError
