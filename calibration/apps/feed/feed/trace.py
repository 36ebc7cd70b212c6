"""A diagnostic, off unless FEED_TRACE names a directory: one JSON line per request into
<dir>/<pid>.jsonl with wall-clock times (time.time(), s) and the thread's own CPU time
(time.thread_time(), s) at the phases of a request, to see where a request waits.

A record is written when the request has finished: Django closes the database connection on
request_finished, and the receiver here, connected after Django's own, runs after the close.
calibration/feed/error-page-trace.py summarises a directory.
"""
import json
import os
import threading
import time

from django.core.signals import request_finished
from django.db.backends.signals import connection_created
from django.utils.log import AdminEmailHandler

TRACE_DIR = os.environ.get("FEED_TRACE")
_write_lock = threading.Lock()
_request = threading.local()


def now():
    return {"t": time.time(), "cpu": time.thread_time()}


def begin(kind):
    """Starts the current thread's record (kind "created" or "page")."""
    if TRACE_DIR:
        _request.record = {"kind": kind, "start": now(), "connections": []}


def mark(name):
    """Adds a phase to the current record: the wall and CPU times now."""
    record = getattr(_request, "record", None) if TRACE_DIR else None
    if record is not None:
        record[name] = now()


def _finished(**_):
    record = getattr(_request, "record", None)
    _request.record = None
    if record is not None:
        record["finished"] = now()
        with _write_lock, open(os.path.join(TRACE_DIR, f"{os.getpid()}.jsonl"), "a") as f:
            f.write(json.dumps(record) + "\n")


def _connected(**_):
    record = getattr(_request, "record", None)
    if record is not None:
        record["connections"].append(now())


class TracedResponse:
    """The WSGI response, marked when gunicorn starts sending it ("send_start"), when the body has
    been written ("sent": sendall returned and the thread holds the GIL again) and when gunicorn
    closes it ("close")."""

    def __init__(self, response):
        self.response = response

    def __iter__(self):
        mark("send_start")
        for chunk in self.response:
            yield chunk
        mark("sent")

    def close(self):
        mark("close")
        self.response.close()


def _mark_emit(emit):
    """AdminEmailHandler.emit, marked ("log_emit") once the thread holds the handler's lock."""

    def marked(self, record):
        mark("log_emit")
        emit(self, record)

    return marked


def traced(application):
    """The WSGI application, its responses wrapped by TracedResponse when FEED_TRACE is on."""
    if not TRACE_DIR:
        return application
    request_finished.connect(_finished)
    connection_created.connect(_connected)
    AdminEmailHandler.emit = _mark_emit(AdminEmailHandler.emit)
    return lambda environ, start_response: TracedResponse(application(environ, start_response))
