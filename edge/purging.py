"""
Purging the edge: the keys of what a committed change touched, sent to every Varnish node.

An effect in the project's registry (core/changes.py, bulletin/reader_visible.py):
inside the transaction `keys()` turns the changed rows into the surrogate keys of
every page that shows them (keys.py names them); after the commit `run()` sends
them all, in one purge per node, from a background thread, so the editor's
save never waits for Varnish nor fails with it. A node that does not answer is
retried with growing pauses and each failure is logged; the purge is sent a
second time EDGE_PURGE_REPEAT_SECONDS later, for a page a node fetched from
an app server just before the commit and stored just after the first purge.

The keys are worked out on every change (a few indexed queries inside the
transaction, so the effect can be tested like the others); nothing is sent
unless EDGE_PURGE_URLS names a node.
"""

import logging
import re
import threading
import time
import urllib.error
import urllib.request

from django.conf import settings

from articles.models import Article, Byline, CaseStudy
from core.changes import Effect
from editions.models import Issue, Page

from . import keys

log = logging.getLogger("edge.purge")

SECRET_HEADER = "X-Purge-Secret"
# What deploy/varnish/start accepts as a secret (it is written into the VCL between quotes).
SAFE_SECRET = re.compile(r"[A-Za-z0-9._~+/=-]{16,}")
# Varnish reads request headers up to 8 KB by default: purge long lists in parts.
MAX_HEADER_CHARS = 6000
# Pauses before the second, third… try at a node that did not answer.
RETRY_PAUSES = (0.2, 0.5, 1, 2, 5)

_in_flight = []
_in_flight_lock = threading.Lock()


def purging_on():
    return bool(settings.EDGE_PURGE_URLS)


def _stories_placed(**placement):
    """Keys of the stories on some pages or editions, with the lists they appear in."""
    found = set()
    rows = Article.objects.filter(**placement).values_list("pk", "department_id", "case_study__campaign_id")
    for pk, department_id, campaign_id in rows:
        found.add(keys.story(pk))
        if department_id:
            found.add(keys.department_list(department_id))
        if campaign_id:
            found.add(keys.campaign_list(campaign_id))
    return found


def _issue_dates(page_ids):
    rows = Page.objects.filter(pk__in=page_ids).values_list("issue__date", flat=True)
    return {keys.issue(date) for date in rows}


def of_stories(rows):
    """A story changed: its page, the lists it is in, its edition, the feeds and sitemaps."""
    found = {keys.STORIES, keys.DEPARTMENTS}
    for row in rows:
        found.add(keys.story(row.pk))
        if row.department_id:
            found.add(keys.department_list(row.department_id))
        if row.page_id:
            found.add(keys.page(row.page_id))
    found |= _issue_dates({row.page_id for row in rows if row.page_id})
    campaigns = CaseStudy.objects.filter(article_id__in=[row.pk for row in rows]).values_list("campaign_id", flat=True)
    found |= {keys.campaign_list(pk) for pk in campaigns if pk}
    return found


def of_story_parts(rows):
    """A byline or photo: shown on its story's page and wherever the story is listed."""
    return {keys.story(row.article_id) for row in rows}


def of_case_studies(rows):
    found = {keys.story(row.article_id) for row in rows}
    return found | {keys.campaign_list(row.campaign_id) for row in rows if row.campaign_id}


def of_case_study_items(rows):
    """A practice, lesson or key figure: its case study's story, and the campaign page that shows key figures."""
    return of_case_studies(CaseStudy.objects.filter(pk__in={row.case_study_id for row in rows}))


def of_people(rows):
    """A person is shown by name on the stories they wrote."""
    stories = Byline.objects.filter(person_id__in=[row.pk for row in rows]).values_list("article_id", flat=True)
    return {keys.story(pk) for pk in stories}


def of_campaigns(rows):
    return {keys.CAMPAIGNS} | {key for row in rows for key in (keys.campaign(row.pk), keys.campaign_list(row.pk))}


def of_departments(rows):
    found = {keys.DEPARTMENTS}
    for row in rows:
        found |= {keys.department(row.pk), keys.department_list(row.pk)}
    return found


def of_issues(rows):
    """An edition: its pages, the front page, the calendar, and its stories wherever they are listed."""
    found = {keys.FRONT, keys.ISSUES, keys.STORIES, keys.DEPARTMENTS}
    found |= {keys.issue(row.date) for row in rows}
    return found | _stories_placed(page__issue_id__in=[row.pk for row in rows])


