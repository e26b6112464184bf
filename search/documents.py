"""What of a story is searchable, in three parts weighted from most to least."""

import html
import re
from typing import NamedTuple

from django.db.models import Prefetch

from articles.models import Article, Byline, Lesson, Photo, Practice

ARTICLE_FIELDS = (
    *("kicker", "headline", "subheadline", "dateline", "body", "summary"),
    *("department__name", "department__short_name"),
    *("case_study__article", "case_study__opening", "case_study__lessons_opening"),
)


class Document(NamedTuple):
    title: str  # kicker and headline: a match here ranks first
    meta: str  # subheadline, dateline, department, bylines
    body: str  # the story's text, case-study parts, photo captions


def articles_for_indexing():
    """Stories with exactly what a document reads, so a batch costs six queries."""
    return (
        Article.objects.select_related("department", "case_study")
        .only(*ARTICLE_FIELDS)
        .prefetch_related(
            Prefetch("bylines", Byline.objects.select_related("person").only("article_id", "person__name")),
            Prefetch("photos", Photo.objects.only("article_id", "caption")),
            Prefetch("case_study__practices", Practice.objects.only("case_study_id", "lead", "text")),
            Prefetch("case_study__lessons", Lesson.objects.only("case_study_id", "lead", "text")),
        )
        .order_by("pk")
    )


# The body is HTML cleaned by nh3 on save (articles.sanitize), so a regex can
# drop its tags; it is many times faster than an HTML parser over an archive.
TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|td|th)>|<br\s*/?>", re.IGNORECASE)


def plain_body(article):
    """The story's text as a reader reads it: tags dropped, entities decoded."""
    text = TAG.sub("", BLOCK_END.sub("\n", article.body or ""))
    return " ".join(html.unescape(text).split())


def case_study_parts(article):
    study = getattr(article, "case_study", None)
    if study is None:
        return []
    parts = [study.opening]
    parts += [f"{practice.lead}{practice.text}" for practice in study.practices.all()]
    parts.append(study.lessons_opening)
    parts += [f"{lesson.lead}{lesson.text}" for lesson in study.lessons.all()]
    return [part for part in parts if part]


def snippet_text(article):
    """The text a snippet is cut from."""
    parts = [plain_body(article), *case_study_parts(article), article.summary]
    return "\n".join(part for part in parts if part)


def body_text(article):
    captions = [photo.caption for photo in article.photos.all() if photo.caption]
    return "\n".join([snippet_text(article), *captions])


def document(article):
    department = article.department
    meta = [article.subheadline, article.dateline]
    if department is not None:
        meta.append(department.name)
        if department.short_name not in department.name:
            meta.append(department.short_name)
    meta += [byline.person.name for byline in article.bylines.all()]
    return Document(
        title=f"{article.kicker}\n{article.headline}",
        meta="\n".join(part for part in meta if part),
        body=body_text(article),
    )
