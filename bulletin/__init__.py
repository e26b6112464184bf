"""
The Django project: settings, urls, wsgi, gunicorn, site-wide templates, static files and
translations, and what composes the apps into one site: the admin site and its dashboard, error pages,
deployment checks, and the table of what readers see (reader_visible).

May import: every app and core. Nothing in the site imports bulletin but settings' dotted paths.
"""
