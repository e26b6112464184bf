"""Benchmarks and query-plan checks for the public pages (see bench/README.md)."""
