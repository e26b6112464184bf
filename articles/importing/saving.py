"""Saving an imported story: always a draft, in one transaction, with its bylines and case-study parts."""

import reversion
from django.db import transaction

from articles.models import Article, Byline, CaseStudy, Lesson, Person, Practice
from core.xml_chars import clean_text_fields

from .html import body_html

IMPORT_COMMENT = "从排版文字导入"
LEAD_MAX_CHARS = Practice._meta.get_field("lead").max_length


def default_kind(story):
    return Article.Kind.CASE_STUDY if story.case_study else Article.Kind.NEWS


@transaction.atomic
def save_draft(*, story, by, headline=None, kicker=None, subheadline=None, department=None, kind=None, campaign=None):
    """Create a DRAFT story by `by` (there are no authorless drafts) from an ImportedStory; what the
    reporter chose overrides what was recognised.

    A case study keeps its opening, practices and lessons in their own rows
    when it is saved as a case study under a campaign; otherwise its parts are
    laid out in the body under their section headings. Nothing is published.
    """
    kind = kind or default_kind(story)
    as_case_study = kind == Article.Kind.CASE_STUDY and story.case_study is not None and campaign is not None
    article = Article(
        kicker=story.kicker if kicker is None else kicker,
        headline=story.headline_text if headline is None else headline,
        subheadline=story.subheadline if subheadline is None else subheadline,
        dateline=story.dateline,
        body="" if as_case_study else body_html(story.body_blocks()),
        department=department,
        kind=kind,
        status=Article.Status.DRAFT,
        created_by=by,
        updated_by=by,
    )
    article.clean()
    with reversion.create_revision():
        article.save()
        reversion.set_comment(IMPORT_COMMENT)
        reversion.set_user(by)
    # Nobody creates, by importing, what they could not create by hand: a name
    # not yet on the list of people stays off the byline and is reported.
    may_add_people = by.has_perm("articles.add_person")
    article.unlisted_bylines = []
    for position, byline in enumerate(story.bylines, start=1):
        person = _person_named(byline["name"], create=may_add_people)
        if person is None:
            article.unlisted_bylines.append(byline["name"])
            continue
        Byline.objects.get_or_create(
            article=article, person=person, role=byline["role"], defaults={"position": position}
        )
    if as_case_study:
        _save_case_study(article, story.case_study, campaign)
    return article


def _person_named(name, *, create):
    if create:
        return Person.objects.get_or_create(name=name, organisation="")[0]
    return Person.objects.filter(name=name, organisation="").first()


def _fits(item):
    """A lead too long for its field goes back into the text rather than being cut."""
    if len(item["lead"]) > LEAD_MAX_CHARS:
        return {"lead": "", "text": item["lead"] + item["text"]}
    return item


def _save_case_study(article, parts, campaign):
    study = CaseStudy.objects.create(
        article=article, campaign=campaign, opening=parts.opening, lessons_opening=parts.lessons_opening
    )
    # bulk_create sends no pre_save signal: the text is cleaned here, as a save would.
    Practice.objects.bulk_create(
        clean_text_fields(Practice(case_study=study, position=position, **_fits(item)))
        for position, item in enumerate(parts.practices, start=1)
    )
    Lesson.objects.bulk_create(
        clean_text_fields(Lesson(case_study=study, position=position, **_fits(item)))
        for position, item in enumerate(parts.lessons, start=1)
    )
    return study
