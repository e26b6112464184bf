"""
Generate a realistic archive: years of daily editions, written in bulk.

Each day is drawn from its own random generator seeded with (seed, date), so a
day's edition is the same whichever range it is generated in, and appending
later days never changes earlier ones. Days are written in chunks of about
`batch_size` stories, each chunk with bulk inserts inside one transaction, so
memory stays flat however many years are asked for.

The rows of one day are drawn in bench.archive.day, their words in bench.archive.words.

Rich text still goes through SanitizedRichTextField on the way in: bulk_create
calls its pre_save and its get_prep_value, so nh3 cleans every body twice,
about a fifth of a ten-year run's CPU time. That is kept: the bodies are
generated clean, so nh3 leaves them as they are, and no write path skips the
allowlist.
"""

import datetime
import sys
import time
from dataclasses import dataclass, fields

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from tqdm import tqdm

from articles.models import Campaign, Person, Photo
from articles.renditions import make_renditions
from core.statistics import refresh_after_bulk_load
from departments.models import Department
from editions.models import Issue
from seeds.demo import stand_in_picture

from . import words as text
from .day import Chunk, drawn_days

SHARED_PHOTO_NAME = "photos/archive/stand-in.jpg"
SHARED_PHOTO_SIZE = (480, 320)
# Rows per INSERT statement: under PostgreSQL's 65,535 parameters for the
# widest table (articles, 25 columns); SQLite lowers it to its own limit.
INSERT_ROWS = 1000


class ArchiveExistsError(Exception):
    """Some of the dates asked for already have an issue."""


@dataclass
class ArchiveOptions:
    seed: int = 1
    pages_per_issue: int = 8
    stories_per_page: int = 6
    batch_size: int = 5000
    # Helper processes that draw the days while this one writes (0: draw here).
    workers: int = 0


@dataclass
class ArchiveCounts:
    issues: int = 0
    pages: int = 0
    articles: int = 0
    bylines: int = 0
    photos: int = 0
    case_studies: int = 0

    def __iadd__(self, other):
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self


def default_end_date():
    """Yesterday in Beijing: the archive stops where today's edition would begin."""
    return timezone.localdate() - datetime.timedelta(days=1)


def archive_dates(*, end, days):
    return [end - datetime.timedelta(days=offset) for offset in range(days - 1, -1, -1)]


def existing_dates(dates):
    if not dates:
        return set()
    return set(Issue.objects.filter(date__gte=min(dates), date__lte=max(dates)).values_list("date", flat=True))


def generate_archive(dates, *, options=None, append=False, progress=False):
    """Write an issue for each of `dates`. Returns the counts of rows written."""
    options = options or ArchiveOptions()
    taken = existing_dates(dates)
    if taken and not append:
        raise ArchiveExistsError(
            f"数据库中已有 {len(taken)} 期报纸落在 {min(dates)} 至 {max(dates)} 之间"
            f"（最早 {min(taken)}，最晚 {max(taken)}）。加 --append 只补齐缺少的日期，或换一个空数据库。"
        )
    references = References.load()
    counts = ArchiveCounts()
    chunk = Chunk()
    days = [day for day in dates if day not in taken]
    bar = tqdm(total=len(days), unit="期", desc="生成往期报纸", disable=not progress, file=sys.stderr)
    # With DEBUG on (as manage.py runs in development) Django keeps and quotes
    # every statement: a fifth of the run and hundreds of MB for these inserts.
    with bar, override_settings(DEBUG=False):
        for drawn, day_count in drawn_days(days, references, options):
            chunk.extend(drawn)
            if len(chunk.articles) >= options.batch_size:
                counts += write_chunk(chunk)
                chunk = Chunk()
            bar.update(day_count)
        counts += write_chunk(chunk)
    return counts


