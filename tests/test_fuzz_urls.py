"""
Junk sent to every URL the site has: never a 500.

Every URL pattern is read from the resolver, so a view added tomorrow is
fuzzed tomorrow. Hypothesis fills each path parameter with values for its
converter (real ids and slugs from the demo edition, huge and zero numbers,
unicode, emoji, NUL bytes, "../", SQL, quotes, broken percent-escapes, very
long strings) and adds junk to the query parameters the views read
(page=abc, page=-1, page=10**20, 9999-12-31, repeated keys, 10,000-character
values, invalid UTF-8), sent by GET, HEAD and POST, by a stranger and by a
signed-in reporter. A POST without a CSRF token is refused with 403 wherever
it reaches a view. Exceptions are caught twice: by the status code and by
Django's got_request_exception signal.
"""

import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.core.signals import got_request_exception
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles import preview
from articles.models import Article, Campaign, CaseStudy, Person
from departments.models import Department
from editions.models import Issue, Page
from editions.sitemaps import SITEMAPS

from .factories import make_article, make_reporter

pytestmark = [
    pytest.mark.django_db,
    # The admin passes date filters such as ?publish_at__gte=0001-01-01 on as naive datetimes: expected here.
    pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning"),
]

FUZZ = settings(
    database=None,  # nothing written to .hypothesis/; a failure prints the example that broke
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Examples per URL pattern: reader pages are few and read much; the admin's are many and alike.
READER_EXAMPLES = 8
ADMIN_EXAMPLES = 2
LIST_EXAMPLES = 120

# --- the routes, read from the resolver ----------------------------------------------------------

_ROUTE_PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?P<body>[^()]*)\)")


@dataclass(frozen=True)
class Parameter:
    name: str
    kind: str  # int, str, slug, path, year, two_digits, regex
    choices: tuple = ()


def route_pieces(pattern):
    """A URL pattern as literal text and Parameters, whether written with path() or re_path()."""
    if hasattr(pattern, "_route"):
        text, finder = pattern._route, _ROUTE_PARAMETER
    else:
        text, finder = pattern._regex.removeprefix("^").removesuffix("$"), _REGEX_GROUP
    pieces, end = [], 0
    for match in finder.finditer(text):
        pieces.append(text[end : match.start()].replace("\\", ""))
        if finder is _ROUTE_PARAMETER:
            converter = match.group("converter") or "str"
            pieces.append(
                Parameter(match.group("name"), {"yyyy": "year", "dd": "two_digits"}.get(converter, converter))
            )
        else:
            body = match.group("body")
            choices = tuple(body.split("|")) if re.fullmatch(r"[\w|]+", body) else ()
            pieces.append(Parameter(match.group("name") or "pk", "regex", choices))
        end = match.end()
    pieces.append(text[end:].replace("\\", ""))
    return pieces


def every_route(patterns=None, prefix=()):
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from every_route(entry.url_patterns, prefix + tuple(route_pieces(entry.pattern)))
        elif isinstance(entry, URLPattern):
            yield prefix + tuple(route_pieces(entry.pattern))


def route_label(route):
    return "".join(piece if isinstance(piece, str) else f"<{piece.kind}:{piece.name}>" for piece in route)


ROUTES = list(every_route())


def is_admin(route):
    return route_label(route).startswith("admin/")


# Routes a POST reaches without a CSRF token on purpose, each with the reason.
CSRF_FREE = {
    "readership/seen/<int:story_id>/": "the view-count beacon: it changes nothing a person owns, and the cached "
    "story page it is sent from carries no token (readership/views.py)",
}


# Everything under these prefixes, with the reason.
CSRF_FREE_UNDER = {
    "api/v1/": "the news API: it reads a partner's key from a header, never a cookie, so a forged cross-site "
    "POST carries nothing it would accept; and it takes no POST (401 without a key, 405 with one)",
}


def needs_csrf_token(path):
    """For a path that reaches a view: is a POST there refused without a token?"""
    route = resolve(path).route
    return route not in CSRF_FREE and not route.startswith(tuple(CSRF_FREE_UNDER))


# --- junk ------------------------------------------------------------------------------------------

