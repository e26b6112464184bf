"""
Benchmarks and query-plan checks for the public pages (see bench/README.md), and the generated
archive they run on (bench.archive).

May import: anything of the site; nothing in the site imports bench.
"""
