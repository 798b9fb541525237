"""``newsmon demo`` (run.py) and the local HTTP server of fixture sites (localsite.py) that the
demo, the tests and the benchmarks crawl instead of the network."""
