"""Which recent stored article reports the same event as a new one.

The store finds candidates (recent articles sharing the most story-key weight) and hands
them here as :class:`StoryCandidate`; :func:`pick_same_story` scores each with
storyfeatures.similarity and returns the best one at or above the threshold. The stems of a
stored article are computed once per process and cached: the same recent articles are
candidates for many new ones. The process that stores an article already has its stems
(its features carry them): :func:`remember` puts them in the cache, so the articles of the
same crawl are never stemmed again when they become candidates.
"""

from __future__ import annotations

from collections import OrderedDict

from monitor.article.storyfeatures import STORY_THRESHOLD, similarity, stems
from monitor.article.types import SameStory, StoryCandidate, StoryFeatures


def pick_same_story(new: StoryFeatures, candidates: list[StoryCandidate],
                    threshold: float = STORY_THRESHOLD) -> SameStory | None:
    """The best-scoring candidate at or above ``threshold``, or None."""
    best: SameStory | None = None
    for candidate in candidates:
        score = similarity(new, _features(candidate))
        if score >= threshold and (best is None or score > best.score):
            best = SameStory(candidate.article_id, candidate.story_id, score)
    return best


_STEMS_CACHE: OrderedDict[tuple[int, int], tuple[dict[str, float], dict[str, float]]]
_STEMS_CACHE = OrderedDict()
_STEMS_CACHE_SIZE = 20_000  # articles; a stored article's words never change


def _features(candidate: StoryCandidate) -> StoryFeatures:
    title_stems, text_stems = _stems_of(candidate.article_id, candidate.title, candidate.text)
    return StoryFeatures(language=candidate.language, keys=candidate.keys,
                         title_keys=candidate.title_keys, title_stems=title_stems,
                         text_stems=text_stems)


def remember(article_id: int, title: str, text: str, features: StoryFeatures) -> None:
    """Cache the stems of an article just stored with these title, text and features (its
    features hold stems(title) and stems(title + text), what a candidate needs)."""
    _put((article_id, hash((title, text))), (features.title_stems, features.text_stems))


def _put(key: tuple[int, int], found: tuple[dict[str, float], dict[str, float]]) -> None:
    _STEMS_CACHE[key] = found
    _STEMS_CACHE.move_to_end(key)
    if len(_STEMS_CACHE) > _STEMS_CACHE_SIZE:
        _STEMS_CACHE.popitem(last=False)


def _stems_of(article_id: int, title: str, text: str
              ) -> tuple[dict[str, float], dict[str, float]]:
    """Title and text stems of a stored article, cached (LRU). The key holds a hash of the
    words too, since ids repeat across databases in one process."""
    key = (article_id, hash((title, text)))
    found = _STEMS_CACHE.get(key)
    if found is None:
        found = (stems(title), stems(f"{title}\n{text}"))
        _put(key, found)
    else:
        _STEMS_CACHE.move_to_end(key)
    return found
