"""
Settings for the bulletin newsroom.

One file for every environment: development, test and production differ only
by what the environment says. Production (DEBUG off) refuses to start without
a real SECRET_KEY.
"""

import re
import secrets
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as cors_default_headers
from django.core.exceptions import ImproperlyConfigured

from core.http.static_headers import add_security_headers

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# ENV_FILE names another file (os.devnull: none), as the settings tests do to see
# the defaults whatever this installation's .env holds.
environ.Env.read_env(env.str("ENV_FILE", default=str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DEBUG", default=False)

# No key is ever written in the repository. `make run` puts a random one in
# .env, so one installation keeps a single key across restarts and processes
# (sessions and signed preview links survive). Development without one (a
# fresh clone, no .env) gets a random key that dies with the process.
SECRET_KEY = env.str("SECRET_KEY", default="")
if DEBUG and not SECRET_KEY:
    SECRET_KEY = secrets.token_urlsafe(50)
if not DEBUG and len(SECRET_KEY) < 40:
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a long random value when DEBUG is off "
        "(python -c 'import secrets; print(secrets.token_urlsafe(50))')."
    )

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

SITE_NAME = env.str("SITE_NAME", default="乌海日报")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "bulletin.apps.NewsroomAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "easy_thumbnails",
    "ckeditor",
    "ckeditor_uploader",
    "reversion",
    "axes",
    "rest_framework",
    "corsheaders",
    "departments",
    "proofing",
    "articles",
    "editions",
    "partners",
    "search",
    "edge",
    "backups",
    "seeds",
    "readership",
    "drf_spectacular",
    "syndication",
]

MIDDLEWARE = [
    # The view-count beacon, answered before anything else runs: it must not slow reading (readership/middleware.py).
    "readership.middleware.CountViewMiddleware",
    # Whole-page caching for anonymous readers, outside everything that adds headers, so a
    # page is stored with all of them and a hit skips the rest (core/caching.py).
    "core.caching.ReaderCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # CORS headers for the API only (CORS_URLS_REGEX), before anything that may answer on its own.
    "corsheaders.middleware.CorsMiddleware",
    # Logs each request made with a partner's key once the response is sent; outside the
    # middleware that may swap the response (a 304), so it logs what the partner got.
    "partners.request_log.PartnerRequestLogMiddleware",
    # 400 for a NUL byte in the URL, which PostgreSQL cannot compare (core/http/request_guard.py).
    "core.http.request_guard.RefuseNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # 304s for unchanged pages (a page the reader cache keeps gets its 304 from the cache).
    "django.middleware.http.ConditionalGetMiddleware",
    # Inside the reader cache, so a cached page keeps what Varnish needs: its surrogate keys and deadline (edge/).
    "edge.headers.EdgeHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "core.http.security.NewsroomCSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into a clear refusal.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # django-axes first: it refuses logins after repeated failures before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "bulletin.urls"

# The admin's story search uses the full-text index (articles/admin/full_text.py).
ADMIN_FULL_TEXT_SEARCH = "search.backends.filter_queryset"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "bulletin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "bulletin.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "bulletin.wsgi.application"

# --- Database -------------------------------------------------------------
# SQLite is the embedded default; DATABASE_URL=postgres://... selects PostgreSQL.
DATABASES = {"default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets readers go on while an editor saves; BEGIN IMMEDIATE takes
            # the write lock up front so two writers queue instead of failing
            # half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
            ),
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_PREPARED_STATEMENTS", default=True
):
    # A page's queries are the same text each time with different values, and
    # PostgreSQL spent longer planning them than running them (a story: 0.39 ms
    # planning, 0.05 ms running). With the values sent apart from the text,
    # psycopg prepares a statement once it has run 5 times on a connection, and
    # later runs skip the planning. A pooler that cannot keep prepared
    # statements (PgBouncer in transaction mode before 1.21) needs
    # DATABASE_PREPARED_STATEMENTS=0.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 5})
# Each worker thread keeps its connection for a while instead of opening one
# per request: on SQLite that is re-reading the schema and the PRAGMAs above,
# on PostgreSQL a new backend process.
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.redis_cache.NewsroomRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="bulletin"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "bulletin",
        }
    }

# Anonymous pages are cached this long at most, and never past the next
# scheduled publish time (core/caching.py). 0 turns the cache off.
READER_CACHE_SECONDS = env.int("READER_CACHE_SECONDS", default=300)
# bulletin/wsgi.py answers a cached page before Django's request handling starts
# (core.caching.ReaderCacheFastPath); 0 leaves it to the middleware, for comparison.
READER_CACHE_FAST_PATH = env.bool("READER_CACHE_FAST_PATH", default=True)

