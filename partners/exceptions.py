"""The API's errors in Chinese, saying what to do next (DRF's own translations are terse)."""

import math

from rest_framework import exceptions
from rest_framework.views import exception_handler

MISSING_KEY = "缺少 API 密钥：请在请求头中发送 Authorization: Bearer <密钥>（或 X-Api-Key: <密钥>）。"
TOO_MANY = "请求过于频繁，已超过此密钥的每分钟上限。"


def api_exception_handler(exc, context):
    # The detail is replaced in place: the exception also carries the 401's WWW-Authenticate and the 429's wait.
    if isinstance(exc, exceptions.NotAuthenticated):
        exc.detail = exceptions.ErrorDetail(MISSING_KEY, code=exc.default_code)
    elif isinstance(exc, exceptions.Throttled):
        detail = TOO_MANY
        if exc.wait is not None:
            detail += f"请在 {math.ceil(exc.wait)} 秒后重试。"
        exc.detail = exceptions.ErrorDetail(detail, code=exc.default_code)
    return exception_handler(exc, context)
