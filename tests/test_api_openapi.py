"""The OpenAPI 3 document of the news API: generated without a warning, valid, and served at a stable URL."""

import pytest
from django.core.management import call_command
from django.urls import reverse

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/stories/",
    "/api/v1/stories/{id}/",
    "/api/v1/editions/",
    "/api/v1/editions/{date}/",
    "/api/v1/editions/{date}/pages/{number}/",
    "/api/v1/departments/",
    "/api/v1/campaigns/",
    "/api/v1/changes/",
}


def test_the_document_is_generated_and_validated_without_warnings(tmp_path):
    # --fail-on-warn turns any warning drf-spectacular gives (a view it cannot read, a guessed type) into an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "openapi.yaml"))
    assert (tmp_path / "openapi.yaml").read_text().startswith("openapi: 3")


def test_the_document_is_public_at_a_stable_url_and_describes_every_endpoint(client):
    assert reverse("syndication:schema") == "/api/v1/schema/"
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == PATHS
    assert document["components"]["securitySchemes"]["partnerKey"]["scheme"] == "bearer"
    assert all(
        operation["security"] == [{"partnerKey": []}]
        for path in document["paths"].values()
        for operation in path.values()
    )
