"""The archive generator: a few days of editions that look, count and render like the real paper."""

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.db.models import Count, Q

from articles.models import Article, Byline, CaseStudy, Photo
from articles.sanitize import clean_html
from bench.archive.writer import SHARED_PHOTO_NAME, ArchiveExistsError, fill
from editions.models import Issue, Page

pytestmark = pytest.mark.django_db

END = datetime.date(2024, 3, 10)
DAYS = [END - datetime.timedelta(days=n) for n in (2, 1, 0)]


def generate(**options):
    options = {"days": 3, "pages_per_issue": 2, "end": END, "no_progress": True, "workers": 0, **options}
    out = io.StringIO()
    fill(stdout=out, **options)
    return out.getvalue()


def snapshot():
    """What a reader would see of the archive, without database ids."""
    return [
        (
            a.page.issue.date,
            a.page.number,
            a.page_position,
            a.status,
            a.kicker,
            a.headline,
            a.body,
            (a.area_left, a.area_top, a.area_width, a.area_height),
            tuple(b.person.name for b in a.bylines.all()),
            tuple(p.caption for p in a.photos.all()),
        )
        for a in Article.objects.select_related("page__issue")
        .prefetch_related("bylines__person", "photos")
        .order_by("page__issue__date", "page__number", "page_position")
    ]


def test_three_days_of_two_pages_make_three_issues_with_their_stories():
    output = generate()

    assert sorted(Issue.objects.values_list("date", flat=True)) == DAYS
    assert Page.objects.count() == 6
    assert list(Page.objects.filter(issue__date=END).values_list("name", flat=True)) == ["要闻", "专题"]
    stories = Article.objects.count()
    assert 6 * 3 <= stories <= 6 * 8, "about six stories a page"
    assert f"3 期，6 个版面，{stories} 篇稿件" in output
    for issue in Issue.objects.all():
        assert issue.publish_at.astimezone(datetime.timezone(datetime.timedelta(hours=8))).time() == datetime.time(6)


def test_every_story_is_placed_with_an_area_inside_its_page_and_one_lead_per_page():
    generate()

    for article in Article.objects.all():
        assert article.page_id is not None
        assert article.has_area
        assert article.area_left >= 0 and article.area_left + article.area_width <= 1
        assert article.area_top >= 0 and article.area_top + article.area_height <= 1
        article.full_clean(exclude=["slug"])
    leads = Page.objects.annotate(leads=Count("articles", filter=Q(articles__is_page_lead=True)))
    assert set(leads.values_list("leads", flat=True)) == {1}


def test_stories_have_bylines_clean_bodies_photos_on_one_shared_file_and_case_studies():
    generate()

    per_story = Article.objects.annotate(n=Count("bylines")).values_list("n", flat=True)
    assert set(per_story) <= {1, 2}
    for body in Article.objects.values_list("body", flat=True):
        assert body.startswith("<p>") and body == clean_html(body)
        assert 600 <= len(body) <= 4000
    assert Photo.objects.exists()
    assert set(Photo.objects.values_list("image", flat=True)) == {SHARED_PHOTO_NAME}
    assert default_storage.exists(SHARED_PHOTO_NAME)
    case = CaseStudy.objects.select_related("article__page").first()
    assert case is not None, "a campaign runs in 2024, so its case studies are on the last page"
    assert case.article.page.name == "专题" and case.article.kind == Article.Kind.CASE_STUDY
    assert case.practices.count() >= 3 and case.lessons.count() >= 2 and case.figures.exists()
    assert Byline.objects.filter(role=Byline.Role.REPORTER).exists()


def test_the_same_seed_writes_the_same_archive_and_another_seed_a_different_one():
    generate(seed=7)
    first = snapshot()
    Article.objects.all().delete()
    Issue.objects.all().delete()

    generate(seed=7)
    assert snapshot() == first

    Article.objects.all().delete()
    Issue.objects.all().delete()
    generate(seed=8)
    assert snapshot() != first


def test_days_drawn_by_a_helper_process_are_the_days_drawn_here():
    generate()
    drawn_here = snapshot()
    Article.objects.all().delete()
    Issue.objects.all().delete()

    generate(workers=1)
    assert snapshot() == drawn_here


def test_dates_that_already_have_an_edition_are_refused_unless_appending():
    generate()
    stories = Article.objects.count()

    with pytest.raises(ArchiveExistsError, match="已有 3 期报纸"):
        generate(days=5)
    assert Article.objects.count() == stories

    generate(days=5, append=True)
    assert Issue.objects.count() == 5
    assert Article.objects.filter(page__issue__date__in=DAYS).count() == stories


def test_the_generated_editions_render_for_readers(client):
    generate()

    issue = Issue.objects.published().order_by("-date").first()
    assert issue.date == END
    urls = ["/", issue.get_absolute_url()]
    urls += [page.get_absolute_url() for page in issue.pages.all()]
    story = Article.objects.published().filter(page__issue=issue, case_study__isnull=True).first()
    case = Article.objects.published().filter(page__issue=issue, case_study__isnull=False).first()
    urls += [story.get_absolute_url(), case.get_absolute_url(), case.case_study.campaign.get_absolute_url()]
    urls.append(story.department.get_absolute_url())
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert story.headline_lines[0] in client.get(issue.get_absolute_url()).content.decode()
