"""What `collectstatic` ships: the site's own files, and of CKEditor only what the newsroom's editor loads.

django-ckeditor brings CKEditor 4's whole "full" distribution: manual tests
(HTML pages that would run script on this site's origin), READMEs and change
logs, seventy languages, a second skin and plugins the editor never loads.
None of it is collected, so WhiteNoise never serves it. What is kept follows
the editor's settings (CKEDITOR_CONFIGS), so a plugin or language added there
is shipped without touching this file:

- plugins: those built into ckeditor.js plus `extraPlugins`, less `removePlugins`
  (CKEditor loads a plugin's dialogs, images and styles from its folder later);
- languages: the site's (django-ckeditor gives the editor Django's active
  language, whatever the configuration says), and CKEditor's fallbacks;
- skins: the configured one.
"""

import re
from pathlib import Path

import ckeditor
from django.conf import settings
from django.contrib.staticfiles import finders

PREFIX = "ckeditor/ckeditor/"
DISTRIBUTION = Path(ckeditor.__file__).parent / "static" / PREFIX
# ckeditor.js names the plugins compiled into it.
BUILT_IN_PLUGINS = re.compile(r"CKEDITOR\.config\.plugins='([^']*)'")
# django-ckeditor's default skin (ckeditor.configs.DEFAULT_CONFIG).
DEFAULT_SKIN = "moono-lisa"
# The names django-ckeditor gives Django's Chinese languages (ckeditor.widgets).
CKEDITOR_LANGUAGES = {"zh-hans": "zh-cn", "zh-hant": "zh"}
# Never loaded by the editor, whatever it is configured to do. Patterns match the
# whole path (fnmatch's * crosses folders).
NEVER_LOADED = [
    "samples/*",
    "*/tests/*",
    "*.html",
    # Documentation and change logs; the licence beside ckeditor.js stays.
    "README.md",
    "CHANGES.md",
    "SECURITY.md",
    "*/*.md",
    "*.txt",
    "*.json",
    "build-config.js",
    # The jQuery adapter: django-ckeditor starts editors with CKEDITOR.replace.
    "adapters/*",
]


def _names(value):
    if isinstance(value, list | tuple):
        value = ",".join(value)
    return {name.strip() for name in (value or "").split(",") if name.strip()}


def _folders(path):
    return {child.name for child in path.iterdir() if child.is_dir()} if path.is_dir() else set()


def loaded_plugins(configs, built_in):
    """The plugins some editor configuration loads: ckeditor.js's own plus extraPlugins, less removePlugins."""
    loaded = set()
    for config in configs.values():
        extra = _names(config.get("extraPlugins")) | _names(config.get("extra_plugins"))
        loaded |= (built_in | extra) - _names(config.get("removePlugins"))
    return loaded


def translation_files(languages):
    """The language files CKEditor may ask for: each language, the language without its region
    (a plugin without zh-cn falls back to zh), and English, its last fallback."""
    codes = {CKEDITOR_LANGUAGES.get(code.lower(), code.lower()) for code in languages}
    return {f"{name}.js" for code in codes for name in (code, code.split("-")[0])} | {"en.js"}


def ckeditor_ignore_patterns(configs=None, languages=None, distribution=DISTRIBUTION):
    """collectstatic ignore patterns (whole static paths) for the CKEditor files no configured editor loads."""
    configs = settings.CKEDITOR_CONFIGS if configs is None else configs
    languages = [code for code, _name in settings.LANGUAGES] if languages is None else languages
    patterns = list(NEVER_LOADED)
    match = BUILT_IN_PLUGINS.search((distribution / "ckeditor.js").read_text(encoding="utf-8"))
    # Without the list (another CKEditor build) every plugin folder is kept rather than guessed at.
    if match:
        used = loaded_plugins(configs, _names(match.group(1)))
        patterns += [f"plugins/{name}/*" for name in sorted(_folders(distribution / "plugins") - used)]
    skins = {config.get("skin", DEFAULT_SKIN).split(",")[0] for config in configs.values()}
    patterns += [f"skins/{name}/*" for name in sorted(_folders(distribution / "skins") - skins)]
    unused = {path.name for path in distribution.rglob("lang/*.js")} - translation_files(languages)
    patterns += [f"*lang/{name}" for name in sorted(unused)]
    return [PREFIX + pattern for pattern in patterns]


class AppDirectoriesFinder(finders.AppDirectoriesFinder):
    """Django's finder of the apps' static folders, listing (so collecting) none of the files left out above.

    A finder rather than StaticFilesConfig.ignore_patterns: that needs a config of
    our own in INSTALLED_APPS instead of "django.contrib.staticfiles", which
    pytest-django's live server looks for by name. Files are still found one by
    one (development serving, findstatic), just never collected.
    """

    def list(self, ignore_patterns):
        return super().list([*(ignore_patterns or []), *ckeditor_ignore_patterns()])
