"""Fixture sites served from 127.0.0.1 by monitor.localsite."""
