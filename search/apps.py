from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    label = "search"
    verbose_name = "全文检索"

    def carried_in_backups(self):
        """The index travels in backups and is copied back on restore (backups.contents.carried_data)."""
        from .carried import SearchIndexCopy

        return SearchIndexCopy()
