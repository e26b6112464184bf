"""
CKEditor image upload and browse, wired for a newsroom.

django-ckeditor's own upload view is CSRF-exempt, needs only `is_staff`, and
saves whatever extension the file name claims. Ours needs a signed-in staff
user with permission to change stories, a CSRF token, and bytes that Pillow
decodes as an image; the stored name takes the real format's extension.
"""

import json
import os

from ckeditor_uploader import views as ckeditor_views
from ckeditor_uploader.backends import get_backend
from ckeditor_uploader.utils import get_media_url, storage
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from .images import clean_image, readable_name

UPLOAD_PERMISSION = "articles.change_article"
# JSON placed inside <script> must not be able to close the element.
SCRIPT_SAFE = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _dialog_callback(func_num, *args):
    """The script CKEditor's upload dialog (an iframe form) expects back."""
    arguments = ", ".join([func_num, *(json.dumps(arg).translate(SCRIPT_SAFE) for arg in args)])
    return f"<script>window.parent.CKEDITOR.tools.callFunction({arguments});</script>"


def _refuse(request, message, status=400):
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isdigit():
        return HttpResponse(_dialog_callback(func_num, "", message), status=status)
    return JsonResponse({"uploaded": 0, "error": {"message": message}}, status=status)


def _accept(request, url, file_name):
    func_num = request.GET.get("CKEditorFuncNum", "")
    if func_num.isdigit():
        return HttpResponse(_dialog_callback(func_num, url))
    return JsonResponse({"uploaded": 1, "url": url, "fileName": file_name})


def staff_with_upload_permission(view):
    view = permission_required(UPLOAD_PERMISSION, raise_exception=True)(view)
    return login_required(view, login_url="admin:login")


@never_cache
@csrf_protect
@require_POST
def _upload(request):
    upload = request.FILES.get("upload")
    if upload is None:
        return _refuse(request, "没有收到文件，请重新选择图片。")
    if not request.user.is_staff:
        return _refuse(request, "只有编辑部人员可以上传图片。", status=403)
    try:
        fresh = clean_image(upload)
    except ValidationError as error:
        return _refuse(request, " ".join(error.messages))
    stem = os.path.splitext(upload.name)[0]
    name = readable_name(stem, fresh.extension)
    path = ckeditor_views.get_upload_filename(name, request)
    # get_upload_filename runs CKEDITOR_FILENAME_GENERATOR, which keeps our extension.
    # The uploaded bytes are never stored: only the pixels, encoded afresh (articles.images).
    saved_path = get_backend()(storage, ContentFile(fresh.content, name=name)).save_as(path)
    return _accept(request, get_media_url(saved_path), os.path.basename(saved_path))


upload = staff_with_upload_permission(_upload)


@never_cache
def _browse(request):
    if not request.user.is_staff:
        return HttpResponse("只有编辑部人员可以浏览图片。", status=403)
    return ckeditor_views.browse(request)


browse = staff_with_upload_permission(_browse)
