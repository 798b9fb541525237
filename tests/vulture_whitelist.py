"""Names vulture reports as unused that are used, each with why (read by
tests/test_architecture.py; vulture counts the attribute accesses below as uses)."""
# ruff: noqa: B018, F821
from monitor.article import wordmodel
from monitor.config.settings import Setting
from monitor.config.sources import Source
from monitor.crawl import pipelines, settings, sharedsched, sitecheck
from monitor.demo import localsite
from monitor.web import routes
from spiders import middlewares
from storage import models, searchindex

# Framework hooks, called by name: Scrapy (pipeline, downloader middleware, log formatter,
# add-on), http.server (do_GET, log_message, class attributes), urllib (redirect handler),
# SQLAlchemy (TypeDecorator, type_annotation_map).
pipelines.StorePipeline.open_spider
pipelines.StorePipeline.process_item
pipelines.QuietLogFormatter.dropped
settings.ConfigAddon.update_settings
# The crawl workers' scheduler (scrapy-redis's attribute df) and spider middleware.
sharedsched.SharedScheduler.df
sharedsched.SharedScheduler.enqueue_request
sharedsched.SharedScheduler.next_request
sharedsched.SharedScheduler.has_pending_requests
sharedsched.DoneMiddleware.process_spider_output
middlewares.ResolveMiddleware.process_request
middlewares.ResolveMiddleware.process_response
middlewares.ResolveMiddleware.process_exception
sitecheck._NoRedirect.redirect_request
localsite._Server.Handler.do_GET
localsite._Server.Handler.do_HEAD
localsite._Server.Handler.log_message
localsite._Server.Handler.protocol_version
localsite._Server.Handler.server_version
localsite._Server.daemon_threads
localsite._Server.request_queue_size
models.UTCDateTime.impl
models.UTCDateTime.cache_ok
models.UTCDateTime.process_bind_param
models.UTCDateTime.process_result_value
models.Base.type_annotation_map

# Columns and relationships of the schema: written by the store and the migrations, read by
# SQL and by people inspecting the database.
models.Story.updated
models.Article.story_keys
models.DigestRun.created

# The registry's research record (docs/sources.md, tests/test_sources.py) and each setting's
# help text (the declaration documents itself; docs/configuration.md says it to users).
Source.outlet
Source.homepage
Source.non_examples
Source.examples_verified
Source.notes
Setting.help

# Parameters a caller's signature requires: context-manager exit, alembic's include_object and
# render_item hooks, LocalSite.reply (GET and HEAD share it).
exc_type
tb
reflected
compare_to
autogen_context
method

# The fixture server's request log, read by the crawl tests; the SQLAlchemy event listener
# that writes an article's sketch and story-key rows in its own flush.
localsite.LocalSite.requests
localsite.LocalSite.reset_log
localsite.LocalSite.peak_in_flight
_insert_children

# The web app: Flask calls its view functions by route (the pages' twins under /api/, the
# date picker's form target, the Atom feed of today), reads the JSON provider's options and
# the error response's status; migration 0004 (excluded from this scan) calls
# searchindex.drop on downgrade.
routes.digest_picker
routes.api_digest
routes.api_digest_today
routes.feed_today
routes.api_story
routes.api_article
routes.api_search
routes.api_sources
ensure_ascii
sort_keys
status_code
searchindex.drop
# The word model is fitted by bench/fit_wordmodel.py (and tests/test_wordmodel.py), outside
# the scanned packages.
wordmodel.fit
