"""
The editor works from the static files production collects, in real Chromium.

`collectstatic` leaves out most of CKEditor's distribution (core/http/static_collection.py);
here the night desk opens a story in the admin of the production-like site
(gunicorn, WhiteNoise, hashed files, DEBUG off), types into CKEditor and opens
each dialog of the toolbar, and the browser asks for no file that is not there.
"""

import pytest

from bench.stack import EDITOR, gunicorn
from tests.browser.admin_login import log_in

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("servers")]

DIALOGS = {"link": "链接", "image": "图像属性", "table": "表格属性", "specialchar": "选择特殊符号"}


@pytest.fixture(scope="module")
def site(production_site):
    with gunicorn(production_site, workers=1) as (base, _process):
        yield base


def test_ckeditor_runs_with_only_the_collected_files(site, page):
    failures, errors = [], []
    page.on("response", lambda response: response.status >= 400 and failures.append(response.url))
    page.on("requestfailed", lambda request: failures.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append((message.text, message.location)))

    log_in(page, site, *EDITOR)
    page.goto(f"{site}/admin/articles/article/add/")
    body = page.frame_locator("iframe.cke_wysiwyg_frame").locator("body")
    body.click()
    body.type("乌海湖畔春意浓。")
    assert "乌海湖畔春意浓。" in body.inner_text()
    for button, title in DIALOGS.items():
        page.click(f"a.cke_button__{button}")
        dialog = page.locator(".cke_dialog:visible")
        assert title in dialog.locator(".cke_dialog_title").inner_text()
        dialog.locator("a.cke_dialog_ui_button_cancel").click()
    # The Chinese interface, not the English fallback.
    assert page.locator("a.cke_button__bold").get_attribute("title").startswith("加粗")
    assert not failures, failures
    # Chromium asks every site for /favicon.ico; the admin has none, which is not the editor's doing.
    assert not [error for error in errors if not error[1]["url"].endswith("/favicon.ico")], errors
