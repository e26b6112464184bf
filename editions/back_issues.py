"""
Back issues (往期回顾): a month calendar of published editions, and the editions nearest a date.

Each answer costs a fixed number of queries whatever the size of the archive:
one for the month's editions, one for the nearest editions and the first and
last ones. The latter asks for each date as the first row of an ordered walk
down the date index, so each is a probe of a few rows; MIN/MAX with a filter
would read every edition the paper ever published.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Subquery

from .models import WEEKDAYS, Issue, chinese_date

WEEKDAY_NAMES = [f"星期{d}" for d in WEEKDAYS]
# The months a reader may ask for: wide enough for any paper's archive, narrow enough to keep junk out.
FIRST_YEAR, LAST_YEAR = 1900, 2999


def day_after(day):
    """The next day; the last day there is has none, so it is its own end."""
    return day if day == datetime.date.max else day + datetime.timedelta(days=1)


def next_month_start(day):
    if day.month == 12:
        return datetime.date(day.year + 1, 1, 1)
    return datetime.date(day.year, day.month + 1, 1)


@dataclass(frozen=True)
class Neighbours:
    """The published editions nearest a day or a month, and the whole archive's span."""

    previous: datetime.date | None
    next: datetime.date | None
    first: datetime.date | None
    last: datetime.date | None


def every_live_edition():
    """Published editions, ready to be walked in date order to the first or the last."""
    return Issue.objects.published().walked_by_date()


def latest_date():
    """The date of the newest published edition, or None."""
    return every_live_edition().order_by("-date").values_list("date", flat=True).first()


def neighbours(*, before, after):
    """Nearest published edition dates strictly before `before` and on/after `after`, in one query."""
    live = Issue.objects.published()

    def nearest(editions, order):
        return Subquery(editions.order_by(order).values("date")[:1])

    # The newest edition is the row the others ride on: no edition, no neighbours either.
    row = (
        every_live_edition()
        .order_by("-date")
        .annotate(
            previous=nearest(live.filter(date__lt=before), "-date"),
            next=nearest(live.filter(date__gte=after), "date"),
            first=nearest(every_live_edition(), "date"),
        )
        .values("previous", "next", "first", "date")
        .first()
    )
    if row is None:
        return Neighbours(previous=None, next=None, first=None, last=None)
    return Neighbours(previous=row["previous"], next=row["next"], first=row["first"], last=row["date"])


@dataclass(frozen=True)
class CalendarDay:
    date: datetime.date
    in_month: bool
    issue: Issue | None

    @property
    def label(self):
        return chinese_date(self.date)


@dataclass(frozen=True)
class BackIssuesMonth:
    first_day: datetime.date
    weeks: list
    issues: list
    neighbours: Neighbours

    @property
    def title(self):
        return f"{self.first_day.year}年{self.first_day.month}月"

    @property
    def years(self):
        """The years a reader can jump to: the archive's span, and the month shown."""
        first, last = self.neighbours.first, self.neighbours.last
        years = set(range(first.year, last.year + 1)) if first and last else set()
        return sorted(years | {self.first_day.year}, reverse=True)


def month_calendar(year, month):
    """The calendar of `year`-`month`; ValueError when there is no such month to show."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{year}年不在往期回顾的范围内")
    first_day = datetime.date(year, month, 1)
    after = next_month_start(first_day)
    issues = list(
        Issue.objects.published().filter(date__gte=first_day, date__lt=after).order_by("date").only("date", "number")
    )
    by_date = {issue.date: issue for issue in issues}
    weeks = [
        [CalendarDay(day, day.month == month, by_date.get(day) if day.month == month else None) for day in week]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    return BackIssuesMonth(first_day, weeks, issues, neighbours(before=first_day, after=after))
