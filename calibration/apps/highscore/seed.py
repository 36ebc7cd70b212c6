"""Fills the highscore database: users u0 … u<users-1>, each with a document of <items> grade items.

  /usr/bin/python3 seed.py --users 300 --items 1000     (PGHOST, PGPORT, PGUSER, PGDATABASE as for psql)

The documents are built by PostgreSQL itself (generate_series), so seeding 300 × 5,000 items takes
seconds, not minutes. jsonb is compressed with lz4 (as MongoDB's WiredTiger compresses with snappy
by default) rather than PostgreSQL's default pglz, whose CPU cost per rewrite is several times higher.
"""
import argparse
import asyncio
import time

import asyncpg

ITEM = """jsonb_build_object('id', 's' || lpad(i::text, 6, '0'), 'subject', (ARRAY['math','korean','english','science','history'])[1 + i % 5],
  'term', '2024-' || (1 + i % 2), 'score', 40 + (i * 37) % 61, 'memo', 'quiz ' || i || ', chapter ' || (1 + i % 12))"""


async def fill(conn, users: int, items: int) -> None:
    """A fresh docs table: users u0 … u<users-1>, each with a document of <items> items, lz4-compressed."""
    await conn.execute("DROP TABLE IF EXISTS docs")
    await conn.execute("CREATE TABLE docs (user_id text PRIMARY KEY, doc jsonb NOT NULL)")
    await conn.execute("ALTER TABLE docs ALTER COLUMN doc SET COMPRESSION lz4")
    await conn.execute(
        f"""INSERT INTO docs SELECT 'u' || u, jsonb_build_object('user', 'u' || u, 'items',
              COALESCE((SELECT jsonb_agg({ITEM} ORDER BY i) FROM generate_series(1, $2) i), '[]'::jsonb))
            FROM generate_series(0, $1 - 1) u""", users, items)
    await conn.execute("VACUUM ANALYZE docs")


async def main(users: int, items: int) -> None:
    conn = await asyncpg.connect()
    t = time.perf_counter()
    await fill(conn, users, items)
    size = await conn.fetchval("SELECT avg(pg_column_size(doc))::int FROM docs")
    text = await conn.fetchval("SELECT length(doc::text) FROM docs LIMIT 1")
    await conn.close()
    print(f"seeded {users} users × {items} items in {time.perf_counter() - t:.1f} s: {text} bytes of JSON per document, {size} bytes stored (lz4)")


if __name__ == "__main__":
    p = argparse.ArgumentParser()
    p.add_argument("--users", type=int, required=True)
    p.add_argument("--items", type=int, required=True)
    a = p.parse_args()
    asyncio.run(main(a.users, a.items))
