"""
Rebuilding the search index in several processes (restore does, on PostgreSQL) builds the same index as one.

The processes see only committed rows, so this test commits its own (transaction=True).
"""

import pytest
from django.db import connection

from articles.models import Article
from search import backends

from .factories import make_article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def index_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM search_index ORDER BY 1")
        return cursor.fetchall()


def test_several_processes_build_the_index_one_would(settings):
    for n in range(12):
        make_article(headline=f"第{n}号稿件：黄河湿地保护", body=f"<p>乌海市第{n}次巡河。</p>")

    assert backends.rebuild(batch_size=5, jobs=1) == 12
    by_one = index_rows()
    assert backends.rebuild(batch_size=5, jobs=2) == 12

    assert index_rows() == by_one
    assert len(by_one) == 12
    found = backends.search("湿地保护")
    assert len(found) == 12
    assert {hit.article.pk for hit in found[:12]} == set(Article.objects.values_list("pk", flat=True))
