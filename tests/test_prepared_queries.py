"""
The story page reads through queries prepared once per process (core/prepared.py,
articles/reading.py), and they find exactly what the ORM's own querysets find:
the same story with the same related rows, nothing a reader may not see, the
scheduled story the moment it is due.
"""

import datetime
import threading
from unittest import mock

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import reading
from articles.models import Article
from core.prepared import PreparedQuery
from editions.models import Issue

from .factories import (
    make_article,
    make_byline,
    make_case_study,
    make_department,
    make_issue,
    make_page,
    make_photo,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def orm_story(pk):
    """What the reader's page would find through the ORM, as the public queryset reads it."""
    return Article.objects.published().for_reading().filter(pk=pk).first()


def fields_of(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields} if obj else None


def assert_read_alike(prepared, expected):
    assert fields_of(prepared) == fields_of(expected)
    for relation in ("department", "page", "case_study"):
        assert fields_of(getattr(prepared, relation, None)) == fields_of(getattr(expected, relation, None))
    if expected.page:
        assert fields_of(prepared.page.issue) == fields_of(expected.page.issue)
    if getattr(expected, "case_study", None):
        assert fields_of(prepared.case_study.campaign) == fields_of(expected.case_study.campaign)
    assert [fields_of(b) for b in prepared.bylines.all()] == [fields_of(b) for b in expected.bylines.all()]
    assert [b.person.name for b in prepared.bylines.all()] == [b.person.name for b in expected.bylines.all()]
    assert [fields_of(p) for p in prepared.photos.all()] == [fields_of(p) for p in expected.photos.all()]


def test_a_placed_case_study_with_bylines_and_photos_reads_as_the_orm_reads_it(media_root):
    page = make_page(issue=make_issue(), number=3, name="专题")
    story = make_article(kind=Article.Kind.CASE_STUDY, department=make_department(), page=page, page_position=2)
    make_case_study(article=story, opening="区住建局对照问题清单逐项整改。")
    make_byline(story, "记者乙")
    make_byline(story, "通讯员丙", role="correspondent")
    make_photo(story, caption="整改后的街巷。")
    make_photo(story, caption="工作人员上门走访。")

    found = reading.live_story(story.pk)

    assert_read_alike(found, orm_story(story.pk))
    with CaptureQueriesContext(connection) as asked:
        names = [b.person.name for b in found.bylines.all()]
        captions = [p.caption for p in found.photos.all()]
        assert found.case_study.campaign.name and found.page.issue.date and found.department.name
        assert all(b.article is found for b in found.bylines.all())
    assert names == ["记者乙", "通讯员丙"]
    assert captions == ["整改后的街巷。", "工作人员上门走访。"]
    assert len(asked) == 0, "everything the page shows came with the story"


def test_a_story_outside_any_edition_reads_as_the_orm_reads_it():
    story = make_article(department=None)

    assert_read_alike(reading.live_story(story.pk), orm_story(story.pk))


def hidden_stories():
    later = timezone.now() + datetime.timedelta(hours=2)
    return {
        "a draft": lambda: make_article(live=False),
        "a story scheduled for later": lambda: make_article(status=Article.Status.SCHEDULED, publish_at=later),
        "a live story in an edition not yet out": lambda: make_article(page=make_page(issue=make_issue(live=False))),
        "a live story in an edition scheduled for later": lambda: make_article(
            page=make_page(issue=make_issue(status=Issue.Status.SCHEDULED, publish_at=later))
        ),
        "a withdrawn story": lambda: make_article(status=Article.Status.WITHDRAWN),
    }


@pytest.mark.parametrize("kind", list(hidden_stories()))
def test_what_readers_may_not_see_is_not_found(kind):
    story = hidden_stories()[kind]()

    assert orm_story(story.pk) is None
    assert reading.live_story(story.pk) is None


def test_a_scheduled_story_is_found_the_moment_it_is_due():
    due = timezone.now() + datetime.timedelta(hours=1)
    story = make_article(status=Article.Status.SCHEDULED, publish_at=due)

    with mock.patch("core.clock.now", return_value=due - datetime.timedelta(microseconds=1)):
        assert reading.live_story(story.pk) is None
    with mock.patch("core.clock.now", return_value=due):
        assert reading.live_story(story.pk).pk == story.pk


@pytest.mark.parametrize("pk", [0, -1, 2**63, 10**30])
def test_an_id_no_story_can_have_finds_nothing(pk, client):
    with CaptureQueriesContext(connection) as asked:
        found = reading.live_story(pk)
    assert found is None
    if pk >= 2**63:
        assert len(asked) == 0, "an id beyond any column is answered without asking the database"


def test_a_huge_id_in_the_address_is_a_404_in_chinese(client):
    response = client.get(f"/articles/{10**30}/")

    assert response.status_code == 404
    assert "没有" in response.content.decode()


def test_the_running_order_is_the_querysets():
    issue = make_issue()
    pages = [make_page(issue=issue, number=n) for n in (2, 1)]
    stories = [make_article(page=page, page_position=position) for page in pages for position in (2, 1)]
    make_article(page=pages[0], live=False)
    make_article(page=make_page(issue=make_issue()))  # another edition's

    expected = list(
        Article.objects.published()
        .filter(page__issue_id=issue.pk)
        .order_by("page__number", "page_position", "id")
        .values_list(*reading.RUNNING_ORDER_FIELDS)
    )

    assert reading.running_order(issue.pk) == expected
    assert [row[0] for row in expected] == [stories[3].pk, stories[2].pk, stories[1].pk, stories[0].pk]


class TestPreparedQuery:
    def test_it_is_built_when_prepared_and_sends_the_same_sql_with_each_calls_values(self):
        built = []

        def build(pk):
            built.append(pk)
            return Article.objects.filter(pk=pk)

        query = PreparedQuery(build, pk=int)
        first, second = make_article(), make_article()

        with CaptureQueriesContext(connection) as asked:
            assert [a.pk for a in query(pk=first.pk)] == [first.pk]
            assert [a.pk for a in query(pk=second.pk)] == [second.pk]
            assert query(pk=second.pk + 1000) == []

        assert len(built) == 2, "built twice when prepared (to check the placeholders), never again"
        assert len(asked) == 3
        assert len({q["sql"].replace(str(first.pk), "?").replace(str(second.pk), "?") for q in asked}) <= 2

    @pytest.mark.parametrize(
        "build",
        [
            lambda pk: Article.objects.filter(pk__in=[pk, pk + 1]),
            lambda pk: Article.objects.filter(pk__gt=pk - 1),
            lambda pk: Article.objects.filter(pk__in=range(pk % 3)),
        ],
        ids=["a list worked out from it", "a value worked out from it", "a list as long as it says"],
    )
    def test_a_placeholder_not_used_as_it_is_is_refused(self, build):
        query = PreparedQuery(build, pk=int)

        with pytest.raises(ImproperlyConfigured, match="placeholder"):
            query(pk=1)

    def test_a_prefetch_is_refused(self):
        query = PreparedQuery(lambda pk: Article.objects.filter(pk=pk).prefetch_related("photos"), pk=int)

        with pytest.raises(ImproperlyConfigured, match="prefetch"):
            query(pk=1)

    def test_only_ints_and_datetimes_are_placeholders(self):
        with pytest.raises(TypeError):
            PreparedQuery(lambda slug: Article.objects.filter(headline=slug), slug=str)
        query = PreparedQuery(lambda pk: Article.objects.filter(pk=pk), pk=int)
        for wrong in ("1", 1.0, True, None):
            with pytest.raises(TypeError):
                query(pk=wrong)
        with pytest.raises(TypeError):
            query(id=1)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_another_thread_reads_on_its_own_connection():
    story = make_article()
    reading.live_story(story.pk)  # prepared on this thread's connection
    found = []

    def read():
        try:
            found.append(reading.live_story(story.pk))
        finally:
            connections.close_all()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()

    assert found and found[0].pk == story.pk
