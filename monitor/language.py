"""The contract's entry point ``monitor.language.detect_language`` (see the README); the
implementation lives in monitor.article.language."""

from __future__ import annotations

from monitor.article.language import detect_language

__all__ = ["detect_language"]
