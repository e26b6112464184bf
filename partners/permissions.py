from rest_framework import permissions

from .models import PartnerKey


class HasPartnerKey(permissions.BasePermission):
    """Only a request that came with a valid, unrevoked key (PartnerKeyAuthentication) gets anything."""

    def has_permission(self, request, view):
        return isinstance(request.auth, PartnerKey) and request.auth.is_active


class HasScope(HasPartnerKey):
    """For a view only some keys may use: `permission_classes = [HasScope.of(Scope.EMBARGO)]`."""

    scope = None
    message = "此 API 密钥没有访问该内容的权限。"

    @classmethod
    def of(cls, scope):
        return type(f"HasScope_{scope}", (cls,), {"scope": scope})

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.auth.has_scope(self.scope)
