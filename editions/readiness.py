"""
Whether an edition can go out whole, as the desk checks it before 排期整期:
each page (第N版) in order with its stories, what is wrong with them, and a
verdict. An empty page or a lead story not yet approved blocks scheduling
unless an editor overrides it with a reason; drafts, stories waiting for
review and withdrawn ones are pointed out but do not block.

The cost is a fixed number of queries however many pages and stories there
are, for one edition or for the editorial calendar's three weeks of them.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from articles.models import Article, Byline
from articles.people import name_of

from .models import Page

Status = Article.Status

# Stories that go out with the edition when it is scheduled (articles.services.schedule_issue).
GOES_OUT = frozenset({Status.APPROVED, Status.SCHEDULED, Status.PUBLISHED})
# Statuses the desk is told about, counted in this order.
FLAGGED = (Status.SUBMITTED, Status.DRAFT, Status.WITHDRAWN)
FLAG_HINTS = {
    Status.SUBMITTED: "审核通过后需单独排期",
    Status.DRAFT: "不会随期发布",
    Status.WITHDRAWN: "不会见报",
}

READY = "可以排期"
NEEDS_CONFIRMATION = "需要确认"


@dataclass
class StoryReadiness:
    pk: int
    headline: str
    status: str
    status_label: str
    is_lead: bool
    author: str

    @property
    def goes_out(self):
        return self.status in GOES_OUT

    @property
    def flag(self):
        """What the desk is told about this story, or "" if it goes out as it is."""
        if self.goes_out:
            return ""
        flag = f"{self.status_label}，{FLAG_HINTS[self.status]}" if self.status in FLAG_HINTS else "未审核"
        return f"头条未审核（{flag}）" if self.is_lead else flag


@dataclass
class PageReadiness:
    number: int
    name: str
    stories: list[StoryReadiness] = field(default_factory=list)

    @property
    def label(self):
        return f"第{self.number}版"

    @property
    def is_empty(self):
        # A page whose stories were all withdrawn reaches readers as empty as one never filled.
        return not any(story.status != Status.WITHDRAWN for story in self.stories)

    @property
    def blocking(self):
        problems = [f"{self.label}空版"] if self.is_empty else []
        problems += [
            f"{self.label}头条“{story.headline}”{story.status_label}，未审核"
            for story in self.stories
            if story.is_lead and not story.goes_out
        ]
        return problems


@dataclass
class Readiness:
    issue_id: int
    pages: list[PageReadiness] = field(default_factory=list)

    @property
    def blocking(self):
        """Problems that stop scheduling unless overridden with a reason."""
        if not self.pages:
            return ["这一期还没有版面"]
        return [problem for page in self.pages for problem in page.blocking]

    @property
    def counts(self):
        """Stories that will not go out with the edition, by status: ["3 篇待审", "1 篇草稿"]."""
        stories = [story for page in self.pages for story in page.stories]
        return [
            f"{n} 篇{status.label}" for status in FLAGGED if (n := sum(story.status == status for story in stories))
        ]

    @property
    def key(self):
        """The blocking problems as one string, to tell whether they changed while an editor looked."""
        return "；".join(self.blocking)

    @property
    def needs_override(self):
        return bool(self.blocking)

    @property
    def verdict(self):
        return NEEDS_CONFIRMATION if self.needs_override else READY

    @property
    def summary(self):
        """One line for the editorial calendar: 就绪, or what is still wrong."""
        return " · ".join(self.short_blocking + self.counts) or "就绪"

    @property
    def short_blocking(self):
        if not self.pages:
            return ["没有版面"]
        short = []
        for page in self.pages:
            if page.is_empty:
                short.append(f"{page.label}空版")
            elif page.blocking:
                short.append(f"{page.label}头条未审核")
        return short


def for_issue(issue, *, authors=True):
    """The readiness of one edition: three queries with authors, two without."""
    return for_issues([issue], authors=authors)[issue.pk]


def for_issues(issues, *, authors=False):
    """{issue pk: Readiness} for these editions, in the same number of queries whatever their size."""
    ids = [issue.pk for issue in issues]
    found = {pk: Readiness(issue_id=pk) for pk in ids}
    pages = {}
    for page in Page.objects.filter(issue__in=ids).only("issue_id", "number", "name").order_by("issue_id", "number"):
        pages[page.pk] = PageReadiness(number=page.number, name=page.name)
        found[page.issue_id].pages.append(pages[page.pk])
    stories = (
        Article.objects.filter(page__issue__in=ids)
        .only("headline", "status", "is_page_lead", "page_id", "page_position")
        .order_by("page_position", "id")
    )
    if authors:
        stories = stories.select_related("created_by__person").prefetch_related(
            Prefetch("bylines", queryset=Byline.objects.select_related("person"))
        )
        stories = stories.only(
            "headline",
            "status",
            "is_page_lead",
            "page_id",
            "page_position",
            "created_by__username",
            "created_by__first_name",
            "created_by__last_name",
            "created_by__person__name",
        )
    for story in stories:
        pages[story.page_id].stories.append(
            StoryReadiness(
                pk=story.pk,
                headline=story.headline_text,
                status=story.status,
                status_label=story.get_status_display(),
                is_lead=story.is_page_lead,
                author=author_of(story) if authors else "",
            )
        )
    return found


def author_of(story):
    """The names in the byline, or else the name of the account that wrote the story."""
    names = list(dict.fromkeys(byline.person.name for byline in story.bylines.all()))
    if names:
        return "、".join(names)
    return name_of(story.created_by) if story.created_by_id else "—"


def history_message(readiness, *, publish_at, override_comment=""):
    """What the edition's history says about this scheduling: the time, and any problem overridden and why."""
    message = f"排期整期，发布时间 {timezone.localtime(publish_at):%Y-%m-%d %H:%M}（北京时间）"
    if override_comment:
        message += f"；仍然排期，当时的问题：{'；'.join(readiness.blocking)}；说明：{override_comment}"
    if readiness.counts:
        message += f"；尚未随期发布：{'、'.join(readiness.counts)}"
    return message + "。"
