"""Two uvicorn workers in one process, for the test (test/calibration/highscore-dpop.test.ts): a token
issued by one Verifier must pass another that shares the secret, and a proof signed by a key other
than the token's must fail in both. Prints one JSON line of outcomes.
"""
import json
import os
import time
import uuid

os.environ.setdefault("HIGHSCORE_SECRET", "ab" * 64)
import jwt  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec  # noqa: E402
from jwt.utils import base64url_encode  # noqa: E402

from dpop import DPoPError, Verifier, b64url, current_nonce  # noqa: E402
import hashlib  # noqa: E402

URL = "http://127.0.0.1:8310/items"


def key():
    private = ec.generate_private_key(ec.SECP256R1())
    n = private.public_key().public_numbers()
    b = lambda v: base64url_encode(v.to_bytes(32, "big")).decode()  # noqa: E731
    return private, {"kty": "EC", "crv": "P-256", "x": b(n.x), "y": b(n.y)}


def proof(k, method, url, token=None):
    claims = {"jti": uuid.uuid4().hex, "htm": method, "htu": url, "iat": int(time.time()), "nonce": current_nonce()}
    if token:
        claims["ath"] = b64url(hashlib.sha256(token.encode()).digest())
    return jwt.encode(claims, k[0], algorithm="ES256", headers={"typ": "dpop+jwt", "jwk": k[1]})


def outcome(f):
    try:
        return f()
    except DPoPError as e:
        return f"refused: {e}"


a, b = Verifier(), Verifier()
mine, other = key(), key()
token = a.issue(proof(mine, "POST", URL.replace("/items", "/token")), "POST", URL.replace("/items", "/token"), "u7")
print(json.dumps({
    "issuer": outcome(lambda: a.verify("DPoP " + token, proof(mine, "POST", URL, token), "POST", URL)),
    "otherWorker": outcome(lambda: b.verify("DPoP " + token, proof(mine, "POST", URL, token), "POST", URL)),
    "otherWorkerAgain": outcome(lambda: b.verify("DPoP " + token, proof(mine, "PATCH", URL, token), "PATCH", URL)),
    "foreignKeyIssuer": outcome(lambda: a.verify("DPoP " + token, proof(other, "POST", URL, token), "POST", URL)),
    "foreignKeyOtherWorker": outcome(lambda: Verifier().verify("DPoP " + token, proof(other, "POST", URL, token), "POST", URL)),
}))
