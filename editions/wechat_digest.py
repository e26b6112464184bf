"""
今日要闻: an edition as one 公众号 post, written with the story export's pieces (articles/wechat.py).

What a newsroom's WeChat editor posts in the morning: a title line
《乌海日报》2023年2月15日 今日要闻, then each page in order (第1版 要闻),
its stories lead first, each headline linking to the story on the site with
its teaser under it; the front page's stories show their first picture.
Only the stories that go out with the edition are listed (approved, scheduled
or published: editions.readiness.GOES_OUT); the others are named beside the
export in the admin (`left_out`), never in the post.

Three queries however many pages and stories: the pages, the stories with
their case studies, their photos.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles import wechat
from articles.models import Article

from .readiness import GOES_OUT


@dataclass
class DigestPage:
    number: int
    name: str
    stories: list = field(default_factory=list)


@dataclass
class Digest:
    html: str
    pages: list
    left_out: list  # (page label, headline, status label) of the stories on its pages not listed


def issue_title(issue):
    day = issue.date
    return f"《{settings.SITE_NAME}》{day.year}年{day.month}月{day.day}日 今日要闻"


def digest(issue):
    """The edition `issue` as a 今日要闻 post (see the module's docstring)."""
    pages = [DigestPage(page.number, page.name) for page in issue.pages.order_by("number")]
    by_number = {page.number: page for page in pages}
    stories = (
        Article.objects.filter(page__issue=issue)
        .select_related("page", "case_study")
        .prefetch_related("photos")
        .order_by("page__number", "-is_page_lead", "page_position", "id")
    )
    front_page = pages[0].number if pages else None
    left_out = []
    for story in stories:
        if story.status not in GOES_OUT:
            left_out.append((f"第{story.page.number}版", story.headline_text, story.get_status_display()))
            continue
        story.export_url = wechat.absolute(story.get_absolute_url())
        story.picture = None
        if story.page.number == front_page:
            pictures = wechat.photo_pictures(list(story.photos.all())[:1])
            story.picture = pictures[0] if pictures else None
        by_number[story.page.number].stories.append(story)
    context = {
        "s": wechat.STYLES,
        "issue": issue,
        "title": issue_title(issue),
        "pages": pages,
        "issue_url": wechat.absolute(issue.get_absolute_url()),
        "site_name": settings.SITE_NAME,
    }
    html = wechat.compact(render_to_string("editions/wechat/digest.html", context))
    return Digest(html=mark_safe(html), pages=pages, left_out=left_out)