# --- The edge cache: Varnish in front of the app servers (edge/, deploy/varnish/) ---
# How long Varnish may keep a reader's page at most; never past the next
# scheduled publish time. 0 lets it keep nothing.
EDGE_CACHE_SECONDS = env.int("EDGE_CACHE_SECONDS", default=300)
# Every Varnish node to purge after a change readers could see (its listen address,
# e.g. http://10.0.0.5:6081/), and the secret they share (deploy/varnish/start reads the same one).
EDGE_PURGE_URLS = env.list("EDGE_PURGE_URLS", default=[])
EDGE_PURGE_SECRET = env.str("EDGE_PURGE_SECRET", default="")
EDGE_PURGE_TIMEOUT = env.float("EDGE_PURGE_TIMEOUT", default=2.0)
EDGE_PURGE_REPEAT_SECONDS = env.float("EDGE_PURGE_REPEAT_SECONDS", default=0.5)

# --- The news API's content (syndication/) ---------------------------------------
# Keys with the "embargo" scope also get approved stories due within this many hours,
# marked with their embargo time. After changing it, run `manage.py rebuild_change_feed`.
API_EMBARGO_HOURS = env.int("API_EMBARGO_HOURS", default=24)
SPECTACULAR_SETTINGS = {
    "TITLE": "乌海日报新闻接口（IPTC ninjs 3.1）",
    "DESCRIPTION": "只读新闻接口：稿件、期次与版面、部门、专项活动，以及增量同步的变更流。见 README 的“新闻接口”一节。",
    "VERSION": "1.0.0",
    # The document describes the API only, and is the same for everyone who asks.
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
}

# --- Passwords, i18n ---------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# Chinese for the strings Django and its apps ship untranslated (the .po says how to compile it).
LOCALE_PATHS = [BASE_DIR / "bulletin" / "locale"]
USE_TZ = True

# --- Static and media ---------------------------------------------------------
STATIC_URL = "/static/"
# The site's own CSS lives in bulletin/static (bulletin itself is not an installed app).
STATICFILES_DIRS = [BASE_DIR / "bulletin" / "static"]
STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    # Of CKEditor's distribution, collects only what the editor loads.
    "core.http.static_collection.AppDirectoriesFinder",
]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Where `manage.py backup` writes when given no --output (git-ignored; keep copies off this machine too).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "var" / "backups")))

# Static files get the security headers pages get (core/http/static_headers.py).
WHITENOISE_ADD_HEADERS_FUNCTION = add_security_headers

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default=(
                "django.contrib.staticfiles.storage.StaticFilesStorage"
                if DEBUG
                # WhiteNoise's CompressedManifestStaticFilesStorage, each address worked out once.
                else "core.http.static_storage.HashedStaticFilesStorage"
            ),
        )
    },
}

# Media on S3-compatible storage when a bucket is configured; local disk otherwise.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
        },
    }

# Uploads: limits checked again by the image validator (articles.images).
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644
IMAGE_UPLOAD_MAX_BYTES = env.int("IMAGE_UPLOAD_MAX_BYTES", default=15 * 1024 * 1024)
IMAGE_UPLOAD_MAX_PIXELS = env.int("IMAGE_UPLOAD_MAX_PIXELS", default=40_000_000)
# A page's PDF from the layout system; checked by parsing it (editions/pdfs.py).
PAGE_PDF_MAX_BYTES = env.int("PAGE_PDF_MAX_BYTES", default=100 * 1024 * 1024)

# Readers get resized renditions (easy-thumbnails), never the full-size upload.
# Widths only: the height follows the picture. Names say where they are used.
THUMBNAIL_ALIASES = {
    "": {
        "photo_small": {"size": (480, 0)},
        "photo_medium": {"size": (800, 0)},
        "photo_large": {"size": (1200, 0)},
        "page_medium": {"size": (700, 0)},
        "page_large": {"size": (1400, 0)},
    }
}
THUMBNAIL_QUALITY = 82
THUMBNAIL_PROGRESSIVE = 100
# Photos and page images are raster files checked by Pillow on upload; no SVG reader needed.
THUMBNAIL_SOURCE_GENERATORS = ("easy_thumbnails.source_generators.pil_image",)

