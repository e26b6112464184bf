"""
An add form filled from the address (?department=3, as the admin's own links do) refuses an id no row can have.

Generated from the admin registry: every registered model × every relation it
has, so a model or a field added later is tried too.
"""

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse

pytestmark = pytest.mark.django_db

RELATIONS = [
    (model, field.name)
    for model in admin.site._registry
    for field in model._meta.get_fields()
    if field.is_relation and field.concrete
]


def add_url(model):
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    except NoReverseMatch:
        return None


@pytest.mark.parametrize(("model", "name"), RELATIONS, ids=[f"{m._meta.label}.{n}" for m, n in RELATIONS])
@pytest.mark.parametrize("value", ["%2500", "abc", "1,x", "-"])
def test_a_related_id_that_cannot_be_one_is_a_bad_request(admin_client, model, name, value):
    url = add_url(model)
    if url is None:
        pytest.skip("no add form")
    response = admin_client.get(f"{url}?{name}={value}")
    if response.status_code == 200:
        # Only where the add form leaves the field out (a new user's form has no groups yet).
        assert name not in response.context_data["adminform"].form.fields
        return
    # 403 where the superuser may add nothing (a read-only report); otherwise 400, never 500.
    assert response.status_code in (400, 403), response.status_code


def test_the_generated_cases_cover_the_story_form():
    from articles.models import Article

    assert (Article, "department") in RELATIONS


def test_a_real_id_still_fills_the_form(admin_client):
    from .factories import make_department

    department = make_department(name="市生态环境局")
    response = admin_client.get(reverse("admin:articles_article_add") + f"?department={department.pk}")
    assert response.status_code == 200
    assert "市生态环境局" in response.content.decode()