NASTY_TEXT = [
    "",
    "%00",
    "a%00b",
    "%ff%fe",
    "%c0%ae%c0%ae",
    "%",
    "%zz",
    "..",
    "../../../../etc/passwd",
    "..%2f..%2fsettings.py",
    "' OR 1=1 --",
    '"; DROP TABLE articles_article; --',
    '"><script>alert(1)</script>',
    "{{ settings.SECRET_KEY }}",
    "\\",
    "NaN",
    "1e309",
    "🦆" * 30,
    "乌海" * 200,
    "x" * 5000,
    "\u202e\u200b\ufeff",
    "\r\nSet-Cookie: evil=1",
]
NASTY_NUMBERS = ["0", "00", "-1", "1.5", str(2**31), str(2**63 - 1), str(2**63), str(10**20), "9" * 60, "%00", "abc"]
NASTY_DATES = ["0001-01-01", "9999-12-31", "2023-02-30", "2023-13-01", "10000-01-01", "0000-00-00", "2023-02-15"]
EDGE_VALUES = [
    "0",
    "-1",
    "abc",
    str(2**31),
    str(2**63),
    "9" * 60,
    "0001-01-01",
    "9999-12-31",
    "2023-02-30",
    "%00",
    "%ff%fe",
    "x" * 10_000,
]


def text_values():
    return st.one_of(
        st.sampled_from(NASTY_TEXT),
        st.text(max_size=40),
        st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=12).map(lambda s: s * 50),
    )


def number_values():
    return st.one_of(st.sampled_from(NASTY_NUMBERS), st.integers(-(10**20), 10**30).map(str), text_values())


def date_values():
    return st.one_of(st.sampled_from(NASTY_DATES), st.dates().map(str), text_values())


def value_strategy(parameter, known):
    real = known.get(parameter.name) or known.get(parameter.kind) or ()
    real_values = [st.sampled_from(real)] if real else []
    if parameter.kind == "int":
        return st.one_of(*real_values, number_values())
    if parameter.kind == "year":
        return st.one_of(*real_values, st.integers(0, 9999).map(lambda n: f"{n:04d}"), text_values())
    if parameter.kind == "two_digits":
        return st.one_of(*real_values, st.integers(0, 99).map(lambda n: f"{n:02d}"), text_values())
    if parameter.choices:
        return st.one_of(st.sampled_from(parameter.choices), text_values())
    return st.one_of(*real_values, text_values())


def in_path(value):
    """Percent-encode what would end the path (?, #, spaces); keep '/' and any %-escape as sent."""
    return quote(value, safe="/%")


# The query parameters the views read, by what they hold.
NUMBER_KEYS = [
    "page",
    "p",
    "year",
    "month",
    "publish_at__year",
    "publish_at__month",
    "publish_at__day",
    "date__year",
    "starts_on__year",
    "department__id__exact",
    "page__issue__id__exact",
    "campaign__id__exact",
    "from",
    "to",
    "CKEditorFuncNum",
]
DATE_KEYS = [
    "date_from",
    "date_to",
    "publish_at__gte",
    "publish_at__lt",
    "updated_at__gte",
    "date__gte",
    "date_joined__gte",
]
TEXT_KEYS = [
    "q",
    "department",
    "kind",
    "o",
    "all",
    "e",
    "_changelist_filters",
    "_popup",
    "_to_field",
    "status__exact",
    "kind__exact",
    "level__exact",
    "district",
    "name",
    "term",
    "app_label",
    "model_name",
    "field_name",
    "next",
    "responseType",
]
RAW_QUERIES = ["", "q=%ff%fe", "page=%00", "q=%", "&&&", "=", "q", "page=1&page=2&page=abc", "a=%e4%b9", "q=+%2B+"]


def query_strings():
    pair = st.one_of(
        st.tuples(st.sampled_from(NUMBER_KEYS), number_values()),
        st.tuples(st.sampled_from(DATE_KEYS), date_values()),
        st.tuples(st.sampled_from(TEXT_KEYS), text_values()),
        st.tuples(st.text(max_size=10), text_values()),
    )
    encoded = st.lists(pair, max_size=5).map(lambda pairs: "&".join(f"{quote(k)}={quote(v)}" for k, v in pairs))
    return st.tuples(encoded, st.sampled_from(RAW_QUERIES)).map(lambda parts: "&".join(filter(None, parts)))


# --- sending ----------------------------------------------------------------------------------------


@pytest.fixture
def exceptions():
    """Every exception a view let escape, caught by Django's own signal."""
    caught = []

    def record(sender, request=None, **kwargs):
        caught.append(request.get_full_path() if request else "?")

    got_request_exception.connect(record)
    yield caught
    got_request_exception.disconnect(record)


