from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from articles import uploads
from core.http.request_guard import serve_media
from editions import discovery

admin.site.site_header = f"{settings.SITE_NAME} 编辑部"
admin.site.site_title = f"{settings.SITE_NAME} 编辑部"
admin.site.index_title = "采编管理"

urlpatterns = [
    path("admin/import-text/", include("articles.importing.urls")),
    path("admin/import-pages/", include("editions.page_import_urls")),
    path("admin/", admin.site.urls),
    # Our own upload and browse views: staff, permission and CSRF checked.
    path("ckeditor/upload/", uploads.upload, name="ckeditor_upload"),
    path("ckeditor/browse/", uploads.browse, name="ckeditor_browse"),
    path("preview/", include("articles.preview_urls")),
    path("articles/", include("articles.urls")),
    # A story's short link and its QR code, for the share panel (articles/sharing.py).
    path("s/", include("articles.share_urls")),
    path("departments/", include("articles.department_urls")),
    path("search/", include("search.urls")),
    # The read-only news API for partners, in IPTC ninjs 3.1 (syndication/).
    path("api/v1/", include("syndication.urls")),
    path("readership/", include("readership.urls")),
    path("robots.txt", discovery.robots_txt, name="robots_txt"),
    path("favicon.ico", discovery.favicon, name="favicon"),
    path("sitemap.xml", discovery.sitemap_index, name="sitemap"),
    path("sitemap-<slug:section>.xml", discovery.sitemap_section, name="sitemap_section"),
    path("", include("editions.urls")),
]

if settings.DEBUG or settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media, {"document_root": settings.MEDIA_ROOT})]

# Inside the newsroom's screens, in the admin's look and saying what to do instead (bulletin/error_pages.py).
handler403 = "bulletin.error_pages.permission_denied"
handler404 = "bulletin.error_pages.page_not_found"
