from django.contrib.admin.apps import AdminConfig


class NewsroomAdminConfig(AdminConfig):
    default_site = "bulletin.admin_site.NewsroomAdminSite"

    def ready(self):
        super().ready()
        from bulletin import admin_language, xml_chars

        # Here because this is the project's own config that every installation
        # has, and every app's models are loaded by the time any ready() runs.
        xml_chars.connect()
        admin_language.install()
