"""Settings of the seed §2 feed app, from the environment.

FEED_DB          mysql (default) | sqlite | redis-celery (the post in MySQL, the fan-out to Celery)
FEED_FANOUT      friends each post is written to (default 50; ?fanout= overrides it per request)
MARIADB_HOST / MARIADB_PORT   the private MariaDB of calibration/services (127.0.0.1:3307), over TCP
MARIADB_USER / MARIADB_PASSWORD   a non-SUPER user (app/app), so max_connections binds exactly
FEED_SQLITE_PATH the SQLite file (default /tmp/capsim-feed.sqlite3)
FEED_CELERY_CHUNK friends per Celery task with redis-celery (default 0: one task per post)
REDIS_HOST / REDIS_PORT  the Celery broker and feed store (127.0.0.1:6380) with redis-celery

CONN_MAX_AGE = 0 (Django's default): every request opens its own database connection and closes it
at the end, so a full server refuses the connect with error 1040 inside the view.
"""
import os

import pymysql

pymysql.install_as_MySQLdb()

SECRET_KEY = "capsim-feed-calibration-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "feedsite.urls"
WSGI_APPLICATION = "feedsite.wsgi.application"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The middleware and apps of a default `startproject` (CSRF off: k6 posts a bare form).
INSTALLED_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "feed",
]
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True, "OPTIONS": {}}]

FEED_FANOUT = int(os.environ.get("FEED_FANOUT", "50"))
FEED_DB = os.environ.get("FEED_DB", "mysql")
FEED_CELERY_CHUNK = int(os.environ.get("FEED_CELERY_CHUNK", "0"))
if FEED_DB in ("mysql", "redis-celery"):
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.mysql",
            "NAME": "feed",
            "USER": os.environ.get("MARIADB_USER", "app"),
            "PASSWORD": os.environ.get("MARIADB_PASSWORD", "app"),
            "HOST": os.environ.get("MARIADB_HOST", "127.0.0.1"),
            "PORT": os.environ.get("MARIADB_PORT", "3307"),
            "CONN_MAX_AGE": 0,
        }
    }
elif FEED_DB == "sqlite":
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("FEED_SQLITE_PATH", "/tmp/capsim-feed.sqlite3"),
            "CONN_MAX_AGE": 0,
        }
    }
else:
    raise SystemExit(f"FEED_DB must be mysql, sqlite or redis-celery, got {FEED_DB!r}")

# No ADMINS and DEBUG off: Django's console handler (it needs DEBUG) writes nothing for a failed
# request, but its mail_admins handler still renders a text traceback of every 500 under the
# handler's lock before it finds no ADMINS to mail (models/feed/README.md, "Assumptions").
