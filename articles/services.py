"""
Moving stories through review, and scheduling editions. Plain functions with
keyword-only arguments; each records who did what in StatusChange.
"""

import datetime

import reversion
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from core import clock

from . import policy, proofreading
from .models import Article, StatusChange

ACTION_LABELS = {
    "submit": "提交审核",
    "return": "退回修改",
    "approve": "审核通过",
    "schedule": "排期发布",
    "publish": "立即发布",
    "withdraw": "撤稿",
}

# The moves that need a clean 校对 first (articles/proofreading.py).
PROOFREAD_BEFORE = {"approve", "schedule", "publish"}


@transaction.atomic
def transition(*, article: Article, action: str, by, comment: str = "", publish_at: datetime.datetime | None = None):
    """Apply `action` to `article` for user `by`, or raise PermissionDenied / ValidationError."""
    article = Article.objects.select_for_update().get(pk=article.pk)
    if not policy.can_transition(by, article, action):
        raise PermissionDenied(f"不能对这篇稿件执行“{ACTION_LABELS.get(action, action)}”。")
    if action == "return" and not comment.strip():
        raise ValidationError("退回时请写明修改意见。")
    target = policy.TRANSITIONS[action][1]
    if action in PROOFREAD_BEFORE:
        # Banned words, and 校对 findings nobody fixed or marked 已核, hold the story back.
        proofreading.gate(article, ACTION_LABELS[action])
    if action == "schedule":
        if publish_at is None:
            raise ValidationError("排期需要填写发布时间。")
        article.publish_at = publish_at
    elif action == "publish":
        now = clock.now()
        if article.publish_at is None or article.publish_at > now:
            article.publish_at = now
    previous = article.status
    article.status = target
    article.updated_by = by
    with reversion.create_revision():
        article.save()
        reversion.set_user(by)
        reversion.set_comment(
            f"{ACTION_LABELS[action]}：{comment.strip()}" if comment.strip() else ACTION_LABELS[action]
        )
    StatusChange.objects.create(
        article=article,
        from_status=previous,
        to_status=target,
        by=by,
        at=clock.now(),
        publish_at=article.publish_at,
        comment=comment.strip(),
    )
    return article


@transaction.atomic
def schedule_issue(*, issue, by, publish_at: datetime.datetime):
    """
    Schedule an edition and every approved story placed in it; stories already
    scheduled later keep their time, and those whose 校对 is not clean stay approved.
    Returns (scheduled, still waiting: for review, or to be scheduled on their own).
    """
    if not policy.is_editor(by):
        raise PermissionDenied("只有编辑可以排期整期报纸。")
    issue.status = issue.Status.SCHEDULED
    issue.publish_at = publish_at
    issue.save(update_fields=["status", "publish_at"])
    placed = Article.objects.filter(page__issue=issue)
    scheduled = 0
    held = 0
    for story in placed.filter(status=Article.Status.APPROVED):
        later = story.publish_at if story.publish_at and story.publish_at > publish_at else publish_at
        try:
            transition(article=story, action="schedule", by=by, publish_at=later, comment="随整期排期")
        except ValidationError:
            held += 1  # changed since approval, and its 校对 is not clean: it waits to be scheduled on its own
            continue
        scheduled += 1
    waiting = held + placed.filter(status__in=[Article.Status.DRAFT, Article.Status.SUBMITTED]).count()
    return scheduled, waiting