# --- CKEditor -------------------------------------------------------------------
CKEDITOR_UPLOAD_PATH = "uploads/"
CKEDITOR_ALLOW_NONIMAGE_FILES = False
CKEDITOR_IMAGE_BACKEND = "ckeditor_uploader.backends.PillowBackend"
CKEDITOR_RESTRICT_BY_DATE = True
# Each person browses only the images they uploaded themselves (superusers see all):
# a reporter never sees what a colleague uploaded for an unpublished story.
CKEDITOR_RESTRICT_BY_USER = True
CKEDITOR_BROWSE_SHOW_DIRS = True
CKEDITOR_FILENAME_GENERATOR = "articles.images.readable_upload_name"
CKEDITOR_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "height": 420,
        "width": "100%",
        "toolbar": "newsroom",
        # No Source, Preview, Iframe, Flash or code snippets: reporters write
        # text, the server decides what markup is allowed.
        "toolbar_newsroom": [
            ["Undo", "Redo"],
            ["Format"],
            ["Bold", "Italic", "Underline", "Strike", "Subscript", "Superscript"],
            ["NumberedList", "BulletedList", "Blockquote"],
            ["JustifyLeft", "JustifyCenter", "JustifyRight"],
            ["Link", "Unlink"],
            ["Image", "Table", "HorizontalRule", "SpecialChar"],
            ["RemoveFormat", "Maximize"],
        ],
        "format_tags": "p;h2;h3;h4",
        # Print too: it requires Preview, and CKEditor loads a required plugin even when it is removed.
        # The elements path names HTML tags (blockquote, strong) to people who write Chinese, not HTML.
        "removePlugins": "sourcearea,preview,print,iframe,flash,codesnippet,exportpdf,forms,scayt,elementspath",
        "allowedContent": False,
        "disallowedContent": "script; *[on*]; style; iframe; object; embed",
        "filebrowserUploadMethod": "xhr",
        "image_prefillDimensions": False,
        # Every dialog in Chinese: the tabs for ids, classes, styles and link
        # targets go (the sanitizer drops what they set anyway), and so does the
        # image dialog's Latin sample text. Only the story body uses this editor.
        "removeDialogTabs": "link:advanced;link:target;image:advanced;image:Link;table:advanced",
        "image_previewText": "乌海湖畔春意渐浓，市民沿湖步道散步、骑行，享受周末时光。",
        "title": "正文",
        "applicationTitle": "正文编辑器",
        # Our plugin (articles/static/articles/ckeditor/newsroom/) rewords what zh-cn leaves in English.
        "extraPlugins": "newsroom",
        "external_plugin_resources": [("newsroom", f"{STATIC_URL}articles/ckeditor/newsroom/", "plugin.js")],
        # The symbols a Chinese newspaper types, named in Chinese (CKEditor's own list names Latin letters).
        "specialChars": [
            *[["、", "顿号"], ["·", "间隔号"], ["——", "破折号"], ["……", "省略号"], ["～", "浪纹号"]],
            *[["《", "左书名号"], ["》", "右书名号"], ["〈", "左单书名号"], ["〉", "右单书名号"]],
            *[["“", "左双引号"], ["”", "右双引号"], ["‘", "左单引号"], ["’", "右单引号"]],
            *[["「", "左直角引号"], ["」", "右直角引号"], ["【", "左方头括号"], ["】", "右方头括号"]],
            *[["〔", "左六角括号"], ["〕", "右六角括号"], ["〇", "数字零"], ["№", "编号"], ["※", "参考号"]],
            *[["℃", "摄氏度"], ["°", "度"], ["%", "百分号"], ["‰", "千分号"], ["±", "正负号"], ["×", "乘号"]],
            *[["÷", "除号"], ["≈", "约等于"], ["≠", "不等于"], ["≤", "小于等于"], ["≥", "大于等于"]],
            *[["㎡", "平方米"], ["m³", "立方米"], ["㎞", "千米"], ["㎏", "千克"], ["²", "上标2"], ["³", "上标3"]],
            *[["￥", "人民币"], ["$", "美元"], ["€", "欧元"], ["£", "英镑"], ["§", "节"], ["√", "对号"]],
            *[["→", "右箭头"], ["←", "左箭头"], ["↑", "上箭头"], ["↓", "下箭头"], ["★", "实心五角星"]],
            *[["☆", "空心五角星"], ["●", "实心圆点"], ["○", "空心圆圈"], ["■", "实心方块"], ["□", "空心方块"]],
            *[["▲", "实心三角"], ["△", "空心三角"], ["◆", "实心菱形"], ["◇", "空心菱形"]],
            *[[chr(0x2460 + n), f"带圈数字{n + 1}"] for n in range(10)],
            *[[chr(0x2160 + n), f"罗马数字{n + 1}"] for n in range(10)],
        ],
    }
}

