"""The seed §2 view: fan-out on write, the naive way models/feed/README.md assumes.

POST /post writes one Post and then one FeedItem per friend with Model.objects.create() in a loop:
1 + F single-row INSERTs, each in autocommit (its own transaction and commit), on the request's own
connection (CONN_MAX_AGE = 0). F is FEED_FANOUT, or ?fanout=.
"""
import os
import sys
import threading
import time

from django.conf import settings
from django.core.signals import request_finished
from django.db.backends.signals import connection_created
from django.http import HttpResponse, JsonResponse
from django.views.debug import technical_500_response
from django.views.decorators.csrf import csrf_exempt

from .models import FeedItem, Post

# User 1 writes; users 2 … F + 1 are the friends (created by migration 0002).
AUTHOR = 1


# A diagnostic, off unless FEED_TRACE names a directory: one line per request into
# <dir>/<pid>.tsv with wall-clock times (s) of the view's phases, to see where a request waits.
# A success is written when the request has finished: Django closes the connection on
# request_finished, and this receiver, connected after Django's own, runs after the close.
TRACE_DIR = os.environ.get("FEED_TRACE")
_trace_lock = threading.Lock()
_request = threading.local()


def _trace(*fields):
    with _trace_lock, open(os.path.join(TRACE_DIR, f"{os.getpid()}.tsv"), "a") as f:
        f.write("\t".join(str(x) for x in fields) + "\n")


def _closed(**_):
    phases = getattr(_request, "phases", None)
    if phases:
        _trace(*phases, time.time())
        _request.phases = None


def _connected(**_):
    _request.connected_at = time.time()


if TRACE_DIR:
    request_finished.connect(_closed)
    connection_created.connect(_connected)


@csrf_exempt
def post(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    fanout = int(request.GET.get("fanout", settings.FEED_FANOUT))
    start = time.time()
    try:
        # The first statement opens the connection (CONN_MAX_AGE = 0): connect + INSERT.
        created = Post.objects.create(author_id=AUTHOR, body=request.POST.get("body", ""))
    except Exception:
        if TRACE_DIR:
            _trace("refused", start, time.time())
        raise
    connected = time.time()
    for friend in range(AUTHOR + 1, AUTHOR + 1 + fanout):
        FeedItem.objects.create(user_id=friend, post=created)
    if TRACE_DIR:
        _request.phases = ("created", start, connected, time.time(), fanout)
    return JsonResponse({"id": created.id, "fanout": fanout}, status=201)


def health(request):
    return HttpResponse("ok")


def server_error(request):
    """handler500: Django's DEBUG=True technical 500 page (traceback, frames, request, settings), as
    the write-up's failed requests returned (≈260 kB each), while DEBUG itself stays False."""
    start = time.time()
    _request.connected_at = None
    response = technical_500_response(request, *sys.exc_info())
    if TRACE_DIR:
        # The page formats every frame's variables; a QuerySet among them is evaluated, which
        # opens a connection when MySQL lets it in (connected_at).
        _request.phases = ("page", start, time.time(), _request.connected_at or "")
    return response
