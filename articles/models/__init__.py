from .article import Article, ArticleQuerySet, Byline, Person, Photo
from .campaign import Campaign, CaseStudy, KeyFigure, Lesson, Practice

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Byline",
    "Campaign",
    "CaseStudy",
    "KeyFigure",
    "Lesson",
    "Person",
    "Photo",
    "Practice",
]
