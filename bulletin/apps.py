from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "bulletin.admin_site.NewsroomAdminSite"

    def ready(self):
        super().ready()
        # The deployment check of SITE_URL, which the sitemap, feeds and robots.txt are built on.
        import bulletin.checks  # noqa: F401
        from bulletin.reader_visible import READER_VISIBLE
        from core import changes, xml_chars
        from core.http import admin_language

        # Here because this is the project's own config that every installation
        # has, and every app's models are loaded by the time any ready() runs.
        xml_chars.connect()
        changes.install(READER_VISIBLE)
        admin_language.install()
