"""
manage.py backup and restore: one .tar.gz bundle of the database and media (bundle), restored all
or nothing (restore).

May import: core, departments, articles, editions (not search, backups' sibling: the restore rebuilds the
index through its management command).
"""
