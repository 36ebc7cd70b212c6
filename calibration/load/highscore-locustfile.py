"""Locust load of seed §3 (highscore): each user runs a SequentialTaskSet forever — add an item
(POST), edit it (PATCH), delete it (DELETE) — with wait_time = between(1, 5) after each task, every
request authenticated with a fresh DPoP proof (ES256, the server's nonce, bound to the token).

User k works on the document of user u<k> (calibration/apps/highscore/seed.py made u0 … u<users-1>).
FastHttpUser (geventhttpclient) rather than HttpUser (requests): it costs the load generator several
times less CPU per request, and the load generator shares a core with PostgreSQL here.

Locust 2.12.1 writes its CSVs every second but flushes them every 10 s and not at exit, so the
files trail the run. The flush interval is set to every second here, and hooks make the record whole:
  <prefix>_final_stats.csv   the _stats.csv rows written once more when Locust quits (events.quit),
                             with the whole run's totals;
  <prefix>_final.json        start, end, last request and totals of the run, for the import's check;
  <prefix>_seconds.csv       per second and endpoint: requests, failures, p50/p95/p99/max response
                             time of the requests that ended in that second (Locust's own history has
                             only 10-s windows), to see spikes.
"""
import csv
import itertools
import json
import math
import time
import urllib.error
import urllib.request
import uuid
from collections import defaultdict

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.utils import base64url_encode
from locust import SequentialTaskSet, between, events, task
from locust.contrib.fasthttp import FastHttpUser
import locust.stats
from locust.stats import PERCENTILES_TO_REPORT, StatsCSV

# Flush the CSVs every second (Locust 2.12.1: every 10 s), so the history trails the run by ≤ 1 s.
locust.stats.CSV_STATS_FLUSH_INTERVAL_SEC = 0

_user_ids = itertools.count()
_env = {}
_seconds = defaultdict(list)  # (second, name) → [response ms …], failures as negative
SUBJECTS = ["math", "korean", "english", "science", "history"]


def _b64(n: int) -> str:
    return base64url_encode(n.to_bytes(32, "big")).decode()


class DPoPKey:
    def __init__(self):
        self.private = ec.generate_private_key(ec.SECP256R1())
        numbers = self.private.public_key().public_numbers()
        self.jwk = {"kty": "EC", "crv": "P-256", "x": _b64(numbers.x), "y": _b64(numbers.y)}

    def proof(self, method: str, url: str, nonce, token=None) -> str:
        claims = {"jti": uuid.uuid4().hex, "htm": method, "htu": url, "iat": int(time.time())}
        if nonce:
            claims["nonce"] = nonce
        if token:
            import hashlib
            claims["ath"] = base64url_encode(hashlib.sha256(token.encode()).digest()).decode()
        return jwt.encode(claims, self.private, algorithm="ES256", headers={"typ": "dpop+jwt", "jwk": self.jwk})


class GradeItems(SequentialTaskSet):
    item_id = None

    def _send(self, method: str, path: str, name: str, body=None):
        u = self.user
        url = u.host + path
        headers = {"Authorization": f"DPoP {u.token}", "DPoP": u.key.proof(method, url, u.nonce, u.token)}
        with self.client.request(method, path, name=name, json=body, headers=headers, catch_response=True) as r:
            u.nonce = r.headers.get("DPoP-Nonce") or u.nonce
            if r.status_code >= 400:
                r.failure(f"{r.status_code}: {(r.text or '')[:80]}")
                return None
            return r

    @task
    def add(self):
        r = self._send("POST", "/items", "add", {"subject": SUBJECTS[self.user.n % 5], "term": "2024-2", "score": 70 + self.user.n % 30, "memo": "final exam"})
        self.item_id = r.json()["id"] if r is not None else None

    @task
    def edit(self):
        if self.item_id:
            self._send("PATCH", f"/items/{self.item_id}", "edit", {"score": 95, "memo": "regraded"})

    @task
    def delete(self):
        if self.item_id:
            self._send("DELETE", f"/items/{self.item_id}", "delete")
            self.item_id = None


class Student(FastHttpUser):
    tasks = [GradeItems]
    wait_time = between(1, 5)

    def on_start(self):
        self.n = next(_user_ids)
        self.key = DPoPKey()
        self.nonce = None
        self.token = self._token()

    def _token(self) -> str:
        """POST /token (not counted in the stats): the first try gets the server's nonce (400 use_dpop_nonce)."""
        url = self.host + "/token"
        for _ in range(3):
            req = urllib.request.Request(url, data=json.dumps({"user": f"u{self.n}"}).encode(), method="POST",
                                         headers={"Content-Type": "application/json", "DPoP": self.key.proof("POST", url, self.nonce)})
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    self.nonce = resp.headers.get("DPoP-Nonce") or self.nonce
                    return json.loads(resp.read())["access_token"]
            except urllib.error.HTTPError as e:
                self.nonce = e.headers.get("DPoP-Nonce") or self.nonce
        raise RuntimeError("no DPoP token after 3 tries")


@events.init.add_listener
def _init(environment, **_):
    _env["environment"] = environment


@events.request.add_listener
def _request(name, response_time, exception, **_):
    second, value = int(time.time()), (-response_time if exception else response_time)
    _seconds[(second, name)].append(value)
    _seconds[(second, "Aggregated")].append(value)


def _pct(sorted_values, p):
    return sorted_values[min(len(sorted_values) - 1, max(0, math.ceil(p * len(sorted_values)) - 1))]


@events.quit.add_listener
def _final_flush(**_):
    env = _env.get("environment")
    prefix = getattr(getattr(env, "parsed_options", None), "csv_prefix", None)
    if not prefix:
        return
    with open(prefix + "_final_stats.csv", "w", newline="") as f:
        StatsCSV(env, PERCENTILES_TO_REPORT).requests_csv(csv.writer(f))
    total = env.stats.total
    with open(prefix + "_final.json", "w") as f:
        json.dump({"start": total.start_time, "end": time.time(), "last_request": total.last_request_timestamp,
                   "requests": total.num_requests, "failures": total.num_failures, "locust": "2.12.1"}, f)
    with open(prefix + "_seconds.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["Timestamp", "Name", "Requests", "Failures", "50%", "95%", "99%", "Max"])
        for (second, name), values in sorted(_seconds.items()):
            ms = sorted(abs(v) for v in values)
            w.writerow([second, name, len(ms), sum(1 for v in values if v < 0), round(_pct(ms, 0.5), 1), round(_pct(ms, 0.95), 1), round(_pct(ms, 0.99), 1), round(ms[-1], 1)])
