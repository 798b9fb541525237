"""One page -> one Article, as pure functions without I/O or a database: decoding and extraction,
cleanup, dates, language, topics and places, figures and numbers, fingerprints and the
same-story features. Imports only monitor.config."""
