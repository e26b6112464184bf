"""
Stories, people, bylines, photos; campaigns and case studies; the review trail, editing
sessions, refused edits and preview links.
"""

from .article import Article, ArticleQuerySet, Byline, Person, Photo
from .campaign import Campaign, CaseStudy, KeyFigure, Lesson, Practice
from .preview import PreviewLink
from .proofreading import ProofAcknowledgement
from .workflow import EditingSession, RefusedEdit, StatusChange

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Byline",
    "Campaign",
    "CaseStudy",
    "EditingSession",
    "KeyFigure",
    "Lesson",
    "Person",
    "Photo",
    "Practice",
    "PreviewLink",
    "ProofAcknowledgement",
    "RefusedEdit",
    "StatusChange",
]

# Every save through the admin or the services keeps a revision of the story
# with its bylines, photos and case study, so a deleted story comes back whole.
import reversion  # noqa: E402

reversion.register(Article, follow=["bylines", "photos", "case_study"])
reversion.register(Byline)
reversion.register(Photo)
reversion.register(CaseStudy, follow=["practices", "lessons", "figures"])
reversion.register(Practice)
reversion.register(Lesson)
reversion.register(KeyFigure)
# Not followed from the story (a restore must never rewind the review trail): added to
# the revision taken just before a story is deleted, so that recovering brings it back.
reversion.register(StatusChange)
