"""The highscore API of seed §3: a user's grade items kept in one document per user, every request
authenticated with DPoP. One flag picks the update mode:

  HIGHSCORE_UPDATE=rmw      before the fix: load the whole document, deserialize it in Python, find
                            and change the item there, serialize it and overwrite the document
  HIGHSCORE_UPDATE=inplace  after the fix: the database changes the document in place
                            (|| for $push, jsonb_set for positional $set, #- for $pull)

Documents live in PostgreSQL jsonb (MongoDB is not to be had here): table docs(user_id, doc) with
doc = {"user": ..., "items": [{"id", "subject", "term", "score", "memo"}, ...]}; see README.md.
"""
import gc
import json
import os
import time
import uuid
from typing import Optional

import asyncpg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from dpop import DPoPError, Verifier, current_nonce

UPDATE = os.environ.get("HIGHSCORE_UPDATE", "rmw")
if UPDATE not in ("rmw", "inplace"):
    raise SystemExit(f"HIGHSCORE_UPDATE must be rmw or inplace, got {UPDATE!r}")
POOL_SIZE = int(os.environ.get("HIGHSCORE_POOL", "20"))

app = FastAPI()
verifier = Verifier()
pool: Optional[asyncpg.Pool] = None

# Garbage-collector pauses, for the "response times spike again and again" question (GET /stats).
gc_pauses = {"count": [0, 0, 0], "seconds": [0.0, 0.0, 0.0], "max_s": [0.0, 0.0, 0.0]}
_gc_started = [0.0]


def _gc_callback(phase, info):
    if phase == "start":
        _gc_started[0] = time.perf_counter()
        return
    g = info["generation"]
    pause = time.perf_counter() - _gc_started[0]
    gc_pauses["count"][g] += 1
    gc_pauses["seconds"][g] += pause
    gc_pauses["max_s"][g] = max(gc_pauses["max_s"][g], pause)


gc.callbacks.append(_gc_callback)

# How long requests waited for a database connection, by powers of two of ms (bucket k: from
# 2^(k-1) to under 2^k ms; bucket 0: under 1 ms), to
# see whether waits at saturation are one queue's or some wait a round twice (barging in the pool).
pool_waits = {"buckets_ms": [0] * 20, "max_ms": 0.0, "count": 0}


class acquire:
    """pool.acquire() that records its wait."""

    async def __aenter__(self):
        t = time.perf_counter()
        self.conn = await pool.acquire()
        ms = 1000 * (time.perf_counter() - t)
        pool_waits["buckets_ms"][min(19, max(0, int(ms).bit_length()))] += 1
        pool_waits["max_ms"] = max(pool_waits["max_ms"], ms)
        pool_waits["count"] += 1
        return self.conn

    async def __aexit__(self, *exc):
        await pool.release(self.conn)


class NewItem(BaseModel):
    subject: str
    term: str
    score: int
    memo: str = ""


class ItemChange(BaseModel):
    score: Optional[int] = None
    memo: Optional[str] = None


@app.on_event("startup")
async def startup():
    global pool
    pool = await asyncpg.create_pool(min_size=2, max_size=POOL_SIZE)


@app.on_event("shutdown")
async def shutdown():
    if pool is not None:
        await pool.close()


@app.middleware("http")
async def nonce_header(request: Request, call_next):
    response = await call_next(request)
    response.headers["DPoP-Nonce"] = current_nonce()
    return response


def url_of(request: Request) -> str:
    return f"http://{request.headers.get('host', '')}{request.url.path}"


def refuse(err: DPoPError, token_endpoint=False) -> JSONResponse:
    code = "use_dpop_nonce" if err.use_nonce else "invalid_dpop_proof"
    if token_endpoint:
        return JSONResponse({"error": code, "error_description": str(err)}, status_code=400)
    return JSONResponse({"error": code, "error_description": str(err)}, status_code=401, headers={"WWW-Authenticate": f'DPoP error="{code}"'})


@app.get("/health")
async def health():
    return {"ok": True, "update": UPDATE}


@app.get("/stats")
async def stats():
    """Loopback diagnostics: GC pauses and the document-pool state, no authentication."""
    return {"update": UPDATE, "gc": gc_pauses, "gc_counts": gc.get_count(), "pool": {"size": pool.get_size(), "idle": pool.get_idle_size()}, "pool_waits": pool_waits}


