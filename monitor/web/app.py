"""The Flask app: pages and JSON API (routes.py), the safety checks (security.py), error
pages that never show a traceback, and the template helpers."""

from __future__ import annotations

import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from flask import Flask, Response, jsonify, render_template, request
from sqlalchemy.orm import Session, sessionmaker
from werkzeug.exceptions import HTTPException, InternalServerError, SecurityError

from monitor.config.settings import Config
from monitor.web import security
from monitor.web.context import EXTENSION, AppState, close_session
from monitor.web.healthcache import HealthCache
from monitor.web.routes import DIGEST_FILTERS, SEARCH_ARGS, pages
from monitor.web.sources import chart_svg

log = logging.getLogger(__name__)
_HERE = Path(__file__).parent


def create_app(config: Config, sessions: sessionmaker[Session], host: str) -> Flask:
    """The web app on the database of ``sessions`` (read only), as served on ``host``."""
    app = Flask(__name__, template_folder=str(_HERE / "templates"),
                static_folder=str(_HERE / "static"))
    app.extensions[EXTENSION] = AppState(config=config, sessions=sessions,
                                         health=HealthCache(config, sessions))
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.config["MAX_CONTENT_LENGTH"] = 0  # nothing is ever uploaded
    security.install(app, config, host)
    app.teardown_appcontext(close_session)
    app.register_blueprint(pages)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)
    app.jinja_env.filters["when"] = when
    app.jinja_env.filters["paragraphs"] = paragraphs
    app.jinja_env.globals.update(chart=chart_svg, kept_args=kept_args,
                                 digest_filters=DIGEST_FILTERS, search_args=SEARCH_ARGS)
    return app


def kept_args(*names: str) -> dict[str, str]:
    """The request's parameters named (and not empty), for links that keep them. Only
    known names: url_for reads some keys itself (_external, _scheme)."""
    return {name: value for name in names if (value := request.args.get(name, "").strip())}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _http_error(error: HTTPException) -> Any:
    code = error.code or 500
    message = error.description or error.name
    if _wants_json():
        response = jsonify({"error": error.name, "message": message})
        response.status_code = code
    elif isinstance(error, SecurityError):
        # Refused before routing (a Host this app does not answer): no page chrome, whose
        # links would need the refused Host.
        response = Response(f"{code} {error.name}: {message}\n", status=code,
                            mimetype="text/plain")
    else:
        response = Response(render_template("error.html", code=code, name=error.name,
                                            message=message), status=code)
    for name in ("Allow", "WWW-Authenticate"):
        if name in error.get_headers():
            response.headers[name] = dict(error.get_headers())[name]
    return response


def _unexpected(error: Exception) -> Any:
    log.exception("web: %s %s failed", request.method, request.path)
    return _http_error(InternalServerError())


def when(value: str | None) -> str:
    """An ISO 8601 time as 'YYYY-MM-DD HH:MM' (in the offset it carries)."""
    if not value:
        return "—"
    try:
        return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value


def paragraphs(text: str | None) -> list[str]:
    """The article text's paragraphs (the extractor keeps one per line)."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]
