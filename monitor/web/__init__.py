"""The read-only web app (`newsmon serve`, or the daemon with [web] enabled = true): the
digest of any day, stories, articles, search and source health, each page with a JSON API."""
