"""The newsroom's admin for stories, campaigns and case studies, and people. May import: core, departments, articles."""

from . import article, campaign, people  # noqa: F401  (registers the admin classes)
