from django.db import models


class StoryViews(models.Model):
    """How many times a story was read on one day (Beijing time): no reader, address or browser is kept."""

    story = models.ForeignKey(
        "articles.Article", verbose_name="稿件", on_delete=models.CASCADE, related_name="daily_views"
    )
    day = models.DateField("日期（北京时间）")
    views = models.PositiveIntegerField("阅读量", default=0)

    class Meta:
        verbose_name = "每日阅读量"
        verbose_name_plural = "每日阅读量"
        constraints = [models.UniqueConstraint(fields=["story", "day"], name="one_count_per_story_per_day")]
        indexes = [
            # The 热门 lists: a day's (or a week's) rows, read from the index alone, each joined to its story.
            models.Index(fields=["day", "story", "views"], name="storyviews_day_idx"),
        ]

    def __str__(self):
        return f"{self.story_id} · {self.day:%Y-%m-%d} · {self.views}"


class AppliedBatch(models.Model):
    """A batch of counts taken out of Redis and added to StoryViews, so that it is never added twice.

    The flush moves a day's counts to a batch key in Redis, adds them here in
    one transaction that also records the batch, then deletes the key. If the
    process dies after the commit but before the delete, the next flush finds
    the key again and this row says it was already added.
    """

    key = models.CharField("批次", max_length=200, unique=True)
    applied_at = models.DateTimeField("入库时间", db_index=True)

    class Meta:
        verbose_name = "已入库的阅读量批次"
        verbose_name_plural = "已入库的阅读量批次"

    def __str__(self):
        return self.key
