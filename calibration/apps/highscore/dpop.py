"""DPoP (RFC 9449) as the seed's API does it: every request carries a fresh ES256-signed proof
bound to the method, the URL, the access token and a server nonce.

Verification per request: the access token (HS256, issued by /token and bound to the key's
thumbprint, cnf.jkt), then the proof's ES256 signature with the key cached for that thumbprint
(PyJWT + cryptography: the cheapest verify measured here), then its claims: htm, htu, iat within
60 s, a nonce the server issued, ath = hash of the token, and a jti not seen before.
"""
import base64
import hashlib
import hmac
import json
import os
import time

import jwt
from jwt.algorithms import ECAlgorithm

# One secret for every uvicorn worker of the instance (services-highscore.sh sets it per start): with
# a secret per process, a token or nonce issued by one worker is refused by another, and with
# --workers 2 a quarter of the requests failed (calibration/runs/highscore-rmw-i100-u600-w2.json).
_SHARED = bytes.fromhex(os.environ["HIGHSCORE_SECRET"]) if os.environ.get("HIGHSCORE_SECRET") else os.urandom(64)
TOKEN_SECRET = _SHARED[:32]
NONCE_SECRET = _SHARED[32:64] if len(_SHARED) >= 64 else hashlib.sha256(b"nonce" + _SHARED).digest()
NONCE_PERIOD_S = 300
IAT_WINDOW_S = 60


class DPoPError(Exception):
    def __init__(self, message, use_nonce=False):
        super().__init__(message)
        self.use_nonce = use_nonce


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def thumbprint(jwk: dict) -> str:
    """RFC 7638 thumbprint of an EC public key."""
    canonical = json.dumps({"crv": jwk["crv"], "kty": jwk["kty"], "x": jwk["x"], "y": jwk["y"]}, separators=(",", ":"), sort_keys=True)
    return b64url(hashlib.sha256(canonical.encode()).digest())


def _nonce_for(period: int) -> str:
    return b64url(hmac.new(NONCE_SECRET, str(period).encode(), hashlib.sha256).digest()[:16])


def current_nonce() -> str:
    return _nonce_for(int(time.time()) // NONCE_PERIOD_S)


def nonce_ok(nonce) -> bool:
    period = int(time.time()) // NONCE_PERIOD_S
    return nonce in (_nonce_for(period), _nonce_for(period - 1))


class Verifier:
    def __init__(self):
        self.keys = {}  # jkt → public key object (the key bound at /token)
        self.seen = {}  # jti → expiry; pruned as it grows

    def _remember(self, jti: str, now: float):
        if jti in self.seen:
            raise DPoPError("proof replayed (jti seen before)")
        self.seen[jti] = now + IAT_WINDOW_S
        if len(self.seen) > 200_000:
            self.seen = {k: v for k, v in self.seen.items() if v > now}

    def _proof(self, proof: str, method: str, url: str, key=None, token=None):
        try:
            header = jwt.get_unverified_header(proof)
        except jwt.PyJWTError as e:
            raise DPoPError(f"malformed proof: {e}")
        if header.get("typ") != "dpop+jwt" or header.get("alg") != "ES256" or "jwk" not in header:
            raise DPoPError("proof header must be typ dpop+jwt, alg ES256, with a jwk")
        jkt = thumbprint(header["jwk"])
        if key is None:
            key = self.keys.get(jkt) or ECAlgorithm.from_jwk(json.dumps(header["jwk"]))
        try:
            claims = jwt.decode(proof, key=key, algorithms=["ES256"], options={"verify_aud": False})
        except jwt.PyJWTError as e:
            raise DPoPError(f"bad proof signature: {e}")
        now = time.time()
        if claims.get("htm") != method or claims.get("htu") != url:
            raise DPoPError("proof htm/htu do not match the request")
        if abs(now - float(claims.get("iat", 0))) > IAT_WINDOW_S:
            raise DPoPError("proof iat out of window")
        if not nonce_ok(claims.get("nonce")):
            raise DPoPError("use the server's nonce", use_nonce=True)
        if token is not None and claims.get("ath") != b64url(hashlib.sha256(token.encode()).digest()):
            raise DPoPError("proof ath does not match the access token")
        self._remember(str(claims.get("jti")), now)
        return jkt, key

    def issue(self, proof: str, method: str, url: str, user: str) -> str:
        """/token: a valid proof (with the server's nonce) → an access token bound to its key."""
        jkt, key = self._proof(proof, method, url)
        self.keys[jkt] = key
        return jwt.encode({"sub": user, "cnf": {"jkt": jkt}, "iat": int(time.time())}, TOKEN_SECRET, algorithm="HS256")

    def verify(self, authorization: str, proof: str, method: str, url: str) -> str:
        """Every API request: returns the user the token names, or raises DPoPError."""
        if not authorization or not authorization.startswith("DPoP ") or not proof:
            raise DPoPError("DPoP authorization and proof required")
        token = authorization[5:]
        try:
            access = jwt.decode(token, TOKEN_SECRET, algorithms=["HS256"])
        except jwt.PyJWTError as e:
            raise DPoPError(f"bad access token: {e}")
        jkt = access["cnf"]["jkt"]
        # The token binds the key by its thumbprint (cnf.jkt) and the proof carries the key (its jwk
        # header), as RFC 9449 §7.1 checks it: a worker that did not issue the token takes the key from
        # the proof and keeps it once the thumbprints match. Keys known only to the issuing process
        # made every request that reached the other uvicorn worker fail ("unknown key", 177 of 692
        # adds with --workers 2; edit and delete never ran for those users).
        got, key = self._proof(proof, method, url, key=self.keys.get(jkt), token=token)
        if got != jkt:
            raise DPoPError("proof key is not the token's key")
        self.keys.setdefault(jkt, key)
        return access["sub"]
