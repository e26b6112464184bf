"""
The generated archive: years of realistic daily editions written in bulk for benchmarks and load
tests (python -m bench.archive). Each day is drawn (day) from its vocabulary (words), in helper
processes (pool), and written in chunks (writer).

May import: anything of the site; nothing in the site imports bench.
"""
