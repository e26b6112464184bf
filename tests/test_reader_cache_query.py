"""
The reader cache answers only what Django would answer.

A host not in ALLOWED_HOSTS gets 400 whether or not the page is cached, and a
page is kept once for every query string that does not change it: tracking
parameters and made-up names share the bare page's entry, so ?utm=N cannot
fill the cache, while ?page=2 and a search keep their own pages. Which
parameters change a page is declared by its view (`reads_query`); every public
URL pattern is read from the resolver, each view is run with a query dict that
records what it reads, and the declaration must cover it; then every public
page is fetched with and without the cache for each parameter it declares and
some it does not, and the answers must be the same.
"""

import itertools
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.http import Http404, QueryDict
from django.test import Client, RequestFactory
from django.urls import resolve

from core.caching import UNCACHED_PREFIXES
from departments.models import Department

from .factories import make_article, make_department
from .test_fuzz_urls import DATE_KEYS, NUMBER_KEYS, ROUTES, TEXT_KEYS, known  # noqa: F401 (a fixture)

TRACKING = ["utm_source", "utm_medium", "utm_campaign", "fbclid", "gclid", "utm", "from_app", "anything"]


def stored_pages():
    """How many pages the local-memory cache holds."""
    return sum(1 for key in caches["default"]._cache if ":page:" in key)


# --- the host ------------------------------------------------------------------------------------


def test_a_host_not_allowed_gets_400_even_when_the_page_is_cached(cached):
    make_article(headline="缓存中的稿件")
    assert Client().get("/").status_code == 200  # now cached for the good host
    assert stored_pages() == 1
    assert Client().get("/", headers={"host": "evil.example"}).status_code == 400
    assert Client().get("/departments/", headers={"host": "evil.example"}).status_code == 400  # not cached
    assert Client().get("/").status_code == 200


# --- query strings that change nothing ---------------------------------------------------------------


def test_a_thousand_tracking_parameters_add_at_most_one_entry(cached, django_assert_num_queries):
    story = make_article(headline="被分享的稿件")
    before = stored_pages()
    for n in range(1000):
        name = TRACKING[n % len(TRACKING)]
        response = Client().get(story.get_absolute_url(), {name: n, **({"fbclid": f"x{n}"} if n % 3 else {})})
        assert response.status_code == 200
    assert stored_pages() - before <= 1
    with django_assert_num_queries(0):
        assert "被分享的稿件" in Client().get(story.get_absolute_url(), {"utm": "zzz"}).content.decode()


def text_of(response):
    """What the reader reads: search highlights split words with tags."""
    return re.sub(r"<[^>]+>", "", response.content.decode())


def test_page_two_and_search_parameters_keep_their_own_pages(cached, django_capture_on_commit_callbacks):
    department = make_department(name="城建局")
    with django_capture_on_commit_callbacks(execute=True):  # the search index follows commits
        for n in range(21):
            make_article(department=department, headline=f"城建稿件{n:02d}")
        make_article(department=make_department(), headline="别处稿件")
        make_article(headline="招商引资新进展")
    url = department.get_absolute_url()

    assert "城建稿件00" not in text_of(Client().get(url))
    assert "城建稿件00" in text_of(Client().get(url, {"page": 2}))  # the oldest is on page 2
    assert "城建稿件00" in text_of(Client().get(url, {"page": 2, "utm_source": "wx"}))
    assert "城建稿件00" not in text_of(Client().get(url, {"utm_source": "wx"}))

    assert "招商引资新进展" in text_of(Client().get("/search/", {"q": "招商", "fbclid": "x"}))
    searches = [
        {"q": "招商"},
        {"q": "别处"},
        {"q": "稿件"},
        {"q": "稿件", "page": 2},
        {"q": "稿件", "department": department.slug},
        {"q": "稿件", "kind": "feature"},
    ]
    cached.READER_CACHE_SECONDS = 0
    fresh = [text_of(Client().get("/search/", query)) for query in searches]
    assert len(set(fresh)) == len(searches)  # each search its own page
    cached.READER_CACHE_SECONDS = 300
    for _ in range(2):  # the second answer comes from the cache
        assert [text_of(Client().get("/search/", {**query, "fbclid": "x"})) for query in searches] == fresh


# --- generated over every public URL pattern ----------------------------------------------------------


class ReadRecorder(QueryDict):
    """A request's query that remembers which names the view asked for ("*" when it took them all)."""

    def __init__(self, query_string=None, mutable=False, encoding=None):
        self.read = set()
        super().__init__(query_string, mutable=mutable, encoding=encoding)
        self.read.clear()  # building the dict asks for its own keys

    def __getitem__(self, key):
        self.read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.read.add(key)
        return super().getlist(key, default)

    def __iter__(self):
        self.read.add("*")
        return super().__iter__()

    def items(self):
        self.read.add("*")
        return super().items()

    def lists(self):
        self.read.add("*")
        return super().lists()

    def keys(self):
        self.read.add("*")
        return super().keys()

    def values(self):
        self.read.add("*")
        return super().values()

    def dict(self):
        self.read.add("*")
        return super().dict()

    def urlencode(self, safe=None):
        self.read.add("*")
        return super().urlencode(safe)


