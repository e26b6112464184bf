"""
Editions (Issue) and their numbered pages (Page): the front page, the edition and page views, the
back-issue calendar (back_issues), the sitemap and robots.txt, page PDFs and images, edition readiness.

May import: core, departments, articles.
"""
