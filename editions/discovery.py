"""What other programs ask the site's root for: robots.txt, the sitemap index with its sections, /favicon.ico."""

from django.contrib.sitemaps import views as sitemap_views
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from articles.templatetags.site_tags import absolute
from core.caching import reads_query

from .sitemaps import SITEMAPS


@reads_query()
@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        # Drafts shown to colleagues: never indexed, even if a link leaks.
        "Disallow: /preview/",
        "Disallow: /ckeditor/",
        f"Sitemap: {absolute(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@reads_query()
@sitemap_views.x_robots_tag
def sitemap_index(request):
    """Like django.contrib.sitemaps' index, but on settings.SITE_URL and without reading every row for lastmod."""
    entries = []
    for section, sitemap_class in SITEMAPS.items():
        location = absolute(reverse("sitemap_section", kwargs={"section": section}))
        entries.append(sitemap_views.SitemapIndexItem(location))
        for number in range(2, sitemap_class().paginator.num_pages + 1):
            entries.append(sitemap_views.SitemapIndexItem(f"{location}?p={number}"))
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@reads_query("p")  # Django's sitemap view pages with ?p=
def sitemap_section(request, section):
    if section not in SITEMAPS:
        raise Http404("没有这个网站地图。")
    return sitemap_views.sitemap(request, {section: SITEMAPS[section]}, section=section)


@reads_query()
@require_safe
def favicon(request):
    # Browsers and feed readers ask for /favicon.ico whatever a page links. A
    # redirect, not a permanent one: in production the file's name carries its
    # hash, which changes when the icon does.
    response = HttpResponseRedirect(static("img/favicon.ico"))
    patch_cache_control(response, public=True, max_age=24 * 3600)
    return response