@pytest.fixture
def known(demo_edition):
    """Real values for the parameters, so that fuzzing also gets past the lookups into the views."""
    draft = make_article(live=False, headline="未发布的稿件")
    ids = [
        *Article.objects.values_list("pk", flat=True)[:4],
        draft.pk,
        *Issue.objects.values_list("pk", flat=True),
        *Page.objects.values_list("pk", flat=True),
        *Department.objects.values_list("pk", flat=True)[:2],
        *Person.objects.values_list("pk", flat=True)[:2],
        *CaseStudy.objects.values_list("pk", flat=True)[:2],
    ]
    ids = tuple(str(pk) for pk in ids)
    issue = Issue.objects.get()
    return {
        "int": ids,
        "pk": ids,
        "object_id": ids,
        "id": ids,
        "slug": tuple(Department.objects.values_list("slug", flat=True)[:3])
        + tuple(Campaign.objects.values_list("slug", flat=True)),
        "section": tuple(SITEMAPS),
        "action": ("submit", "return", "approve", "schedule", "publish", "withdraw"),
        "token": (preview.link_url(preview.issue_link(article=draft, by=None)).rstrip("/").rsplit("/", 1)[-1],),
        "year": (f"{issue.date.year:04d}",),
        "month": (f"{issue.date.month:02d}",),
        "day": (f"{issue.date.day:02d}",),
        "number": ("1", "2", "3"),
        "path": ("photos/", "pages/"),
    }


@dataclass
class Fuzzer:
    client: Client
    exceptions: list
    sent: int = 0

    def send(self, method, url):
        self.sent += 1
        self.exceptions.clear()
        response = getattr(self.client, method)(url)
        assert response.status_code < 500, f"{method.upper()} {url[:300]} answered {response.status_code}"
        assert not self.exceptions, f"{method.upper()} {url[:300]} raised an exception"
        return response


def csrf_checking_client(user=None):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def reaches_a_view(path):
    try:
        resolve(path)
    except (Resolver404, UnicodeError):
        return False
    return True


def fuzz_every_route(fuzzer, known, *, reader_examples, admin_examples):
    for route in ROUTES:
        strategies = [st.just(piece) if isinstance(piece, str) else value_strategy(piece, known) for piece in route]

        @settings(FUZZ, max_examples=admin_examples if is_admin(route) else reader_examples)
        @given(pieces=st.tuples(*strategies), query=query_strings(), method=st.sampled_from(["get", "head", "post"]))
        def send_junk(pieces, query, method):
            path = "/" + "".join(in_path(piece) for piece in pieces)
            response = fuzzer.send(method, f"{path}?{query}" if query else path)
            if (
                method == "post"
                and reaches_a_view(path)
                and needs_csrf_token(path)
                and response.status_code not in (400, 404)
            ):
                assert response.status_code == 403, f"POST {path[:200]} without a CSRF token: {response.status_code}"

        send_junk()


def report(capsys, label, sent):
    with capsys.disabled():
        print(f"\n[fuzz] {label}: {sent} requests, no 500")


def test_no_url_answers_a_stranger_with_a_500(known, exceptions, capsys):
    fuzzer = Fuzzer(csrf_checking_client(), exceptions)
    fuzz_every_route(fuzzer, known, reader_examples=READER_EXAMPLES, admin_examples=ADMIN_EXAMPLES)
    report(capsys, f"anonymous, {len(ROUTES)} URL patterns", fuzzer.sent)
    assert fuzzer.sent >= len(ROUTES) * ADMIN_EXAMPLES


