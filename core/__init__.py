"""
The rules every app shares, and nothing of any app.

What is live (publishing), the clock tests can move (clock), the reader cache
(caching), list paging (paging), queries compiled once per
process (prepared), URL reversing at marker speed (reversing),
the shared Redis client (redis_cache), optimistic locking (versioning), text
XML can carry (xml_chars), database statistics (statistics), the registry of
what readers see and what a change to it must do (changes), and the HTTP
perimeter every request passes (http).

May import: Django and third-party libraries only. Every app may import core.
"""
