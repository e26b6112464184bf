"""
One day's edition of the generated archive, as unsaved rows.

Everything is drawn from a random generator seeded with (seed, date), so the
same day always comes out the same, whichever process draws it. Nothing here
touches the database: the rows are collected in a Chunk and written in bulk by
bench.archive.writer, while helper processes may draw the next days.
"""

import datetime
import itertools
import multiprocessing
import pickle
import random
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, fields

from django.utils import timezone

from articles.models import Article, Byline, CaseStudy, KeyFigure, Lesson, Photo, Practice
from editions.models import Issue, Page

from . import pool as drawing_pool
from . import words as text

# The total issue number of the demo edition (2023-02-15), so numbers agree.
TOTAL_NUMBER_ANCHOR = (datetime.date(2023, 2, 15), 9312)
# What fills a page below its lead, and how often.
OTHER_KINDS = (
    Article.Kind.NEWS,
    Article.Kind.FEATURE,
    Article.Kind.COMMENTARY,
    Article.Kind.PHOTO,
    Article.Kind.NOTICE,
)
OTHER_KIND_WEIGHTS = (72, 8, 5, 10, 5)
# Days per task for a helper process, and tasks queued ahead of the writer:
# enough to keep both busy, few enough to keep memory flat.
DAYS_PER_TASK = 7
TASKS_AHEAD = 20


@dataclass
class Chunk:
    """Unsaved rows of some days, in the order they must be inserted."""

    issues: list = field(default_factory=list)
    pages: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    bylines: list = field(default_factory=list)
    photos: list = field(default_factory=list)
    case_studies: list = field(default_factory=list)
    practices: list = field(default_factory=list)
    lessons: list = field(default_factory=list)
    figures: list = field(default_factory=list)

    def tables(self):
        return [getattr(self, f.name) for f in fields(self)]

    def extend(self, other):
        for mine, theirs in zip(self.tables(), other.tables(), strict=True):
            mine.extend(theirs)


def drawn_days(days, references, options):
    """Yield (Chunk, number of days) in date order, drawn here or in `options.workers` helper processes."""
    if not options.workers:
        for day in days:
            chunk = Chunk()
            DayDrawer(day, references, options).draw_into(chunk)
            yield chunk, 1
        return
    # spawn, not fork: a forked child would share this process's database
    # connection. The references are pickled here and unpickled by the helper
    # after django.setup(): model instances cannot be unpickled before.
    context = multiprocessing.get_context("spawn")
    tasks = iter([days[i : i + DAYS_PER_TASK] for i in range(0, len(days), DAYS_PER_TASK)])
    with ProcessPoolExecutor(
        options.workers,
        mp_context=context,
        initializer=drawing_pool.start,
        initargs=(pickle.dumps((references, options)),),
    ) as pool:
        pending = deque(
            (pool.submit(drawing_pool.draw_days, task), len(task)) for task in itertools.islice(tasks, TASKS_AHEAD)
        )
        while pending:
            future, day_count = pending.popleft()
            for task in itertools.islice(tasks, 1):
                pending.append((pool.submit(drawing_pool.draw_days, task), len(task)))
            yield future.result(), day_count