def test_no_url_answers_a_signed_in_reporter_with_a_500(known, exceptions, capsys):
    fuzzer = Fuzzer(csrf_checking_client(make_reporter()), exceptions)
    fuzz_every_route(fuzzer, known, reader_examples=READER_EXAMPLES // 2, admin_examples=ADMIN_EXAMPLES)
    report(capsys, f"reporter, {len(ROUTES)} URL patterns", fuzzer.sent)


READER_LISTS = ["/search/", "/departments/", "/archive/", "/", "/sitemap-articles.xml", "/articles/feed/rss/"]
ADMIN_LISTS = [
    "/admin/articles/article/",
    "/admin/articles/casestudy/",
    "/admin/editions/issue/",
    "/admin/departments/department/",
    "/admin/autocomplete/",
]


def list_targets():
    department = Department.objects.first().get_absolute_url()
    return [(None, url) for url in [*READER_LISTS, department]] + [("chief", url) for url in ADMIN_LISTS]


def test_query_strings_never_break_the_lists(known, exceptions, capsys, superuser):
    clients = {None: csrf_checking_client(), "chief": csrf_checking_client(superuser)}
    fuzzers = {who: Fuzzer(client, exceptions) for who, client in clients.items()}

    @settings(FUZZ, max_examples=LIST_EXAMPLES)
    @given(target=st.sampled_from(list_targets()), query=query_strings())
    def send_junk(target, query):
        who, url = target
        fuzzers[who].send("get", f"{url}?{query}")

    send_junk()
    report(capsys, "junk query strings on lists", sum(f.sent for f in fuzzers.values()))


def test_every_query_parameter_takes_every_edge_value(known, exceptions, capsys, superuser):
    """Not random: each parameter each list reads, with each boundary value once."""
    clients = {None: csrf_checking_client(), "chief": csrf_checking_client(superuser)}
    fuzzers = {who: Fuzzer(client, exceptions) for who, client in clients.items()}
    reads = {
        "/search/": ["q", "department", "kind", "date_from", "date_to", "page"],
        "/archive/": ["year", "month"],
        "/sitemap-articles.xml": ["p"],
        Department.objects.first().get_absolute_url(): ["page"],
        "/admin/articles/article/": ["q", "o", "p", "status__exact", "publish_at__year", "publish_at__gte"],
        "/admin/editions/issue/": ["date__year", "date__gte"],
        "/admin/autocomplete/": ["term", "app_label", "field_name"],
    }
    for url, keys in reads.items():
        who = "chief" if url.startswith("/admin/") else None
        for key in keys:
            for value in EDGE_VALUES:
                fuzzers[who].send("get", f"{url}?{quote(key)}={quote(value, safe='%')}")
    report(capsys, "edge values on every list parameter", sum(f.sent for f in fuzzers.values()))


def test_a_post_without_csrf_token_is_refused_on_every_view(known, exceptions):
    fuzzer = Fuzzer(csrf_checking_client(make_reporter()), exceptions)
    refused = 0
    for route in ROUTES:
        path = "/" + "".join(piece if isinstance(piece, str) else first_real(piece, known) for piece in route)
        if reaches_a_view(path) and needs_csrf_token(path):
            assert fuzzer.send("post", path).status_code == 403, f"POST {path} without a CSRF token"
            refused += 1
    assert refused > len(ROUTES) * 0.8


def first_real(parameter, known):
    real = known.get(parameter.name) or known.get(parameter.kind)
    if real:
        return real[0]
    return parameter.choices[0] if parameter.choices else "1"


def test_every_route_is_fuzzed():
    labels = {route_label(route) for route in ROUTES}
    for expected in ["articles/<int:pk>/", "<year:year>/<two_digits:month>/<two_digits:day>/<int:number>/", "search/"]:
        assert expected in labels
    assert "admin/articles/article/<path:object_id>/change/" in labels
    assert set(CSRF_FREE) <= labels
    assert any(label.startswith("^media/") or label.startswith("media/") for label in labels)


# --- what the fuzzer found, pinned -----------------------------------------------------------------

FOUND = [
    # OverflowError: 9999-12-31 has no next day (search/backends.py).
    "/search/?date_to=9999-12-31",
    "/search/?q=乌海&date_from=0001-01-01&date_to=9999-12-31",
    # PostgreSQL cannot compare text with a NUL byte (core/http/request_guard.py).
    "/departments/a%00b/",
    "/departments/a%00b/feed/rss/",
    "/articles/campaigns/a%00/",
    "/articles/campaigns/a%00/feed/atom/",
    "/search/?q=%00",
    # OSError "File name too long" from the file system (core/http/request_guard.py).
    "/media/" + "0" * 300,
]
FOUND_BY_STAFF = [
    # OverflowError in the admin's date filters (bulletin/admin_site.py).
    "/admin/articles/article/?publish_at__year=2147483648",
    "/admin/articles/article/?publish_at__year=9999&publish_at__month=12&publish_at__day=31",
    "/admin/articles/article/?publish_at__year=9999&publish_at__month=12",
    "/admin/articles/article/?publish_at__gte=0001-01-01",
    "/admin/articles/article/?updated_at__gte=0001-01-01",
    "/admin/editions/issue/?date__year=2147483648",
    "/admin/articles/campaign/?starts_on__year=2147483648",
    "/admin/auth/user/?date_joined__gte=0001-01-01",
    # NUL bytes, which PostgreSQL cannot compare (core/http/request_guard.py).
    "/admin/articles/article/?status__exact=%00",
    "/admin/articles/article/?kind=%00",
    "/admin/autocomplete/?app_label=articles&model_name=article&field_name=department&term=%00",
]


@pytest.mark.parametrize("url", FOUND)
def test_junk_that_once_broke_a_reader_page_now_gets_a_clear_answer(demo_edition, exceptions, url):
    response = csrf_checking_client().get(url)
    assert response.status_code in (200, 400, 404)
    assert not exceptions


@pytest.mark.parametrize("url", FOUND_BY_STAFF)
def test_junk_that_once_broke_an_admin_page_now_gets_a_clear_answer(demo_edition, exceptions, superuser, url):
    response = csrf_checking_client(superuser).get(url)
    assert response.status_code in (200, 302, 400, 404)
    assert not exceptions


def test_a_nul_byte_in_the_url_is_refused_as_a_bad_request(demo_edition):
    response = csrf_checking_client().get("/departments/a%00b/")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
