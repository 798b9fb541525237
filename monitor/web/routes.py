"""The pages and their JSON API: each page is one view function (monitor.web.views,
searchview, sources) whose dict the HTML template renders and /api/... returns as is."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request, url_for
from sqlalchemy.orm import Session

from monitor.config.settings import Config
from monitor.digest.build import build_digest, render
from monitor.web import params
from monitor.web.context import current_config, current_health, current_session
from monitor.web.searchview import SearchRequest, search_page
from monitor.web.sources import sources_page
from monitor.web.views import DigestFilters, article_page, digest_page, story_page

pages = Blueprint("pages", __name__)
DIGEST_FILTERS = ("region", "lang", "topic", "site")
SEARCH_ARGS = ("q", "lang", "site", "relevant", "from", "to", "size")


def _today(config: Config) -> date:
    return datetime.now(config.timezone).date()


def _page(template: str, build: Callable[[Session, Config], dict[str, Any] | None],
          api: bool) -> Any:
    data = build(current_session(), current_config())
    if data is None:
        abort(404)
    if api:
        return jsonify(data)
    return render_template(template, data=data)


def _digest_filters() -> DigestFilters:
    args = request.args
    return DigestFilters(region=params.text_param(args, "region"),
                         language=params.text_param(args, "lang"),
                         topic=params.text_param(args, "topic"),
                         site=params.text_param(args, "site"))


@pages.get("/")
def home() -> Any:
    return _digest(_today(current_config()), api=False)


@pages.get("/digest")
def digest_picker() -> Any:
    """The date picker's form: /digest?date=D -> /digest/D (filters kept)."""
    raw = request.args.get("date", "").strip()
    day = params.parse_day(raw) if raw else _today(current_config())
    kept: dict[str, Any] = {k: v for k in DIGEST_FILTERS
                            if (v := request.args.get(k, "").strip())}
    return redirect(url_for("pages.digest", day=day.isoformat(), **kept), code=303)


@pages.get("/digest/<day>")
def digest(day: str) -> Any:
    return _digest(params.parse_day(day), api=False)


@pages.get("/api/digest/<day>")
def api_digest(day: str) -> Any:
    return _digest(params.parse_day(day), api=True)


@pages.get("/api/digest")
def api_digest_today() -> Any:
    return _digest(_today(current_config()), api=True)


def _digest(day: date, api: bool) -> Any:
    filters = _digest_filters()
    warnings = current_health().warnings()
    return _page("digest.html", lambda s, c: digest_page(s, c, day, filters, warnings), api)


@pages.get("/feed.atom")
def feed_today() -> Response:
    return _feed(_today(current_config()))


@pages.get("/feed/<day>.atom")
def feed(day: str) -> Response:
    return _feed(params.parse_day(day))


def _feed(day: date) -> Response:
    digest = build_digest(current_session(), day, current_config(),
                          warnings=current_health().warnings())
    text = render(digest, "atom")
    return Response(text, mimetype="application/atom+xml")


@pages.get("/story/<int:story_id>")
def story(story_id: int) -> Any:
    return _page("story.html", lambda s, c: story_page(s, c, story_id), api=False)


@pages.get("/api/story/<int:story_id>")
def api_story(story_id: int) -> Any:
    return _page("story.html", lambda s, c: story_page(s, c, story_id), api=True)


@pages.get("/article/<int:article_id>")
def article(article_id: int) -> Any:
    return _page("article.html", lambda s, c: article_page(s, c, article_id), api=False)


@pages.get("/api/article/<int:article_id>")
def api_article(article_id: int) -> Any:
    return _page("article.html", lambda s, c: article_page(s, c, article_id), api=True)


@pages.get("/search")
def search() -> Any:
    return _search(api=False)


@pages.get("/api/search")
def api_search() -> Any:
    return _search(api=True)


def _search(api: bool) -> Any:
    args = request.args
    query = SearchRequest(
        query=params.text_param(args, "q", params.MAX_QUERY_CHARS) or "",
        language=params.text_param(args, "lang"), site=params.text_param(args, "site"),
        relevant=params.flag_param(args, "relevant"),
        since=params.optional_day(args, "from"), until=params.optional_day(args, "to"))
    paging = params.paging(args)
    return _page("search.html", lambda s, c: search_page(s, c, query, paging), api)


@pages.get("/sources")
def sources() -> Any:
    return _sources(api=False)


@pages.get("/api/sources")
def api_sources() -> Any:
    return _sources(api=True)


def _sources(api: bool) -> Any:
    statuses = current_health().get()
    return _page("sources.html", lambda s, c: sources_page(s, c, statuses), api)