def of_pages(rows):
    """A page (its number, name, picture, areas): the edition it is in, and its stories."""
    found = {keys.page(row.pk) for row in rows}
    editions = Issue.objects.filter(pk__in={row.issue_id for row in rows}).values_list("date", flat=True)
    found |= {keys.issue(date) for date in editions}
    return found | _stories_placed(page_id__in=[row.pk for row in rows])


KEYS_OF = {
    "articles.Article": of_stories,
    "articles.Byline": of_story_parts,
    "articles.Photo": of_story_parts,
    "articles.CaseStudy": of_case_studies,
    "articles.Practice": of_case_study_items,
    "articles.Lesson": of_case_study_items,
    "articles.KeyFigure": of_case_study_items,
    "articles.Person": of_people,
    "articles.Campaign": of_campaigns,
    "departments.Department": of_departments,
    "editions.Issue": of_issues,
    "editions.Page": of_pages,
}

# What a row held before a save, when a change moves it: a story to another page or department,
# an edition to another date.
_PLACEMENT = {
    Article: ("department_id", "page_id"),
    Page: ("issue_id",),
    Issue: ("date",),
}


class PurgeAtTheEdge(Effect):
    """Purge, at every Varnish node, the pages that show the changed rows (as they were and as they are)."""

    def __repr__(self):
        return "<PurgeAtTheEdge>"

    def before_save(self, instance):
        fields = _PLACEMENT.get(type(instance))
        if fields and instance.pk:
            instance._edge_before = type(instance)._base_manager.filter(pk=instance.pk).first()

    def keys(self, model, rows):
        rows = list(rows) + [row._edge_before for row in rows if getattr(row, "_edge_before", None) is not None]
        return KEYS_OF[model._meta.label](rows)

    def run(self, keys_to_purge):
        if keys_to_purge and purging_on():
            purge(sorted(keys_to_purge))

    def everything_changed(self):
        # Called by commands (restore), which must not exit before the purge is out.
        self.run({keys.ALL})
        wait()


PURGE_AT_THE_EDGE = PurgeAtTheEdge()


def purge(names, *, nodes=None):
    """Purge `names` at every node, each from its own background thread; returns the threads."""
    started = []
    for node in nodes or settings.EDGE_PURGE_URLS:
        thread = threading.Thread(target=_purge_node, args=(node, names), name=f"edge-purge {node}", daemon=True)
        thread.start()
        started.append(thread)
    with _in_flight_lock:
        _in_flight[:] = [thread for thread in _in_flight if thread.is_alive()] + started
    return started


def wait(timeout=30):
    """Until every purge started so far has ended (tests, and a command that must not exit before its purges)."""
    with _in_flight_lock:
        threads = list(_in_flight)
    for thread in threads:
        thread.join(timeout)


def _purge_node(node, names):
    if _send_with_retries(node, names) and settings.EDGE_PURGE_REPEAT_SECONDS:
        time.sleep(settings.EDGE_PURGE_REPEAT_SECONDS)
        _send_with_retries(node, names)


def _send_with_retries(node, names):
    pauses = RETRY_PAUSES
    attempts = len(pauses) + 1
    for attempt in range(1, attempts + 1):
        try:
            for part in _parts(names):
                _send(node, part)
            return True
        except (OSError, urllib.error.URLError, ValueError) as error:
            if attempt == attempts:
                log.error("Purge of %d keys at %s failed %d times, giving up: %s", len(names), node, attempts, error)
                return False
            log.warning("Purge of %d keys at %s failed (try %d of %d): %s", len(names), node, attempt, attempts, error)
            time.sleep(pauses[attempt - 1])
    return False


def _parts(names):
    part, length = [], 0
    for name in names:
        if part and length + len(name) + 1 > MAX_HEADER_CHARS:
            yield part
            part, length = [], 0
        part.append(name)
        length += len(name) + 1
    if part:
        yield part


def _send(node, names):
    request = urllib.request.Request(
        node,
        method="PURGE",
        headers={"xkey": " ".join(names), SECRET_HEADER: settings.EDGE_PURGE_SECRET},
    )
    with urllib.request.urlopen(request, timeout=settings.EDGE_PURGE_TIMEOUT) as response:
        if response.status != 200:
            raise ValueError(f"answered {response.status}")
