"""
The edge cache: Varnish in front of the app servers (deploy/varnish/).

Every public page the site sends to an anonymous reader says what it shows,
as surrogate keys in an `xkey` header (the stories, the edition and its
pages, the department, the campaign, the front page: keys.py), and until
when a shared cache may keep it, in `Edge-Expires` (never past the next
scheduled publish time, the rule the reader cache follows: headers.py).
After a committed change readers could see (publish, withdraw, edit,
restore, a page's areas, an edition), the effect in purging.py turns the
changed rows into the same keys and purges them at every Varnish node
(`EDGE_PURGE_URLS`), in the background, retrying and logging, never holding
up the editor's save.

Its own package above editions: it names what the stories, editions, pages,
departments and campaigns show, so it must see all of them, and nothing
below it needs to know that a shared cache exists.

May import: core, departments, articles, editions.
"""
