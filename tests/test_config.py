"""The layered config: defaults < file < environment < command line, and one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.config.settings import SETTINGS, ConfigError, load_config

SITE = {"name": "shymkent-news", "feeds": ["https://shymkent.example.kz/rss.xml"]}


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "newsmon.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_cover_every_declared_setting() -> None:
    config = load_config(environ={}, data={})
    assert set(config.values) == {s.key for s in SETTINGS}
    assert config["schedule.timezone"] == "Asia/Almaty"
    assert config.database_url.endswith("data/newsmon.db")


def test_precedence_file_env_flag(tmp_path: Path) -> None:
    path = write(tmp_path, '[database]\nurl = "sqlite:///from-file.db"\n'
                           '[schedule]\ncrawl_every_minutes = 15\n')
    assert load_config(path, environ={})["database.url"] == "sqlite:///from-file.db"
    env = {"NEWSMON_DATABASE_URL": "sqlite:///from-env.db"}
    assert load_config(path, environ=env)["database.url"] == "sqlite:///from-env.db"
    flag = load_config(path, environ=env, overrides={"database.url": "sqlite:///flag.db"})
    assert flag["database.url"] == "sqlite:///flag.db"
    assert flag["schedule.crawl_every_minutes"] == 15


def test_config_path_from_environment(tmp_path: Path) -> None:
    path = write(tmp_path, "data_dir = 'elsewhere'\n")
    config = load_config(environ={"NEWSMON_CONFIG": str(path)})
    assert config.data_dir == Path("elsewhere")
    assert config.source == str(path)


def test_site_domains_derived_and_nested_email_section() -> None:
    config = load_config(environ={}, data={
        "sites": [{**SITE, "start_urls": ["https://www.shymkent.example.kz/economy/"]}],
        "digest": {"email": {"enabled": True, "recipients": ["desk@example.kz"]}},
    })
    assert config.sites[0].allowed_domains == ("shymkent.example.kz",)
    assert config["digest.email.recipients"] == ["desk@example.kz"]
    again = load_config(environ={}, data=config.to_toml_dict())
    assert again.values == config.values and again.sites == config.sites


@pytest.mark.parametrize(("text", "expected"), [
    ("[crawl]\nspeed = 3\n", "unknown key 'crawl.speed'"),
    ("colour = 'red'\n", "unknown key 'colour'"),
    ("[[sites]]\nname = 'a'\n", "needs at least one of feeds, sitemaps, start_urls"),
    ("[[sites]]\nname = 'a'\nfeeds = ['https://a.kz/rss']\narticle_pattern = '(['\n",
     "article_pattern is not a valid regex"),
    ("[[sites]]\nname = 'a'\nfeeds = ['https://a.kz/rss']\nfeed = 'x'\n", "unknown key 'feed'"),
    ("[[sites]]\nname = 'Bad Name'\nfeeds = ['https://a.kz/rss']\n", "name must match"),
    ("[[sites]]\nname = 'a'\nfeeds = ['ftp://a.kz/rss']\n", "is not an http(s) URL"),
    ("[schedule]\ntimezone = 'Mars/Olympus'\n", "not a known time zone"),
    ("[schedule]\ndigest_at = '8am'\n", "digest_at must be HH:MM"),
    ("[crawl]\nretries = 'many'\n", "crawl.retries must be int"),
    ("[[topics]]\nname = 'x'\nterms = []\n", "terms must list at least one term"),
    ("[[topics]]\nname = 'x'\nterms = ['завод*|']\n", "has an empty term or spelling"),
    ("[database\nurl = 1\n", "not valid TOML"),
])
def test_bad_config_is_one_line_naming_file_and_key(tmp_path: Path, text: str,
                                                    expected: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as info:
        load_config(path, environ={})
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_duplicate_site_names_rejected() -> None:
    with pytest.raises(ConfigError, match="used twice"):
        load_config(environ={}, data={"sites": [SITE, SITE]})


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.toml", environ={})


def test_without_sites_the_builtin_registry_is_watched() -> None:
    config = load_config(environ={}, data={})
    names = {s.name for s in config.enabled_sites()}
    assert {"kazinform-ru", "kazinform-kk"} <= names
    assert all(s.article_pattern for s in config.enabled_sites())
    # An explicit empty list means "no sites", not "the built-in ones".
    assert load_config(environ={}, data={"sites": []}).sites == ()


@pytest.mark.parametrize(("extra", "message"), [
    ({"quirks": ["teleport"]}, "sites[0] (s).quirks: unknown quirk 'teleport'"),
    ({"quirks": ["geo-filtered:yes"]}, "'geo-filtered' takes no ':argument'"),
    ({"quirks": ["ajax-pagination:/more"]}, "needs a URL template with {n}"),
    ({"selectors": {"body": "div[["}}, "sites[0] (s).selectors.body: not a CSS selector"),
    ({"selectors": {"headline": "h1"}}, "unknown key 'headline'"),
])
def test_a_sites_quirks_and_selectors_are_checked(extra: dict[str, object], message: str) -> None:
    site = {"name": "s", "feeds": ["https://s.kz/rss"], **extra}
    with pytest.raises(ConfigError) as err:
        load_config(data={"sites": [site]}, environ={})
    assert message in str(err.value) and "\n" not in str(err.value)


def test_a_sites_profile_is_resolved_once_from_its_entry() -> None:
    config = load_config(environ={}, data={"sites": [{
        "name": "s", "feeds": ["https://s.kz/rss"], "language": "kz",
        "quirks": ["slow-responses", "drop-line-prefix:Фото:", "date-format:%d.%m.%Y"],
        "selectors": {"title": "h2.headline"}}]})
    site = config.site("s")
    profile = site.profile
    assert site.language == "kk"  # one table of language-code spellings
    assert profile.slow and not profile.geo_filtered
    assert profile.line_rules == (("drop-line-prefix", "Фото:"),)
    assert profile.date_formats == ("%d.%m.%Y",) and profile.selector("title") == "h2.headline"
    again = load_config(environ={}, data=config.to_toml_dict()).site("s")
    assert again.profile == profile  # survives the trip to the crawl process
