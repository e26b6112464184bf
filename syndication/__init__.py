"""
The news API for partners: IPTC ninjs 3.1 items (stories, editions and their pages, departments,
campaigns) over Django REST framework, the changes feed partners sync from (`feed.py`, with
tombstones for withdrawn and deleted stories), what a partner's key may see (`visibility.py`, built
on `Article.objects.published()`), and the OpenAPI document (drf-spectacular).

May import: core, departments, proofing, articles, editions, partners.
"""
