from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class DepartmentsConfig(AppConfig):
    name = "departments"
    verbose_name = "部门"

    def ready(self):
        from bulletin.caching import content_changed

        model = self.get_model("Department")
        post_save.connect(content_changed, sender=model, dispatch_uid="cache-department-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid="cache-department-delete")
