"""
Full-text search: the index (FTS5 on SQLite, tsvector on PostgreSQL), the search page, and the
effects that keep the index in step with the stories (effects, listed in bulletin/reader_visible.py).

May import: core, departments, articles, editions.
"""
