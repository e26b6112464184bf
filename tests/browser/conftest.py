"""Real Chromium (Debian's, never a downloaded one) driven by Playwright against pytest-django's live server."""

import shutil
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the module's tests.

    While Playwright runs, its event loop counts as running in this thread, so
    Django refuses synchronous ORM calls unless DJANGO_ALLOW_ASYNC_UNSAFE is set.
    Module scope (not session) keeps both to the browser tests: the variable is
    gone again before any other test runs, and never reaches a subprocess such
    as `manage.py check --deploy`.
    """
    if not shutil.which(CHROMIUM):
        pytest.skip("Debian's chromium is not installed (make browser-deps)")
    from django.db import connections
    from playwright.sync_api import sync_playwright

    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        # The tests now run in a context of Playwright's, where Django hands out
        # connection objects of their own: without the test database's contents
        # as first serialized (kept on the connection made before), serialized
        # rollback would restore nothing, and after any plain `db` test the
        # second browser test would find no groups, no permissions.
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def open_page(browser):
    """open_page(width=1280) -> a fresh Playwright page (own cookies) of that width; closed after the test."""
    contexts = []

    def open_page(width=1280, height=900, cookies=()):
        context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
        context.set_default_timeout(10_000)
        if cookies:
            context.add_cookies(list(cookies))
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    # Closing a page sends what it sends on leaving (the story form's 结束编辑 beacon): let the live
    # server finish those requests before the test's database is flushed under them (SQLite: "table is locked").
    wait_for_requests_in_flight()


def wait_for_requests_in_flight(seconds=10):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        serving = [t for t in threading.enumerate() if "process_request_thread" in t.name and t.is_alive()]
        if not serving:
            return
        serving[0].join(timeout=0.1)


@pytest.fixture
def page(open_page):
    return open_page()


@pytest.fixture
def screenshot():
    """screenshot(page, name): a full-page PNG in tests/artifacts/ (git-ignored), to look at by eye."""
    ARTIFACTS.mkdir(exist_ok=True)

    def screenshot(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return screenshot