@app.post("/token")
async def token(request: Request):
    body = await request.json()
    try:
        access = verifier.issue(request.headers.get("dpop", ""), "POST", url_of(request), str(body["user"]))
    except DPoPError as e:
        return refuse(e, token_endpoint=True)
    return {"access_token": access, "token_type": "DPoP"}


def authenticate(request: Request) -> str:
    return verifier.verify(request.headers.get("authorization", ""), request.headers.get("dpop", ""), request.method, url_of(request))


# --- before the fix: read, change in Python, overwrite -------------------------------------------

async def load_doc(conn, user: str) -> dict:
    text = await conn.fetchval("SELECT doc::text FROM docs WHERE user_id = $1", user)
    if text is None:
        raise KeyError(user)
    return json.loads(text)


async def save_doc(conn, user: str, doc: dict) -> None:
    await conn.execute("UPDATE docs SET doc = $2::jsonb WHERE user_id = $1", user, json.dumps(doc))


def find(items: list, item_id: str) -> int:
    for i, item in enumerate(items):
        if item["id"] == item_id:
            return i
    return -1


async def rmw_add(conn, user: str, item: dict) -> bool:
    doc = await load_doc(conn, user)
    doc["items"].append(item)
    await save_doc(conn, user, doc)
    return True


async def rmw_edit(conn, user: str, item_id: str, change: dict) -> bool:
    doc = await load_doc(conn, user)
    i = find(doc["items"], item_id)
    if i < 0:
        return False
    doc["items"][i].update(change)
    await save_doc(conn, user, doc)
    return True


async def rmw_delete(conn, user: str, item_id: str) -> bool:
    doc = await load_doc(conn, user)
    i = find(doc["items"], item_id)
    if i < 0:
        return False
    del doc["items"][i]
    await save_doc(conn, user, doc)
    return True


# --- after the fix: the database changes the document ($push, positional $set, $pull) ------------

# The item's position, found by the database (Mongo's positional operator finds it the same way).
# WITH ORDINALITY counts in bigint; jsonb's -> takes an int, hence the cast where it indexes.
POSITION = "(SELECT o - 1 AS i FROM docs d, jsonb_array_elements(d.doc->'items') WITH ORDINALITY e(v, o) WHERE d.user_id = $1 AND v->>'id' = $2 LIMIT 1) s"


async def inplace_add(conn, user: str, item: dict) -> bool:
    r = await conn.execute("UPDATE docs SET doc = jsonb_set(doc, '{items}', (doc->'items') || $2::jsonb) WHERE user_id = $1", user, json.dumps([item]))
    return r == "UPDATE 1"


async def inplace_edit(conn, user: str, item_id: str, change: dict) -> bool:
    r = await conn.execute(
        f"UPDATE docs SET doc = jsonb_set(doc, ARRAY['items', s.i::text], (doc->'items'->(s.i::int)) || $3::jsonb) FROM {POSITION} WHERE docs.user_id = $1",
        user, item_id, json.dumps(change))
    return r == "UPDATE 1"


async def inplace_delete(conn, user: str, item_id: str) -> bool:
    r = await conn.execute(f"UPDATE docs SET doc = doc #- ARRAY['items', s.i::text] FROM {POSITION} WHERE docs.user_id = $1", user, item_id)
    return r == "UPDATE 1"


ADD, EDIT, DELETE = (rmw_add, rmw_edit, rmw_delete) if UPDATE == "rmw" else (inplace_add, inplace_edit, inplace_delete)


@app.post("/items", status_code=201)
async def add_item(item: NewItem, request: Request):
    try:
        user = authenticate(request)
    except DPoPError as e:
        return refuse(e)
    new = {"id": uuid.uuid4().hex, **item.dict()}
    async with acquire() as conn:
        try:
            await ADD(conn, user, new)
        except KeyError:
            return JSONResponse({"error": "no such user"}, status_code=404)
    return {"id": new["id"]}


@app.patch("/items/{item_id}")
async def edit_item(item_id: str, change: ItemChange, request: Request):
    try:
        user = authenticate(request)
    except DPoPError as e:
        return refuse(e)
    async with acquire() as conn:
        ok = await EDIT(conn, user, item_id, change.dict(exclude_none=True))
    return {"ok": True} if ok else JSONResponse({"error": "no such item"}, status_code=404)


@app.delete("/items/{item_id}")
async def delete_item(item_id: str, request: Request):
    try:
        user = authenticate(request)
    except DPoPError as e:
        return refuse(e)
    async with acquire() as conn:
        ok = await DELETE(conn, user, item_id)
    return Response(status_code=204) if ok else JSONResponse({"error": "no such item"}, status_code=404)
