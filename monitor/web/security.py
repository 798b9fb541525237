"""Safe by default: who may read (a token or basic auth from the config, required when the
app listens beyond the loopback), which Host names an open app answers, and the headers
every response carries (a Content-Security-Policy that allows no script at all)."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from urllib.parse import urlencode

from flask import Flask, Request, Response, redirect, request
from werkzeug.wrappers import Response as BaseResponse

from monitor.config.settings import Config, ConfigError

TOKEN_COOKIE = "newsmon_token"
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # Following a link to the original article tells the outlet nothing about this app.
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
# An app without credentials answers only these Host names, so a web page that points its
# own domain name at 127.0.0.1 (DNS rebinding) cannot read it.
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_bind(config: Config, host: str) -> None:
    """Refuse (ConfigError) to listen beyond the loopback without a token or basic auth."""
    if is_loopback(host) or has_credentials(config):
        return
    raise ConfigError(f"{config.source}: web.host {host!r} is not a loopback address: set "
                      "web.token (or web.username and web.password) to serve it")


def has_credentials(config: Config) -> bool:
    return bool(config["web.token"] or config["web.username"])


def install(app: Flask, config: Config, host: str) -> None:
    """Register the checks and headers on ``app``."""
    if not has_credentials(config) and is_loopback(host):
        app.config["TRUSTED_HOSTS"] = LOOPBACK_HOSTS
    app.before_request(lambda: authorize(request, config))
    app.after_request(_add_headers)


def _add_headers(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def authorize(req: Request, config: Config) -> BaseResponse | None:
    """None when the request may go on; otherwise the answer (401, or the redirect that
    trades ?token= for a cookie)."""
    token, user = config["web.token"], config["web.username"]
    if not token and not user:
        return None
    if token and _token_ok(req, token):
        return None
    if token and _same(req.args.get("token", ""), token):
        return _token_redirect(req, token)
    if user and req.authorization is not None and req.authorization.type == "basic":
        if (_same(req.authorization.username or "", user)
                and _same(req.authorization.password or "", config["web.password"])):
            return None
    return _unauthorized(bool(user))


def _token_ok(req: Request, token: str) -> bool:
    header = req.headers.get("Authorization", "")
    if header.lower().startswith("bearer ") and _same(header[7:].strip(), token):
        return True
    return _same(req.cookies.get(TOKEN_COOKIE, ""), _cookie_value(token))


def _token_redirect(req: Request, token: str) -> BaseResponse:
    """The same path without the token (a path of this app: never another host), with the
    cookie that stands for it from now on."""
    path = "/" + req.path.lstrip("/\\")
    rest = [(k, v) for k, v in req.args.items(multi=True) if k != "token"]
    response = redirect(path + ("?" + urlencode(rest) if rest else ""), code=303)
    response.set_cookie(TOKEN_COOKIE, _cookie_value(token), httponly=True, samesite="Strict",
                        secure=req.is_secure, path="/")
    return response


def _cookie_value(token: str) -> str:
    # The cookie holds a keyed hash of the token, not the token itself.
    return hmac.new(token.encode("utf-8"), b"newsmon-web-cookie", hashlib.sha256).hexdigest()


def _same(given: str, expected: str) -> bool:
    return bool(expected) and hmac.compare_digest(given.encode("utf-8"),
                                                  expected.encode("utf-8"))


def _unauthorized(basic: bool) -> Response:
    response = Response("401 Unauthorized: this newsmon needs a token or a password.\n",
                        status=401, mimetype="text/plain")
    response.headers["WWW-Authenticate"] = (
        'Basic realm="newsmon", charset="UTF-8"' if basic else 'Bearer realm="newsmon"')
    return response
