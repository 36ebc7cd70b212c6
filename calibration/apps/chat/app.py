"""The seed §1 chat server: one room, a WebSocket endpoint /ws, Redis pub/sub as the message bus.

FastAPI + uvicorn (one asyncio event loop per process) + redis.asyncio, the Debian packages; run
with /usr/bin/python3. Read it beside models/chat/app-task.ts and models/chat/network.ts:

  per-connection  every WebSocket opens its own Redis PubSub (its own Redis connection), subscribes
                  to the room and forwards each message to its socket (AppTask.readEachSubscription).
  per-process     the process holds one PubSub, started with the app, and copies each message to
                  every local socket (AppTask.readSharedSubscription).

In both modes a text frame from a client is PUBLISHed to the room (ChatNetwork.send), so every
message reaches all N members, the sender included.

Settings (environment): CHAT_SUBSCRIPTION = per-connection | per-process (default per-connection),
REDIS_HOST (127.0.0.1), REDIS_PORT (6380), CHAT_ROOM (room).
Run: cd calibration/apps/chat && /usr/bin/python3 -m uvicorn app:app --port 8101
(not from a directory holding a folder named redis/: it would shadow the package).
"""

import asyncio
import contextlib
import os

import redis.asyncio as aioredis
from fastapi import FastAPI, WebSocket, WebSocketDisconnect

if os.environ.get("CHAT_LOOP_LOG"):  # diagnostic only: loop_stats.py
    import loop_stats

    loop_stats.install(os.environ["CHAT_LOOP_LOG"])

MODE = os.environ.get("CHAT_SUBSCRIPTION", "per-connection")
if MODE not in ("per-connection", "per-process"):
    raise SystemExit(f"CHAT_SUBSCRIPTION must be per-connection or per-process, got {MODE!r}")
ROOM = os.environ.get("CHAT_ROOM", "room")

app = FastAPI()
# One client per process: PUBLISH borrows a pooled connection; each PubSub takes a connection of its own.
redis = aioredis.Redis(
    host=os.environ.get("REDIS_HOST", "127.0.0.1"),
    port=int(os.environ.get("REDIS_PORT", "6380")),
    decode_responses=True,
)

# per-process state: the local sockets and the task reading the process's one subscription.
local_sockets: set[WebSocket] = set()
room_reader: asyncio.Task | None = None


async def forward(pubsub: aioredis.client.PubSub, send) -> None:
    """Reads a subscription and hands every room message to `send`, until cancelled."""
    async for message in pubsub.listen():
        if message["type"] == "message":
            await send(message["data"])


async def send_to_local_sockets(text: str) -> None:
    for ws in list(local_sockets):
        try:
            await ws.send_text(text)
        except Exception:  # the socket closed under us: its own handler removes it
            local_sockets.discard(ws)


@app.get("/health")
async def health() -> dict:
    return {"mode": MODE, "sockets": len(local_sockets)}


@app.on_event("startup")
async def subscribe_process() -> None:
    global room_reader
    if MODE == "per-process":
        pubsub = redis.pubsub()
        await pubsub.subscribe(ROOM)
        room_reader = asyncio.create_task(forward(pubsub, send_to_local_sockets))


@app.on_event("shutdown")
async def close_redis() -> None:
    if room_reader is not None:
        room_reader.cancel()
    await redis.close()


@app.websocket("/ws")
async def chat(ws: WebSocket) -> None:
    await ws.accept()
    pubsub = None
    reader = None
    if MODE == "per-connection":
        pubsub = redis.pubsub()
        await pubsub.subscribe(ROOM)
        reader = asyncio.create_task(forward(pubsub, ws.send_text))
    else:
        local_sockets.add(ws)
    try:
        while True:
            await redis.publish(ROOM, await ws.receive_text())
    except WebSocketDisconnect:
        pass
    finally:
        local_sockets.discard(ws)
        if reader is not None:
            reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await reader
        if pubsub is not None:
            await pubsub.close()
