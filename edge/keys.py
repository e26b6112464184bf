"""
The surrogate keys: one name for each thing a page can show, and which page shows what.

A page is tagged with a key for everything on it; a change is purged by the
keys of what it changed (purging.py). Both sides build their keys with the
functions here, so they cannot spell them differently.

Which keys a page carries is decided per route, in one table (ROUTES), from
what the view put in its context: the test beside it (tests/test_edge_keys.py)
walks the URL patterns, so a public page added without a row here fails.
"""

ALL = "all"  # every page: purge it to empty the edge after a deploy
FRONT = "front"  # the front page: which edition is the latest
ISSUES = "issues"  # which editions exist: the back-issue calendar, an edition's neighbours, the sitemaps
STORIES = "stories"  # which stories are live: the feeds and the sitemaps
DEPARTMENTS = "departments"  # the departments index: each one's latest story
CAMPAIGNS = "campaigns"  # which campaigns exist (the sitemaps)
SITE = "site"  # robots.txt and the favicon: change with a deploy only


def story(pk):
    return f"story-{pk}"


def issue(date):
    # A row saved with its date given as text ("2023-02-15", as page import does) holds that text until read back.
    return f"issue-{date if isinstance(date, str) else format(date, '%Y-%m-%d')}"


def page(pk):
    return f"page-{pk}"


def department(pk):
    """The department itself (its name on its stories' pages)."""
    return f"department-{pk}"


def department_list(pk):
    """The department's list of stories."""
    return f"department-list-{pk}"


def campaign(pk):
    """The campaign itself (its banner and name, on its case studies' pages)."""
    return f"campaign-{pk}"


def campaign_list(pk):
    """The campaign's list of case studies."""
    return f"campaign-list-{pk}"


def _cached(instance, name):
    """The related object already fetched with `instance`, else None: a key is never worth a query."""
    return instance._state.fields_cache.get(name)


def of_story(article):
    """A story as a page shows it: itself, and what of its edition, department and campaign came with it."""
    found = {story(article.pk)}
    if article.department_id:
        found.add(department(article.department_id))
    if article.page_id:
        found.add(page(article.page_id))
        placed_on = _cached(article, "page")
        placed_in = placed_on and _cached(placed_on, "issue")
        if placed_in:
            found.add(issue(placed_in.date))
    case_study = _cached(article, "case_study")
    if case_study is not None and case_study.campaign_id:
        found.add(campaign(case_study.campaign_id))
    return found


def of_stories(articles):
    found = set()
    for article in articles:
        found |= of_story(article)
    return found


def of_edition(context):
    """An edition's pages and every story on them (the front page, an edition, one page of it)."""
    found = set()
    edition = context.get("issue")
    if edition is not None:
        found.add(issue(edition.date))
    for shown in context.get("pages") or ():
        found.add(page(shown.pk))
        found |= of_stories(getattr(shown, "stories", ()))
    return found


# The front and department pages list 今日热门/本周热门 (readership/), drawn by a template tag from any
# edition: any story's change may take one off those lists, so these pages go with the feeds' key.
MOST_READ_LISTS = STORIES


def front_page(request, context):
    return {FRONT, MOST_READ_LISTS} | of_edition(context)


def edition(request, context):
    # An edition links to the editions before and after it.
    return {ISSUES} | of_edition(context)


def article_page(request, context):
    shown = context["article"]
    found = of_story(shown)
    if shown.page_id:
        # The story page lists its page-mates and the stories before and after it in the edition.
        found.add(issue(shown.page.issue.date))
    found |= of_stories(context.get("page_mates") or ())
    return found


def campaign_page(request, context):
    shown = context["campaign"]
    return {campaign(shown.pk), campaign_list(shown.pk)} | of_stories(context.get("case_studies") or ())


def department_page(request, context):
    shown = context["department"]
    found = {department(shown.pk), department_list(shown.pk), MOST_READ_LISTS}
    return found | of_stories(context.get("articles") or ())


def departments_index(request, context):
    return {DEPARTMENTS} | {department(shown.pk) for shown in context.get("departments") or ()}


def edition_pdf(request, context):
    kwargs = request.resolver_match.kwargs
    return {f"issue-{kwargs['year']:04d}-{kwargs['month']:02d}-{kwargs['day']:02d}"}


def fixed(*names):
    def keys(request, context):
        return set(names)

    return keys


# Route (its URL name) → the keys of what its page shows. A public route missing here is not cached at the edge,
# and tests/test_edge_keys.py fails on it.
ROUTES = {
    "editions:front": front_page,
    "editions:issue": edition,
    "editions:page": edition,
    "editions:edition_pdf": edition_pdf,
    "editions:back_issues": fixed(ISSUES),
    "editions:back_issues_month": fixed(ISSUES),
    "articles:detail": article_page,
    "articles:campaign": campaign_page,
    "articles:feed_rss": fixed(STORIES),
    "articles:feed_atom": fixed(STORIES),
    "articles:campaign_feed_rss": fixed(STORIES, CAMPAIGNS),
    "articles:campaign_feed_atom": fixed(STORIES, CAMPAIGNS),
    "departments:index": departments_index,
    "departments:detail": department_page,
    "departments:feed_rss": fixed(STORIES, DEPARTMENTS),
    "departments:feed_atom": fixed(STORIES, DEPARTMENTS),
    "sitemap": fixed(STORIES, ISSUES, DEPARTMENTS, CAMPAIGNS),
    "sitemap_section": fixed(STORIES, ISSUES, DEPARTMENTS, CAMPAIGNS),
    "robots_txt": fixed(SITE),
    "favicon": fixed(SITE),
}

# Public routes the edge never keeps, and why. deploy/varnish/default.vcl passes them.
PASSED = {
    "search:results": "a query per reader: the app's own reader cache keeps the common ones",
    "readership:seen": "the view-count beacon: each one must reach the app to be counted",
    "share:short": "a redirect to the story: cheap, and the edge keeps 200s only",
    "share:qr": "private: each browser keeps the image itself, and the app keeps the drawing",
}


def for_response(request, response):
    """The keys of what `response` shows, ALL first; None when its route is not one the edge keeps."""
    match = getattr(request, "resolver_match", None)
    tagger = ROUTES.get(match.view_name) if match is not None else None
    if tagger is None:
        return None
    context = getattr(response, "context_data", None) or {}
    return [ALL, *sorted(tagger(request, context))]
