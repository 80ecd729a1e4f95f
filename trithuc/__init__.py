"""trithuc: the registry and follow-up system for a province's intellectual workforce."""

__version__ = "0.1.0"
