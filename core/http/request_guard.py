"""
Hostile URLs get a clear 400 or 404, never a 500 (found by tests/test_fuzz_urls.py).

- A URL carrying a NUL byte is refused with 400 before any view runs. No page,
  slug, search or filter of this site has a NUL in it, and PostgreSQL cannot
  even compare text with one: `Department.objects.get(slug="a\\x00")` raises
  instead of finding nothing, a 500 on every page and admin filter that looks
  up what the URL says. Form fields already refuse NUL in posted text.
- Media served by Django (development, the demo) answers 404 for a name the
  file system cannot even look up, such as one longer than it allows.
"""

from django.core.exceptions import BadRequest
from django.http import Http404
from django.views.static import serve


def has_nul(request):
    if "\x00" in request.path:
        return True
    if not request.META.get("QUERY_STRING"):
        return False  # nothing to parse: a reader-cache hit need not build request.GET for this
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists())


class RefuseNulBytesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if has_nul(request):
            raise BadRequest("网址中含有空字符，无法识别。")
        return self.get_response(request)


def serve_media(request, path, document_root):
    try:
        return serve(request, path, document_root=document_root)
    except OSError:  # "File name too long" and the like: there is no such file
        raise Http404("没有这个文件。") from None
