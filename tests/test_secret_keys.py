"""Secret keys: each installation's own and random, never one written in the repository."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SIGN = "from django.core import signing; print(signing.dumps('第1版', salt='preview'))"
CHECK = "import sys; from django.core import signing; print(signing.loads(sys.argv[1], salt='preview'))"


def django_python(code, *args, **env):
    """A new process of the site: settings.py as `make run` and production use it, not the test settings.

    SECRET_KEY is always given (empty meaning unset), so a developer's own .env cannot decide the outcome.
    """
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DJANGO_SETTINGS_MODULE"}}
    environment.update({"SECRET_KEY": "", **env, "DJANGO_SETTINGS_MODULE": "bulletin.settings"})
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )


def make_env_file(folder):
    """`make run`'s .env step, run in `folder` (a stand-in for an installation's checkout)."""
    result = subprocess.run(
        ["make", "-s", "-C", str(folder), "-f", str(ROOT / "Makefile"), f"PYTHON={sys.executable}", ".env"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return (folder / ".env").read_text()


def key_in(env_text):
    keys = [line.removeprefix("SECRET_KEY=") for line in env_text.splitlines() if line.startswith("SECRET_KEY=")]
    return keys[-1]


@pytest.fixture
def installation(tmp_path):
    def new():
        folder = tmp_path / f"install{len(list(tmp_path.iterdir()))}"
        folder.mkdir()
        shutil.copy(ROOT / ".env.example", folder / ".env.example")
        return folder

    return new


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_make_run_writes_a_random_key_of_the_installations_own_and_keeps_it(installation):
    first, second = installation(), installation()
    written = make_env_file(first)
    assert "DEBUG=1" in written  # the rest of .env.example is there too
    key = key_in(written)
    assert len(key) >= 40
    assert key != key_in(make_env_file(second))
    # Running `make run` again keeps the key, so sessions and preview links outlive a restart.
    assert make_env_file(first) == written


@pytest.mark.skipif(not shutil.which("make"), reason="needs make")
def test_an_existing_env_file_without_a_key_gets_one_and_keeps_its_settings(installation):
    folder = installation()
    (folder / ".env").write_text("DEBUG=1\nREADER_CACHE_SECONDS=0")  # no newline at the end
    written = make_env_file(folder)
    assert written.splitlines()[:2] == ["DEBUG=1", "READER_CACHE_SECONDS=0"]
    assert len(key_in(written)) >= 40


def test_the_key_in_env_lets_every_process_of_an_installation_trust_the_others_links():
    key = "k" + os.urandom(30).hex()
    signed = django_python(SIGN, DEBUG="1", SECRET_KEY=key)
    assert signed.returncode == 0, signed.stderr
    checked = django_python(CHECK, signed.stdout.strip(), DEBUG="1", SECRET_KEY=key)
    assert checked.stdout.strip() == "第1版"


def test_development_without_a_key_gets_a_random_one_for_the_process_only():
    first = django_python(SIGN, DEBUG="1")
    assert first.returncode == 0, first.stderr
    second = django_python(CHECK, first.stdout.strip(), DEBUG="1")
    # Another process has another key, so no fixed development key exists to forge links with.
    assert second.returncode != 0 and "BadSignature" in second.stderr
    show = "from django.conf import settings; print(settings.SECRET_KEY)"
    keys = {django_python(show, DEBUG="1").stdout for _ in "ab"}
    assert len(keys) == 2 and all(len(key.strip()) >= 40 for key in keys)


@pytest.mark.parametrize("key", ["", "short-" * 6])
def test_production_refuses_a_missing_or_short_key(key):
    result = django_python("", DEBUG="0", SECRET_KEY=key)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr
