"""合作方密钥 in the admin: made here and shown once, listed by prefix, revoked, their requests counted per day.

Only superusers, or someone given the `partners` permissions by name: the
newsroom groups (记者, 编辑) have none, as a key reads stories before readers do.
"""

import datetime

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core import clock

from .models import PartnerKey, Scope, rate_in_words
from .services import revoke_key, save_new_key

USAGE_DAYS = 14


class PartnerKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label="权限",
        choices=Scope.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="每个密钥都可读取已发布的稿件；只给签了禁发协议的合作方勾选提前读取。",
    )

    class Meta:
        model = PartnerKey
        fields = ["name", "contact", "scopes", "rate_limit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["scopes"] = sorted(self.instance.scope_names) if self.instance.pk else [Scope.READ]
        default = rate_in_words(settings.API_DEFAULT_RATE)
        self.fields["rate_limit"].help_text = f"留空则用默认上限（{default}）；超出的请求被拒绝，并告知几秒后可重试。"

    def clean_scopes(self):
        return " ".join(sorted(set(self.cleaned_data["scopes"]) | {Scope.READ}))


@admin.register(PartnerKey)
class PartnerKeyAdmin(admin.ModelAdmin):
    form = PartnerKeyForm
    list_display = ["name", "prefix_shown", "scopes_shown", "created_by", "created_at", "last_used_at", "state"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "contact", "prefix"]
    actions = ["revoke"]
    readonly_fields = [
        "prefix_shown",
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
        "revoked_by",
        "requests_per_day",
    ]

    def get_fieldsets(self, request, obj=None):
        main = (None, {"fields": ["name", "contact", "scopes", "rate_limit"]})
        if obj is None:
            return [main]
        return [
            main,
            (
                "密钥",
                {"fields": ["prefix_shown", "created_by", "created_at", "last_used_at", "revoked_at", "revoked_by"]},
            ),
            (f"最近{USAGE_DAYS}天的请求", {"fields": ["requests_per_day"]}),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("created_by", "revoked_by")

    def has_delete_permission(self, request, obj=None):
        # Keys are revoked, never deleted: who made one, who revoked it and what it was used for stay on record.
        return False

    @admin.display(description="密钥前缀", ordering="prefix")
    def prefix_shown(self, key):
        return f"{key.prefix}…"

    @admin.display(description="权限")
    def scopes_shown(self, key):
        labels = dict(Scope.choices)
        return "；".join(labels.get(name, name) for name in sorted(key.scope_names))

    @admin.display(description="状态", ordering="revoked_at")
    def state(self, key):
        return "有效" if key.is_active else "已吊销"

    @admin.display(description="每日请求数")
    def requests_per_day(self, key):
        """One GROUP BY over the last days' log rows (index on key, time), by the Beijing date."""
        since = timezone.localtime(clock.now()).date() - datetime.timedelta(days=USAGE_DAYS - 1)
        start = timezone.make_aware(datetime.datetime.combine(since, datetime.time()))
        rows = (
            key.requests.filter(at__gte=start)
            .annotate(day=TruncDate("at", tzinfo=timezone.get_current_timezone()))
            .values("day")
            .annotate(
                total=Count("id"),
                throttled=Count("id", filter=Q(status=429)),
                failed=Count("id", filter=Q(status__gte=400)),
            )
            .order_by("-day")
        )
        rows = list(rows)
        if not rows:
            return "这段时间没有请求。"
        body = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            ((row["day"].isoformat(), row["total"], row["failed"], row["throttled"]) for row in rows),
        )
        return format_html(
            "<table><thead><tr><th>日期（北京时间）</th><th>请求</th><th>出错（4xx/5xx）</th><th>其中被限流（429）</th></tr>"
            "</thead><tbody>{}</tbody></table>",
            body,
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        obj.created_by = request.user
        # Kept on the request for response_add only: the one moment the token exists outside the partner's hands.
        request._new_partner_token = save_new_key(obj)

    def response_add(self, request, obj, post_url_continue=None):
        """The token, once, on the page answering the form: no redirect, no message, so it is stored nowhere."""
        token = getattr(request, "_new_partner_token", None)
        if token is None:
            return super().response_add(request, obj, post_url_continue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "密钥已创建",
            "key": obj,
            "token": token,
        }
        response = TemplateResponse(request, "admin/partners/partnerkey/token_shown.html", context)
        response["Cache-Control"] = "no-store"
        return response

    def get_urls(self):
        revoke = path(
            "<path:object_id>/revoke/",
            self.admin_site.admin_view(self.revoke_view),
            name="partners_partnerkey_revoke",
        )
        return [revoke, *super().get_urls()]

    def revoke_view(self, request, object_id):
        """吊销此密钥 from the key's page: asks first (GET), revokes on POST."""
        if not object_id.isdigit():
            raise Http404("没有这个密钥。")
        key = get_object_or_404(PartnerKey, pk=object_id)
        if not self.has_change_permission(request, key):
            raise PermissionDenied
        change_url = reverse("admin:partners_partnerkey_change", args=[key.pk])
        if request.method == "POST":
            if revoke_key(key=key, by=request.user):
                self.message_user(request, f"已吊销密钥「{key}」。使用它的请求立即得到 401。")
            else:
                self.message_user(request, "这个密钥已吊销过，没有改变。", messages.WARNING)
            return HttpResponseRedirect(change_url)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "吊销密钥",
            "key": key,
            "change_url": change_url,
        }
        return TemplateResponse(request, "admin/partners/partnerkey/revoke.html", context)

    @admin.action(description="吊销所选密钥", permissions=["change"])
    def revoke(self, request, queryset):
        revoked = [key.name for key in queryset if revoke_key(key=key, by=request.user)]
        if revoked:
            self.message_user(
                request, f"已吊销 {len(revoked)} 个密钥：{'、'.join(revoked)}。使用它们的请求立即得到 401。"
            )
        else:
            self.message_user(request, "所选密钥都已吊销过，没有改变。", messages.WARNING)