def fill(
    *,
    years=10,
    days=None,
    end=None,
    pages_per_issue=8,
    stories_per_page=6,
    seed=1,
    batch_size=5000,
    workers=1,
    append=False,
    no_progress=False,
    stdout=None,
):
    """Generate the archive as `python -m bench.archive` is asked to, refresh the statistics, and say what was made."""
    end = end or default_end_date()
    days = days or round(years * 365.25)
    options = ArchiveOptions(
        seed=seed,
        pages_per_issue=pages_per_issue,
        stories_per_page=stories_per_page,
        batch_size=batch_size,
        workers=max(0, workers),
    )
    started = time.monotonic()
    counts = generate_archive(
        archive_dates(end=end, days=days), options=options, append=append, progress=not no_progress
    )
    refresh_after_bulk_load()
    print(
        f"往期报纸已生成（{time.monotonic() - started:.0f} 秒）：{counts.issues} 期，{counts.pages} 个版面，"
        f"{counts.articles} 篇稿件，{counts.bylines} 条署名，{counts.photos} 张图片，"
        f"{counts.case_studies} 个典型案例。",
        file=stdout or sys.stdout,
    )
    return counts


@transaction.atomic
def write_chunk(chunk):
    # Parents first (Chunk lists them in that order): bulk_create sets each
    # child's foreign key from its parent's new primary key (both databases
    # return ids from bulk inserts).
    for rows in chunk.tables():
        if rows:
            type(rows[0]).objects.bulk_create(rows, batch_size=INSERT_ROWS)
    return ArchiveCounts(**{f.name: len(getattr(chunk, f.name)) for f in fields(ArchiveCounts)})


@dataclass
class References:
    """The rows every day draws on: departments, people, campaigns, the shared picture."""

    departments: list
    reporters: list
    photographers: list
    correspondents: dict
    campaigns: list
    photo_name: str
    photo_size: tuple

    @classmethod
    def load(cls):
        departments = []
        for position, (name, short_name, slug, level, district, topics) in enumerate(text.department_rows(), 1):
            department, _ = Department.objects.get_or_create(
                name=name,
                defaults={
                    "short_name": short_name,
                    "slug": slug,
                    "level": level,
                    "district": district,
                    "description": f"{name}的工作动态与新闻报道。",
                    "position": position * 10,
                },
            )
            department.topics = topics
            departments.append(department)

        roster = text.make_roster()
        wanted = [(name, "") for name in roster]
        correspondent_names = text.make_roster(len(roster) + len(departments))[len(roster) :]
        wanted += [(name, d.name) for name, d in zip(correspondent_names, departments, strict=True)]
        people = _people_by_key(wanted)
        campaigns = [
            Campaign.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "slogan": slogan,
                    "banner_text": name,
                    "description": f"{name}期间，各部门在本报刊发的做法与经验。",
                    "starts_on": datetime.date.fromisoformat(starts_on),
                    "ends_on": datetime.date.fromisoformat(ends_on) if ends_on else None,
                },
            )[0]
            for name, slug, slogan, starts_on, ends_on in text.CAMPAIGNS
        ]
        return cls(
            departments=departments,
            reporters=[people[(name, "")] for name in roster[:100]],
            photographers=[people[(name, "")] for name in roster[100:]],
            correspondents={
                d.pk: people[(name, d.name)] for name, d in zip(correspondent_names, departments, strict=True)
            },
            campaigns=campaigns,
            photo_name=shared_photo(),
            photo_size=SHARED_PHOTO_SIZE,
        )

    def campaign_on(self, day):
        for campaign in self.campaigns:
            if campaign.starts_on <= day and (campaign.ends_on is None or day <= campaign.ends_on):
                return campaign
        return None


def _people_by_key(wanted):
    known = {(p.name, p.organisation): p for p in Person.objects.all()}
    missing = [Person(name=name, organisation=org) for name, org in wanted if (name, org) not in known]
    for person in Person.objects.bulk_create(missing):
        known[(person.name, person.organisation)] = person
    return known


def shared_photo():
    """One small stand-in picture that every generated photo record points at."""
    name = SHARED_PHOTO_NAME
    if not default_storage.exists(name):
        picture = stand_in_picture(("#8ECFF2", "#6DB35A"), size=SHARED_PHOTO_SIZE)
        name = default_storage.save(name, ContentFile(picture))
    # Bulk-created photos are never saved one by one, so their renditions are made here, once for all of them.
    width, height = SHARED_PHOTO_SIZE
    make_renditions(Photo(image=name, width=width, height=height).image, "photo", width=width, height=height)
    return name