class DayDrawer:
    """One day's edition as unsaved rows: the issue, its pages, their stories and everything hung on them."""

    def __init__(self, day, references, options):
        self.day = day
        self.refs = references
        self.options = options
        self.rng = random.Random(f"{options.seed}:{day.isoformat()}")
        self.publish_at = datetime.datetime.combine(day, datetime.time(6, 0), tzinfo=timezone.get_default_timezone())

    def draw_into(self, chunk):
        rng, day = self.rng, self.day
        anchor_date, anchor_number = TOTAL_NUMBER_ANCHOR
        total_number = anchor_number + (day - anchor_date).days
        roll = rng.random()
        status = Issue.Status.WITHDRAWN if roll < 0.0005 else Issue.Status.SCHEDULED if roll < 0.02 else None
        issue = Issue(
            date=day,
            number=day.timetuple().tm_yday,
            total_number=total_number if total_number > 0 else None,
            status=status or Issue.Status.PUBLISHED,
            publish_at=self.publish_at,
        )
        chunk.issues.append(issue)
        count = self.options.pages_per_issue
        names = [text.PAGE_NAMES[min(i, len(text.PAGE_NAMES) - 1)] for i in range(count - 1)]
        names.append(text.LAST_PAGE_NAME if count > 1 else text.PAGE_NAMES[0])
        campaign = self.refs.campaign_on(day)
        for number, name in enumerate(names, 1):
            page = Page(issue=issue, number=number, name=name)
            chunk.pages.append(page)
            case_studies = rng.randint(1, 2) if campaign and number == count and count > 1 else 0
            self.draw_page(chunk, page, campaign if case_studies else None, case_studies)

    def stories_on_page(self):
        average = self.options.stories_per_page
        low = max(1, average - 2)
        return self.rng.randint(low, 2 * average - low)

    def draw_page(self, chunk, page, campaign, case_studies):
        areas = page_layout(self.rng, max(self.stories_on_page(), case_studies + 1))
        for position, area in enumerate(areas, 1):
            is_lead = position == 1
            is_case = campaign is not None and 1 < position <= 1 + case_studies
            self.draw_story(chunk, page, position, area, is_lead=is_lead, campaign=campaign if is_case else None)

    def draw_story(self, chunk, page, position, area, *, is_lead, campaign):
        rng = self.rng
        department = rng.choice(self.refs.departments)
        writer = text.StoryWriter(rng, day=self.day, department=department, people=self.refs.reporters)
        kind = self.kind(is_lead, campaign)
        status, publish_at = self.story_status(is_lead)
        article = Article(
            page=page,
            page_position=position,
            is_page_lead=is_lead,
            area_left=area[0],
            area_top=area[1],
            area_width=area[2],
            area_height=area[3],
            kind=kind,
            department=department,
            status=status,
            publish_at=publish_at,
            kicker=f"{department.name}：" if campaign or (department.district and rng.random() < 0.5) else "",
            headline=writer.headline(two_lines=campaign is not None or rng.random() < 0.1),
            subheadline=writer.subheadline() if kind == Article.Kind.FEATURE else "",
            dateline="本报讯" if kind == Article.Kind.NEWS else "",
            body=writer.body_html(rng.randint(600, 1500)),
        )
        chunk.articles.append(article)
        self.draw_bylines(chunk, article, department)
        photos = self.photo_count(kind, is_lead)
        for photo_position in range(1, photos + 1):
            caption = writer.caption()
            chunk.photos.append(
                Photo(
                    article=article,
                    image=self.refs.photo_name,
                    width=self.refs.photo_size[0],
                    height=self.refs.photo_size[1],
                    caption=caption,
                    credit="示意图（替代图片，非原版照片）",
                    alt_text=f"示意图：{caption}（替代图片，非原版照片）",
                    position=photo_position,
                )
            )
        if campaign is not None:
            self.draw_case_study(chunk, article, campaign, writer)

    def kind(self, is_lead, campaign):
        if campaign is not None:
            return Article.Kind.CASE_STUDY
        if is_lead:
            return self.rng.choice((Article.Kind.NEWS, Article.Kind.NEWS, Article.Kind.FEATURE))
        return self.rng.choices(OTHER_KINDS, weights=OTHER_KIND_WEIGHTS)[0]

    def story_status(self, is_lead):
        """Nearly every story went out with its edition; a few never did, or were pulled."""
        roll = 1 if is_lead else self.rng.random()
        if roll < 0.002:
            return Article.Status.DRAFT, None
        if roll < 0.004:
            return Article.Status.WITHDRAWN, self.publish_at
        if roll < 0.03:
            return Article.Status.SCHEDULED, self.publish_at
        return Article.Status.PUBLISHED, self.publish_at

    def photo_count(self, kind, is_lead):
        rng = self.rng
        if kind == Article.Kind.PHOTO:
            return rng.randint(1, 3)
        return 1 if rng.random() < (0.6 if is_lead else 0.12) else 0

    def draw_bylines(self, chunk, article, department):
        rng = self.rng
        if article.kind == Article.Kind.PHOTO:
            people = [(rng.choice(self.refs.photographers), Byline.Role.PHOTOGRAPHER)]
        else:
            people = [(rng.choice(self.refs.reporters), Byline.Role.REPORTER)]
        roll = rng.random()
        if roll < 0.35:
            second = rng.choice(self.refs.reporters)
            if second != people[0][0]:
                people.append((second, Byline.Role.REPORTER))
        elif roll < 0.5:
            people.append((self.refs.correspondents[department.pk], Byline.Role.CORRESPONDENT))
        for position, (person, role) in enumerate(people, 1):
            chunk.bylines.append(Byline(article=article, person=person, role=role, position=position))

    def draw_case_study(self, chunk, article, campaign, writer):
        opening, practices, lessons_opening, lessons, figures = writer.case_study_parts(campaign.name)
        case_study = CaseStudy(article=article, campaign=campaign, opening=opening, lessons_opening=lessons_opening)
        chunk.case_studies.append(case_study)
        for position, (lead, body) in enumerate(practices, 1):
            chunk.practices.append(Practice(case_study=case_study, position=position, lead=lead, text=body))
        for position, (lead, body) in enumerate(lessons, 1):
            chunk.lessons.append(Lesson(case_study=case_study, position=position, lead=lead, text=body))
        for position, (label, value, unit, change) in enumerate(figures, 1):
            chunk.figures.append(
                KeyFigure(case_study=case_study, position=position, label=label, value=value, unit=unit, change=change)
            )


def page_layout(rng, count):
    """Areas (left, top, width, height) for `count` stories: the lead across the top, the rest in rows of two."""
    margin, gap = 0.03, 0.02
    lead_height = rng.uniform(0.28, 0.4)
    areas = [(margin, margin, 1 - 2 * margin, lead_height)]
    others = count - 1
    if others <= 0:
        return areas
    rows = (others + 1) // 2
    top = margin + lead_height + gap
    row_height = (1 - margin - top - gap * (rows - 1)) / rows
    for row in range(rows):
        y = top + row * (row_height + gap)
        in_row = min(2, others - 2 * row)
        if in_row == 1:
            areas.append((margin, y, 1 - 2 * margin, row_height))
        else:
            split = rng.uniform(0.4, 0.6)
            left_width = (1 - 2 * margin - gap) * split
            areas.append((margin, y, left_width, row_height))
            areas.append((margin + left_width + gap, y, 1 - 2 * margin - gap - left_width, row_height))
    return [tuple(round(v, 4) for v in area) for area in areas]
