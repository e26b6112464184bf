from django.db import models
from django.utils.translation import gettext_lazy as _


class StoryChange(models.Model):
    """An entry of the changes feed partners sync from: story `story_id` changed, look at it again.

    An entry names the story only; what a partner gets when the entry is listed
    is the story as it is at that moment (feed.py): the ninjs item if the
    partner's key may see it, else a tombstone. Each story keeps only its latest
    entries (a later change replaces the earlier ones), so the feed holds one or
    two rows a story however often it is edited.

    A row is listed to keys without the embargo scope from `listed_at`, and to
    keys with it from `listed_under_embargo_at`; a NULL leaves it out for them.
    A story scheduled for 06:00 gets a row listed at 06:00 when it is saved, so
    it reaches the feed on time with no write at 06:00.
    """

    id = models.BigAutoField(primary_key=True)
    # Not a foreign key: the entry outlives a deleted story, to tell partners to remove it.
    story_id = models.BigIntegerField(_("稿件编号"), db_index=True)
    changed_at = models.DateTimeField(_("变更时间"))
    listed_at = models.DateTimeField(_("对普通密钥列出的时间"), null=True)
    listed_under_embargo_at = models.DateTimeField(_("对禁发密钥列出的时间"), null=True)
    # When readers see the story as this change left it (None: not scheduled or published).
    appears_at = models.DateTimeField(_("对读者可见的时间"), null=True)
    # Whether partners may already have received the story before this change: if so, and
    # it cannot be seen any more, they get a tombstone; if not, it is left out of the feed.
    may_have_been_seen = models.BooleanField(default=False)
    may_have_been_seen_under_embargo = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("稿件变更")
        verbose_name_plural = _("稿件变更")
        indexes = [
            models.Index(fields=["listed_at", "id"], name="story_change_listed_idx"),
            models.Index(fields=["listed_under_embargo_at", "id"], name="story_change_embargo_idx"),
        ]

    def __str__(self):
        return f"稿件{self.story_id} {self.changed_at:%Y-%m-%d %H:%M:%S}"
