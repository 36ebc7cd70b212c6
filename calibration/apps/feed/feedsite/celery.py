"""Case d's worker side: Celery on the private Redis (calibration/services, 127.0.0.1:6380) as broker.

The view stores the post in MariaDB and enqueues the fan-out; a prefork worker process writes the
post's id into each friend's feed list, one LPUSH per friend, one round trip each (no pipelining:
the naive fan-out the model charges). Started by calibration/services up --celery:

    /usr/bin/python3 -m celery -A feedsite worker --concurrency N --loglevel warning

No result backend (the view never waits for a result); prefetch 1, so a worker holds at most the
message it works on and LLEN celery is the backlog the model counts. Each task INCRs
capsim:feed:done once, so the load generator can see when the last fan-out has finished, not
only when the list is empty.
"""
import os

import redis
from celery import Celery

REDIS_URL = "redis://%s:%s/0" % (os.environ.get("REDIS_HOST", "127.0.0.1"), os.environ.get("REDIS_PORT", "6380"))
DONE_KEY = "capsim:feed:done"

app = Celery("feedsite", broker=REDIS_URL)
app.conf.update(
    task_ignore_result=True,
    worker_prefetch_multiplier=1,
    task_serializer="json",
    accept_content=["json"],
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=True,
)

_feeds = None


def feeds():
    """One Redis connection per worker process (opened after the prefork)."""
    global _feeds
    if _feeds is None:
        _feeds = redis.Redis.from_url(REDIS_URL)
    return _feeds


@app.task(name="feed.fan_out")
def fan_out(post_id, first_friend, count):
    r = feeds()
    for friend in range(first_friend, first_friend + count):
        r.lpush("feed:%d" % friend, post_id)
    r.incr(DONE_KEY)
