"""The OpenAPI document's word for how a partner's key is sent (drf-spectacular cannot guess it from the class)."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "partners.authentication.PartnerKeyAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "合作方的 API 密钥：Authorization: Bearer <密钥>（也可用 X-Api-Key: <密钥>）。",
        }
