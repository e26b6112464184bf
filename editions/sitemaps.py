"""sitemap.xml: only what readers may see, with absolute URLs on settings.SITE_URL."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from articles.models import Article, Campaign, CaseStudy
from departments.models import Department

from .models import Issue, Page


class SiteUrlSitemap(Sitemap):
    """Absolute URLs on the canonical host, whatever host the request came to."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.SITE_URL).scheme or "https"

    def get_domain(self, site=None):
        return urlsplit(settings.SITE_URL).netloc


class NavigationSitemap(SiteUrlSitemap):
    """The front page, the back issues, the departments and campaigns that have published stories."""

    changefreq = "daily"

    def items(self):
        with_stories = Article.objects.published()
        departments = Department.objects.filter(pk__in=with_stories.values("department")).order_by("position", "name")
        campaigns = Campaign.objects.filter(
            pk__in=CaseStudy.objects.filter(article__in=with_stories).values("campaign")
        ).order_by("name")
        static = [reverse("editions:front"), reverse("editions:back_issues"), reverse("departments:index")]
        return [*static, *departments, *campaigns]

    def location(self, item):
        return item if isinstance(item, str) else item.get_absolute_url()


class IssueSitemap(SiteUrlSitemap):
    changefreq = "never"

    def items(self):
        return Issue.objects.published().only("date", "publish_at").order_by("-date")

    def lastmod(self, issue):
        return issue.publish_at


class PageSitemap(SiteUrlSitemap):
    changefreq = "never"

    def items(self):
        return (
            Page.objects.filter(issue__in=Issue.objects.published())
            .select_related("issue")
            .only("number", "issue__date", "issue__publish_at")
            .order_by("-issue__date", "number")
        )

    def lastmod(self, page):
        return page.issue.publish_at


class ArticleSitemap(SiteUrlSitemap):
    changefreq = "monthly"

    def items(self):
        return Article.objects.published().only("pk", "updated_at").order_by("-publish_at", "-id")

    def lastmod(self, article):
        return article.updated_at


SITEMAPS = {
    "navigation": NavigationSitemap,
    "issues": IssueSitemap,
    "pages": PageSitemap,
    "articles": ArticleSitemap,
}
