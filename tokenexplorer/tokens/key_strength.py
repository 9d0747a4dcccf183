"""Which verification keys are strong enough: the policy, in one place.

A signature that verifies against a weak key proves little: RSA moduli under 1024 bits are
factorable by anyone with a cluster, under 2048 bits below NIST's floor (SP 800-131A).
Curves other than the ones JOSE names (RFC 7518, RFC 8037, RFC 8812) are never what a JWT
issuer uses, so a key on one is refused rather than guessed at.
"""

from __future__ import annotations

from typing import Any

RSA_REFUSED_BELOW = 1024
RSA_WARNED_BELOW = 2048
JOSE_CURVES = frozenset({"P-256", "P-384", "P-521", "secp256k1", "Ed25519", "Ed448"})


class WeakKeyError(ValueError):
    """The key is too weak to verify anything with; the message says why."""


def check(family: str, key: Any, curve: str | None) -> str | None:
    """None for a sound key, a warning for a usable but weak one; WeakKeyError if refused."""
    if family == "RSA":
        bits = key.key_size
        if bits < RSA_REFUSED_BELOW:
            raise WeakKeyError(f"the RSA key has only {bits} bits (under {RSA_REFUSED_BELOW} "
                               "is refused: such keys can be factored)")
        if bits < RSA_WARNED_BELOW:
            return (f"Weak key: the RSA key has {bits} bits, under the {RSA_WARNED_BELOW} "
                    "bits NIST requires; a signature from it is weak evidence.")
        return None
    if family in ("EC", "OKP") and curve not in JOSE_CURVES:
        raise WeakKeyError(f"the key is on curve {curve}, which JOSE does not define "
                           "(P-256, P-384, P-521, secp256k1, Ed25519, Ed448)")
    return None
