from . import article, campaign, people  # noqa: F401  (registers the admin classes)
