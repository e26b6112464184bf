"""
Stories and everything printed with them: kicker, headline, subheadline, dateline, body, bylines,
photos; campaigns and case studies; the workflow, previews, revisions, import of text, the rich-text
sanitizer, feeds and the story and department pages.

May import: core, departments.
"""
