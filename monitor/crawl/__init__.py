"""The crawl: Scrapy settings, the pipeline (analysis in worker processes, storing in the crawl
process), the crawl child process and the runner that starts it, and the live sources check."""
