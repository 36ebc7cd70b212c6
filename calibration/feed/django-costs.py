"""App-side CPU costs of the feed model's Django view, measured on this machine (Django 3.2 from Debian).

  taskset -c 1 /usr/bin/python3 calibration/feed/django-costs.py 2>/dev/null > models/feed/django-costs.json

Prints one JSON document: CPU µs per ORM create() (a single-row INSERT in autocommit) and per row
of bulk_create, CPU of the whole POST (1 post + FANOUT feed rows) and of a POST to a view without the database
through Django's test client (middleware, routing, response), and
the CPU and size of the DEBUG=True error page Django renders when the MySQL connection fails (the
page the write-up's case b returned). The database is an in-memory SQLite, so the figures are
Django's own CPU with almost no database cost in them; the failing view points at a closed TCP
port, so pymysql fails at once, through the same frames as a refused (1040) connection.
"""
import json, os, platform, sys, tempfile, time

import pymysql

pymysql.install_as_MySQLdb()
FANOUT = 500
REPEATS = int(os.environ.get("REPEATS", "5"))

# A throw-away app package: Post and FeedItem as the fan-out needs them (ForeignKey = index).
pkg = tempfile.mkdtemp(prefix="capsim-feedapp-")
os.makedirs(os.path.join(pkg, "feedapp"))
open(os.path.join(pkg, "feedapp", "__init__.py"), "w").close()
with open(os.path.join(pkg, "feedapp", "models.py"), "w") as f:
    f.write(
        "from django.db import models as m\n"
        "class Post(m.Model):\n"
        "    author = m.ForeignKey('auth.User', on_delete=m.CASCADE)\n"
        "    body = m.TextField()\n"
        "    created_at = m.DateTimeField(auto_now_add=True)\n"
        "class FeedItem(m.Model):\n"
        "    user = m.ForeignKey('auth.User', on_delete=m.CASCADE)\n"
        "    post = m.ForeignKey(Post, on_delete=m.CASCADE)\n"
        "    created_at = m.DateTimeField(auto_now_add=True)\n"
    )
sys.path.insert(0, pkg)

import django
from django.conf import settings

settings.configure(
    DEBUG=True,
    SECRET_KEY="capsim",
    ALLOWED_HOSTS=["testserver"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions", "django.contrib.messages", "feedapp"],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ],
    DATABASES={
        "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"},
        "down": {"ENGINE": "django.db.backends.mysql", "NAME": "feed", "USER": "app", "PASSWORD": "x", "HOST": "127.0.0.1", "PORT": "1"},
    },
    TEMPLATES=[{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}],
    USE_TZ=True,
)
django.setup()

from django.apps import apps
from django.contrib.auth.models import User
from django.db import connection, connections
from django.http import JsonResponse
from django.test import Client
from django.urls import path
from feedapp.models import FeedItem, Post

with connection.schema_editor() as editor:
    for model in apps.get_models():
        editor.create_model(model)
User.objects.bulk_create([User(username=f"u{i}") for i in range(1, FANOUT + 2)])
friends = list(range(2, FANOUT + 2))


def post_view(request):
    post = Post.objects.create(author_id=1, body=request.POST.get("body", ""))
    for friend in friends:
        FeedItem.objects.create(user_id=friend, post=post)
    return JsonResponse({"id": post.id}, status=201)


def empty_view(request):
    return JsonResponse({"id": 1}, status=201)


def down_view(request):
    # CONN_MAX_AGE=0: the first query opens a connection, and it is refused.
    with connections["down"].cursor() as c:
        c.execute("SELECT 1")
    return JsonResponse({})


urlpatterns = [path("post/", post_view), path("empty/", empty_view), path("down/", down_view)]
client = Client(raise_request_exception=False)


def cpu(fn, n):
    """Best of REPEATS: CPU seconds per call of fn over n calls (the machine is shared)."""
    fn()
    best = float("inf")
    for _ in range(REPEATS):
        t = time.process_time()
        for _ in range(n):
            fn()
        best = min(best, (time.process_time() - t) / n)
    return best


post = Post.objects.create(author_id=1, body="x")
create_us = 1e6 * cpu(lambda: FeedItem.objects.create(user_id=2, post=post), 2000)
bulk_us = 1e6 * cpu(lambda: FeedItem.objects.bulk_create([FeedItem(user_id=f, post=post) for f in friends]), 10) / FANOUT
request_ms = 1e3 * cpu(lambda: client.post("/post/", {"body": "hello " * 20}), 5)
empty_us = 1e6 * cpu(lambda: client.post("/empty/", {"body": "hello " * 20}), 500)
sizes = []


def error_page():
    r = client.get("/down/")
    assert r.status_code == 500, r.status_code
    sizes.append(len(r.content))


error_ms = 1e3 * cpu(error_page, 10)
print(json.dumps({
    "createUs": round(create_us, 1),
    "bulkCreateUsPerRow": round(bulk_us, 1),
    "postRequestMs": round(request_ms, 2),
    "emptyRequestUs": round(empty_us, 1),
    "errorPageMs": round(error_ms, 2),
    "errorPageBytes": sizes[-1],
    "fanout": FANOUT,
    "repeats": REPEATS,
    "method": "time.process_time, best of repeats, pinned with taskset -c 1; SQLite :memory:",
    "machine": {"python": platform.python_version(), "django": django.get_version(), "cpu": platform.machine()},
}, indent=2))
