"""
Who may do what to a story. The admin, the upload view and previews all ask here.

Reporters write: they create stories, edit their own while they are drafts
(including drafts an editor returned to them), and submit them. Editors (the
review and publish permissions) edit everything and move stories on.
"""

from django.db.models import Q

from .models import Article

Status = Article.Status

REVIEW = "articles.review_article"
PUBLISH = "articles.publish_article"


def is_editor(user):
    return user.is_active and user.has_perm(REVIEW) and user.has_perm(PUBLISH)


def is_author(user, article):
    return article.created_by_id is not None and article.created_by_id == user.pk


def can_view(user, article):
    """Staff who may open the story (and preview it)."""
    if not (user.is_active and user.is_staff):
        return False
    return is_editor(user) or is_author(user, article)


def can_edit(user, article):
    if is_editor(user):
        return True
    return user.has_perm("articles.change_article") and is_author(user, article) and article.status == Status.DRAFT


def can_delete(user, article=None):
    return is_editor(user) and user.has_perm("articles.delete_article")


# action name -> (statuses it starts from, status it leads to, who may do it)
TRANSITIONS = {
    "submit": ({Status.DRAFT}, Status.SUBMITTED, "author"),
    "return": ({Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED}, Status.DRAFT, REVIEW),
    "approve": ({Status.SUBMITTED}, Status.APPROVED, REVIEW),
    "schedule": ({Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED, Status.WITHDRAWN}, Status.SCHEDULED, PUBLISH),
    "publish": ({Status.SUBMITTED, Status.APPROVED, Status.SCHEDULED, Status.WITHDRAWN}, Status.PUBLISHED, PUBLISH),
    "withdraw": ({Status.SCHEDULED, Status.PUBLISHED}, Status.WITHDRAWN, PUBLISH),
}


def allowed_actions(user, article):
    return [action for action in TRANSITIONS if can_transition(user, article, action)]


def can_transition(user, article, action):
    if action not in TRANSITIONS or not (user.is_active and user.is_staff):
        return False
    sources, _target, who = TRANSITIONS[action]
    if article.status not in sources:
        return False
    if who == "author":
        return is_author(user, article) or is_editor(user)
    return user.has_perm(who)


def story_of(part):
    """The story a part belongs to (a byline, photo, case study or one of its sections), or None."""
    if isinstance(part, Article):
        return part
    if hasattr(part, "case_study_id"):
        part = part.case_study if part.case_study_id else None
    if part is not None and getattr(part, "article_id", None):
        return part.article
    return None


def can_edit_part(user, *, stored=None, submitted=None):
    """
    Whether `user` may change something shown with a story.

    Both stories count: the one the part hangs off now (`stored`) and the one
    the form would move it to (`submitted`), so that nobody re-points a part of
    their own draft at somebody else's story, nor pulls one off it.
    """
    stories = [story for story in (stored, submitted) if story is not None]
    return all(can_edit(user, story) for story in stories)


def openable_by(user, articles):
    """The stories of `articles` whose forms `user` may open in the admin: editors all, others their own."""
    return articles if is_editor(user) else articles.filter(created_by=user)


def listed_for(user, articles):
    """The stories of `articles` a list may show `user`: what `user` may open, and what readers see anyway."""
    if is_editor(user):
        return articles
    return articles.filter(Q(created_by=user) | Q(pk__in=Article.objects.published().values("pk")))


def editable_by(user, articles):
    """The stories of `articles` that `user` may change: what a part may be attached to."""
    if is_editor(user):
        return articles
    if not user.has_perm("articles.change_article"):
        return articles.none()
    return articles.filter(created_by=user, status=Status.DRAFT)
