"""The seed §2 view: fan-out on write, the naive way models/feed/README.md assumes.

POST /post writes one Post and then one FeedItem per friend with Model.objects.create() in a loop:
1 + F single-row INSERTs, each in autocommit (its own transaction and commit), on the request's own
connection (CONN_MAX_AGE = 0). F is FEED_FANOUT, or ?fanout=.

With FEED_DB=redis-celery (case d) the view writes only the Post and enqueues the fan-out to Celery
(feedsite/celery.py): one task per post, or one per chunk of FEED_CELERY_CHUNK friends (?chunk=).
"""
import sys

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.views.debug import technical_500_response
from django.views.decorators.csrf import csrf_exempt

from . import trace
from .models import FeedItem, Post

# User 1 writes; users 2 … F + 1 are the friends (created by migration 0002).
AUTHOR = 1


@csrf_exempt
def post(request):
    if request.method != "POST":
        return HttpResponse(status=405)
    fanout = int(request.GET.get("fanout", settings.FEED_FANOUT))
    if settings.FEED_DB == "redis-celery":
        return post_to_celery(request, fanout)
    trace.begin("created")
    # The first statement opens the connection (CONN_MAX_AGE = 0): connect + INSERT.
    created = Post.objects.create(author_id=AUTHOR, body=request.POST.get("body", ""))
    trace.mark("first_insert")
    for friend in range(AUTHOR + 1, AUTHOR + 1 + fanout):
        FeedItem.objects.create(user_id=friend, post=created)
    trace.mark("view_end")
    return JsonResponse({"id": created.id, "fanout": fanout}, status=201)


def post_to_celery(request, fanout):
    """Case d: the post in MariaDB, then apply_async of its fan-out; the response does not wait for it."""
    from feedsite.celery import fan_out

    chunk = int(request.GET.get("chunk", settings.FEED_CELERY_CHUNK)) or fanout
    created = Post.objects.create(author_id=AUTHOR, body=request.POST.get("body", ""))
    for first in range(AUTHOR + 1, AUTHOR + 1 + fanout, chunk):
        fan_out.apply_async((created.id, first, min(chunk, AUTHOR + 1 + fanout - first)))
    return JsonResponse({"id": created.id, "fanout": fanout}, status=201)


def health(request):
    return HttpResponse("ok")


def server_error(request):
    """handler500: Django's DEBUG=True technical 500 page (traceback, frames, request, settings), as
    the write-up's failed requests returned (≈260 kB each), while DEBUG itself stays False."""
    trace.begin("page")
    # The page formats every frame's variables; a QuerySet among them is evaluated, which opens a
    # connection when MySQL lets it in (the record's "connections").
    response = technical_500_response(request, *sys.exc_info())
    trace.mark("render_end")
    return response
