"""CPU cost of the API's pieces on one core, in-process (no HTTP, no database): the DPoP checks of
one request, and deserializing / serializing a document of N items as the rmw mode does.

  taskset -c 0 /usr/bin/python3 costs.py            (prints JSON; best of 5 rounds, process CPU time)
"""
import json
import time
import uuid

import jwt
from cryptography.hazmat.primitives.asymmetric import ec
from jwt.utils import base64url_encode

import dpop


def best(fn, n):
    out = float("inf")
    for _ in range(5):
        t = time.process_time()
        for _ in range(n):
            fn()
        out = min(out, (time.process_time() - t) / n)
    return out


def main():
    key = ec.generate_private_key(ec.SECP256R1())
    nums = key.public_key().public_numbers()
    jwk = {"kty": "EC", "crv": "P-256", "x": base64url_encode(nums.x.to_bytes(32, "big")).decode(), "y": base64url_encode(nums.y.to_bytes(32, "big")).decode()}
    url = "http://127.0.0.1:8310/items"
    v = dpop.Verifier()

    def proof(method, token=None):
        import hashlib
        claims = {"jti": uuid.uuid4().hex, "htm": method, "htu": url, "iat": int(time.time()), "nonce": dpop.current_nonce()}
        if token:
            claims["ath"] = base64url_encode(hashlib.sha256(token.encode()).digest()).decode()
        return jwt.encode(claims, key, algorithm="ES256", headers={"typ": "dpop+jwt", "jwk": jwk})

    token = v.issue(proof("POST"), "POST", url, "u1")
    proofs = [proof("POST", token) for _ in range(2500)]
    it = iter(proofs)
    verify_s = best(lambda: v.verify("DPoP " + token, next(it), "POST", url), 400)
    sign_s = best(lambda: proof("POST", token), 400)
    docs = {}
    for n in (10, 100, 1000, 5000):
        doc = {"user": "u1", "items": [{"id": f"s{i:06d}", "subject": "math", "term": "2024-1", "score": 40 + i % 61, "memo": f"quiz {i}, chapter {1 + i % 12}"} for i in range(n)]}
        text = json.dumps(doc)
        reps = max(3, 20000 // n)
        docs[n] = {"json_bytes": len(text), "loads_ms": 1000 * best(lambda: json.loads(text), reps), "dumps_ms": 1000 * best(lambda: json.dumps(doc), reps),
                   "find_ms": 1000 * best(lambda: next((i for i, x in enumerate(doc["items"]) if x["id"] == "nope"), -1), reps)}
    print(json.dumps({"dpop_verify_ms": 1000 * verify_s, "dpop_sign_ms (client)": 1000 * sign_s, "documents": docs}, indent=1))


if __name__ == "__main__":
    main()
