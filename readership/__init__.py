"""
Readership: how often each story is read, counted without cookies or addresses, and the 热门 lists.

A story page carries a small script (static/readership/count_view.js) that
sends one beacon when the page is actually seen; the beacon is answered
before Django's request handling under gunicorn, else before any other
middleware (middleware.py), with one Redis increment on the day's hash
(counting.py), and `flush_view_counts` moves the counts into
StoryViews rows, one per story per day in Beijing time. The 今日热门 and
本周热门 lists (most_read.py, templatetags/readership.py) are read from those
rows; editors read the counts in the admin (admin.py): per story, per day and
per page of an edition.

Its own package, not part of articles: counting reads is its own concern
(a beacon, Redis, a flush), and it sits above articles and editions because
it reports per story and per page of the edition.

May import: core, departments, articles, editions.
"""
