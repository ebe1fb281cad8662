#!/usr/bin/env python3
"""The loyalty engine from Python: a shop, a signed Haravan webhook, the member, a redemption.

Run from the repository, against a built library:

    LOYALTY_LIBRARY=build/release/abi/libloyalty.so PYTHONPATH=bindings/python python3 examples/python/demo.py
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import sys
import tempfile
from pathlib import Path

import loyalty

EXAMPLES = Path(__file__).resolve().parent.parent
SECRET = "demo-haravan-secret"  # what the shop's Haravan app is configured with


def sign(body: bytes) -> str:
    """Haravan's X-Haravan-Hmacsha256: base64 of HMAC-SHA256 over the raw body."""
    return base64.b64encode(hmac.new(SECRET.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def main() -> int:
    # The raw bytes as Haravan would send them: the signature covers exactly these.
    body = (EXAMPLES / "haravan-order-paid.json").read_bytes()
    headers = {"X-Haravan-Topic": "orders/paid", "X-Haravan-Org-Id": "200000", "X-Haravan-Hmacsha256": sign(body)}

    with tempfile.TemporaryDirectory() as directory:
        config = {"storage": "sqlite:" + os.path.join(directory, "loyalty.db")}
        with loyalty.Engine(config) as engine:
            print(f"libloyalty {loyalty.version()}: {engine!r}")
            engine.put_shop({"shop_id": "demo", "timezone": "Asia/Ho_Chi_Minh",
                             "earn": {"spend_per_point": 10000},
                             "connections": [{"platform": "haravan", "secret": SECRET}]})

            result = engine.ingest_webhook("haravan", "demo", headers, body)
            print("webhook:", json.dumps(result, ensure_ascii=False))

            member = engine.get_member("demo", {"platform": "haravan", "customer_id": "70001"})
            print(f"member {member['member_id']}: {member['name']}, {member['phone']}, "
                  f"{member['points']['available']} points")

            redeemed = engine.redeem_points("demo", {"member_id": member["member_id"], "points": 50,
                                                     "idempotency_key": "demo-voucher-1",
                                                     "reason": "50k voucher"})
            print("redeemed 50:", engine.get_balance("demo", member["member_id"]))

            try:
                engine.redeem_points("demo", {"member_id": member["member_id"], "points": 1000,
                                              "idempotency_key": "demo-voucher-2", "reason": "too much"})
            except loyalty.InsufficientPoints as e:
                print("refused:", e)

            try:
                engine.ingest_webhook("haravan", "demo", headers, body.replace(b"680000", b"6800000"))
            except loyalty.Unauthenticated as e:
                print("forged webhook refused:", e)

            return 0 if redeemed["points"]["available"] == member["points"]["available"] - 50 else 1


if __name__ == "__main__":
    sys.exit(main())
