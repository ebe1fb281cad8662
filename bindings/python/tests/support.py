"""What the tests share: paths, a fresh engine, and signed Haravan deliveries."""
from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import json
import os
from pathlib import Path
from typing import Any, Dict, Tuple

import loyalty

# The tests also run from a copy outside the source tree, against the pip-installed package
# (check_installed.py); that copy is told where the repository is.
REPO = Path(os.environ.get("LOYALTY_SOURCE_DIR") or Path(__file__).resolve().parents[3])
HEADER = REPO / "include" / "loyalty" / "loyalty.h"
HARAVAN_ORDER = json.loads((REPO / "examples" / "haravan-order-paid.json").read_text(encoding="utf-8"))

SHOP_ID = "demo"
SECRET = "haravan-test-secret"
VERIFY_TOKEN = "verify-me-please"

SHOP: Dict[str, Any] = {
    "shop_id": SHOP_ID,
    "timezone": "Asia/Ho_Chi_Minh",
    "earn": {"spend_per_point": 10000},
    "connections": [{"platform": "haravan", "secret": SECRET, "verify_token": VERIFY_TOKEN}],
}


def memory_engine(with_shop: bool = True) -> loyalty.Engine:
    engine = loyalty.Engine({"storage": "sqlite::memory:"})
    if with_shop:
        engine.put_shop(SHOP)
    return engine


def sign(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode("utf-8"), body, hashlib.sha256).digest()).decode("ascii")


def haravan_order(order_id: int = 1002, **changes: Any) -> bytes:
    order = copy.deepcopy(HARAVAN_ORDER)
    order["id"] = order_id
    order["name"] = order["order_number"] = f"#{order_id}"
    order.update(changes)
    return json.dumps(order, ensure_ascii=False).encode("utf-8")


def haravan_delivery(body: bytes, secret: str = SECRET, topic: str = "orders/paid") -> Tuple[Dict[str, str], bytes]:
    headers = {"X-Haravan-Topic": topic, "X-Haravan-Org-Id": "200000", "X-Haravan-Hmacsha256": sign(secret, body)}
    return headers, body