# --- Security ---------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

SILENCED_SYSTEM_CHECKS = [
    # ckeditor.W001 says CKEditor 4 is unmaintained and has known client-side
    # issues. We keep it because the client asked for it, and it is safe here
    # because the browser is never trusted: every rich-text value is cleaned
    # against an allowlist by nh3 on the server before it is stored
    # (articles.fields.SanitizedRichTextField), the toolbar has no Source,
    # Iframe or Flash, uploads are re-checked by Pillow and need staff, a
    # permission and a CSRF token (articles.uploads), and only signed-in staff
    # ever load the editor.
    "ckeditor.W001",
]

LOGIN_URL = "admin:login"

# Login throttling (README, "Login throttling policy"): after 5 failed attempts
# for one user name from one address, that pair is locked out for 30 minutes.
# The same name from another address is not, so nobody can lock an editor out
# of their own account by guessing from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Proxies in front of the app server that append to X-Forwarded-For (1 behind
# the TLS proxy). 0 ignores the header; behind a proxy that would make every
# reader one address, and five wrong guesses would lock the name everywhere.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.http.client_address.client_address"
# A page in the admin's look saying, in Beijing time, when to try again (429 as before).
AXES_LOCKOUT_CALLABLE = "core.http.lockout.locked_out"

# --- Content-Security-Policy (core/http/security.py) ------------------------------
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": ["'none'"],
    }
}
STAFF_CONTENT_SECURITY_POLICY = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    # CKEditor 4 needs inline event handlers and inline styles; nothing else is relaxed.
    "script-src": [_SELF, "'unsafe-inline'"],
    "style-src": [_SELF, "'unsafe-inline'"],
    "img-src": [_SELF, "data:", "blob:"],
    "frame-src": [_SELF],
    "frame-ancestors": [_SELF],
}

# --- The news API for partners (partners/, syndication/) ----------------------------
REST_FRAMEWORK = {
    # Keys only, never the session: a signed-in editor's cookie gives the API
    # nothing, and a key (request.user stays anonymous) gives the admin nothing.
    "DEFAULT_AUTHENTICATION_CLASSES": ["partners.authentication.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["partners.permissions.HasPartnerKey"],
    "DEFAULT_THROTTLE_CLASSES": ["partners.throttling.PartnerKeyRateThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "partners.exceptions.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
# Requests a key may make, in DRF's notation ("120/min"), unless the key has its own limit.
API_DEFAULT_RATE = env.str("API_DEFAULT_RATE", default="120/min")
if not re.fullmatch(r"[1-9][0-9]*/(s|sec|second|m|min|minute|h|hour|d|day)", API_DEFAULT_RATE):
    raise ImproperlyConfigured(f"API_DEFAULT_RATE must look like 120/min (got {API_DEFAULT_RATE!r}).")
# Days the log of partners' requests is kept; `manage.py prune_api_requests` deletes older rows.
API_REQUEST_LOG_DAYS = env.int("API_REQUEST_LOG_DAYS", default=90)
# Browsers may call the API from these origins only (none by default); nothing else is cross-origin.
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [*cors_default_headers, "x-api-key"]
CORS_EXPOSE_HEADERS = ["Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server"},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {
        # Django's defaults give its logger a console handler of its own in
        # development; with root's as well, every warning (a 404 under
        # runserver) was printed twice. Naming "django" here resets the loggers
        # under it, so runserver's request log is set up again as Django does.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Media is served by Django only when no other server does it (development,
# the demo). In production put media behind the web server or S3.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=DEBUG)

# Signed preview links for showing a draft to a colleague expire after this many seconds.
PREVIEW_LINK_MAX_AGE = env.int("PREVIEW_LINK_MAX_AGE", default=2 * 24 * 3600)

# An open story form tells the server it is still open this often; a colleague
# opening the story is shown to the first editor within one such interval, and a
# form silent for two intervals no longer counts as editing (articles/admin/presence.py).
EDITING_HEARTBEAT_SECONDS = env.int("EDITING_HEARTBEAT_SECONDS", default=25)
