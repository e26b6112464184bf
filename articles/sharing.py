"""
The share panel's two addresses: a story's short link and the QR code of it.

`/s/<id>/` is the address printed and scanned: it names only the story's id, so it keeps
working if the story's own address ever changes, and it redirects (301) to that address
while the story is live; anything else is the site's 404, as for the story page itself.

`/s/<id>/qr.svg` is the QR code of the short link's absolute URL (settings.SITE_URL),
drawn with segno as SVG. A URL's QR code never changes, so the drawing is kept in the
cache by its URL and browsers keep it a year; whether the story is live is still asked
each time (one query), so a withdrawn story's code is a 404 like its page.
"""

import hashlib
import io

import segno
from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.utils.cache import patch_cache_control

from core.caching import reads_query
from core.http.static_headers import static_content_security_policy
from core.reversing import reverse_ids

from .models import Article
from .templatetags.site_tags import absolute

QR_CACHE_KEY = "share:qr:{digest}"
QR_MAX_AGE = 365 * 24 * 3600
# Kept a month, not for ever: under Redis's volatile-lru (README, Production) a key without expiry is
# never evicted, and every story ever shared would stay in memory.
QR_CACHE_SECONDS = 30 * 24 * 3600


def short_path(article_id):
    return reverse_ids("share:short", pk=article_id)


def short_url(article_id):
    """The absolute short link readers copy and scan (on SITE_URL, whatever host the page was asked on)."""
    return absolute(short_path(article_id))


def live_story_or_404(pk):
    story = Article.objects.published().filter(pk=pk).only("pk").first()
    if story is None:
        raise Http404("没有这篇稿件，或它尚未发布。")
    return story


@reads_query()
def short_link(request, pk):
    return HttpResponsePermanentRedirect(live_story_or_404(pk).get_absolute_url())


def qr_svg(url):
    """The QR code of `url` as a standalone SVG document: black on white, a quiet zone of four modules."""
    buffer = io.BytesIO()
    segno.make(url, error="m", micro=False).save(
        buffer, kind="svg", scale=4, border=4, dark="#000", light="#fff", title=url, encoding="utf-8"
    )
    return buffer.getvalue()


@reads_query()
def short_link_qr(request, pk):
    live_story_or_404(pk)
    url = short_url(pk)
    key = QR_CACHE_KEY.format(digest=hashlib.sha256(url.encode()).hexdigest())
    svg = cache.get(key)
    if svg is None:
        svg = qr_svg(url)
        cache.set(key, svg, timeout=QR_CACHE_SECONDS)
    response = HttpResponse(svg, content_type="image/svg+xml")
    # private: the reader cache (core/caching.py) would store it and set max-age=0 for revalidation, which
    # an image that never changes does not need; the drawing itself is already kept in the cache above.
    patch_cache_control(response, private=True, max_age=QR_MAX_AGE, immutable=True)
    # An SVG opened on its own runs and loads nothing, as static files (core/http/static_headers.py).
    response["Content-Security-Policy"] = static_content_security_policy()
    return response
