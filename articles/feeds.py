"""RSS and Atom feeds: the latest stories, a department's, a campaign's. Only published and due stories."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from core.xml_chars import xml_safe
from departments.models import Department

from .models import Article, Campaign
from .templatetags.site_tags import absolute

FEED_LENGTH = 30


class LatestStoriesFeed(Feed):
    url_name = "articles:feed_rss"
    language = "zh-CN"
    reads_query = ()  # the query parameters the feed depends on (core/caching.py keys cached pages on them)

    def title(self, obj=None):
        return f"{settings.SITE_NAME} 最新稿件"

    def description(self, obj=None):
        return f"{settings.SITE_NAME}数字报最新发布的稿件"

    def link(self, obj=None):
        return absolute(reverse("editions:front"))

    def get_feed(self, obj, request):
        # Rows written before text was cleaned on save, or by QuerySet.update(), may still
        # hold a character XML forbids; Django's feed writer would fail on it (a 500).
        feed = super().get_feed(obj, request)
        feed.feed = xml_safe(feed.feed)
        feed.items = xml_safe(feed.items)
        return feed

    def feed_url(self, obj=None):
        return absolute(reverse(self.url_name, kwargs={"slug": obj.slug} if obj else None))

    def stories(self, obj=None):
        return Article.objects.published()

    def items(self, obj=None):
        # select_related/prefetch: a fixed number of queries, whatever the feed's length.
        return self.stories(obj).for_listing().select_related("case_study")[:FEED_LENGTH]

    def item_title(self, item):
        if not item.kicker:
            return item.headline_text
        # "海南区商务局：打造便民消费圈": a kicker ending in a colon runs straight on, as in print.
        separator = "" if item.kicker.endswith(("：", ":")) else " "
        return f"{item.kicker}{separator}{item.headline_text}"

    def item_description(self, item):
        return item.description

    def item_link(self, item):
        return absolute(item.get_absolute_url())

    def item_pubdate(self, item):
        return item.publish_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return "、".join(byline.person.name for byline in item.bylines.all()) or None

    def item_categories(self, item):
        return [item.department.name] if item.department_id else []


class OneSubjectFeed(LatestStoriesFeed):
    """The latest stories of one department or campaign, found by its slug."""

    model = None

    def get_object(self, request, slug):
        return get_object_or_404(self.model, slug=slug)

    def title(self, obj=None):
        return f"{settings.SITE_NAME}｜{obj.name}"

    def link(self, obj=None):
        return absolute(obj.get_absolute_url())


class DepartmentFeed(OneSubjectFeed):
    url_name = "departments:feed_rss"
    model = Department

    def description(self, obj=None):
        return f"{settings.SITE_NAME}刊登的{obj.name}稿件"

    def stories(self, obj=None):
        return Article.objects.published().in_department(obj)


class CampaignFeed(OneSubjectFeed):
    url_name = "articles:campaign_feed_rss"
    model = Campaign

    def description(self, obj=None):
        return obj.description or f"{obj.name}典型案例"

    def stories(self, obj=None):
        return Article.objects.published().filter(case_study__campaign=obj)


class AtomFeedMixin:
    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj)


class LatestStoriesAtomFeed(AtomFeedMixin, LatestStoriesFeed):
    url_name = "articles:feed_atom"


class DepartmentAtomFeed(AtomFeedMixin, DepartmentFeed):
    url_name = "departments:feed_atom"


class CampaignAtomFeed(AtomFeedMixin, CampaignFeed):
    url_name = "articles:campaign_feed_atom"
