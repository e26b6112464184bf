from .article import Article, ArticleQuerySet, Byline, Person, Photo
from .campaign import Campaign, CaseStudy, KeyFigure, Lesson, Practice
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
    "RefusedEdit",
    "StatusChange",
]