# Every name the fuzzer knows views to read, and tracking parameters, each with a plausible value.
EVERY_NAME = {**dict.fromkeys(NUMBER_KEYS, "1"), **dict.fromkeys(DATE_KEYS, "2023-02-15")}
EVERY_NAME.update({**dict.fromkeys(TEXT_KEYS, "乌海"), **dict.fromkeys(TRACKING, "1"), "page": "1", "kind": "news"})
# Values that give a declared parameter a different page than its absence; any other name gets "2".
VALUES = {"q": "乌海", "kind": "news", "date_from": "2023-02-15", "date_to": "2023-02-15", "year": "2023"}


def is_public(path):
    return not path.lstrip("/").startswith(tuple(prefix.lstrip("/") for prefix in UNCACHED_PREFIXES))


def real_paths(values):
    """Each public URL pattern with real values in it, the first combination that answers 200."""
    found = {}
    client = Client()
    for route in ROUTES:
        choices = [
            [piece] if isinstance(piece, str) else values.get(piece.name) or values.get(piece.kind) or piece.choices
            for piece in route
        ]
        candidates = ("/" + "".join(pieces) for pieces in itertools.product(*choices))
        for path in itertools.islice(candidates, 60):
            if not is_public(path):
                break
            if client.get(path).status_code == 200:
                found[path] = resolve(path)
                break
    return found


@pytest.fixture
def public_pages(request, demo_edition):
    values = request.getfixturevalue("known")  # the demo edition's ids, slugs and dates, as the fuzzer uses
    department = Department.objects.get(slug=values["slug"][0])  # the department whose page is fetched
    for n in range(21):  # so that its ?page=2 is a page of its own
        make_article(department=department, headline=f"补充稿件{n}")
    return real_paths(values)


def test_every_public_view_declares_every_query_parameter_it_reads(public_pages):
    assert len(public_pages) >= 12  # front, archive, issue, page, story, campaign, departments, search, feeds, sitemaps
    factory = RequestFactory()
    for path, match in public_pages.items():
        view = getattr(match.func, "view_class", match.func)
        declared = getattr(view, "reads_query", None)
        assert declared is not None, f"{path}: {view} does not say which query parameters it reads (reads_query)"
        request = factory.get(path)
        request.GET = recorder = ReadRecorder("&".join(f"{name}={value}" for name, value in EVERY_NAME.items()))
        request.user, request.session = AnonymousUser(), {}
        try:
            response = match.func(request, *match.args, **match.kwargs)
            if hasattr(response, "render"):
                response.render()
        except Http404:
            pass
        assert recorder.read <= set(declared), f"{path} reads {recorder.read - set(declared)} without declaring it"


def variants(path, declared):
    """The bare page, with tracking parameters, and with each declared parameter (alone and with tracking)."""
    queries = [{}, {"utm_source": "wx"}, {"anything": "42", "fbclid": "abc"}]
    for name in sorted(declared):
        value = VALUES.get(name, "2")
        queries += [{name: value}, {name: value, "utm_source": "wx"}, {name: ""}]
    return [(path, query) for query in queries]


def answer(path, query):
    response = Client().get(path, query)
    # A file download (合订本) streams; the cache never keeps a streamed answer.
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, response.get("Location"), body


def test_a_cached_page_is_always_the_page_django_would_answer(
    public_pages, settings, django_capture_on_commit_callbacks
):
    requests = []
    for path, match in public_pages.items():
        requests += variants(path, getattr(getattr(match.func, "view_class", match.func), "reads_query", ()))
    settings.READER_CACHE_SECONDS = 0
    expected = [answer(path, query) for path, query in requests]
    assert len({content for _, _, content in expected}) > len(public_pages)  # the parameters do change pages

    settings.READER_CACHE_SECONDS = 300
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for round_ in ("filling", "from the cache"):
            for (path, query), wanted in zip(requests, expected, strict=True):
                assert answer(path, query) == wanted, f"{path}?{query} {round_}: not what Django answers"
    # One entry at most for each path and values of what its view reads: tracking parameters added none.
    declared = {
        path: set(getattr(getattr(m.func, "view_class", m.func), "reads_query", ())) for path, m in public_pages.items()
    }
    assert stored_pages() <= len(
        {(path, tuple(sorted((k, v) for k, v in q.items() if k in declared[path]))) for path, q in requests}
    )
