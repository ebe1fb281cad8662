"""Signed Haravan deliveries, the handshake, and the quarantine."""
from __future__ import annotations

import unittest

import loyalty

from .support import SHOP_ID, VERIFY_TOKEN, haravan_delivery, haravan_order, memory_engine


class WebhookTest(unittest.TestCase):
    def setUp(self) -> None:
        self.engine = memory_engine()
        self.addCleanup(self.engine.close)

    def test_signed_delivery_is_applied_once(self) -> None:
        headers, body = haravan_delivery(haravan_order(1002))
        result = self.engine.ingest_webhook("haravan", SHOP_ID, headers, body)
        self.assertEqual(result["outcome"], "applied")
        [event] = result["events"]
        self.assertEqual((event["type"], event["ref"], event["status"]), ("order", "haravan:1002", "paid"))
        # Eligible spend 650,000 VND (after discounts, without shipping) at 10,000 per point.
        self.assertEqual(event["points_delta"], 65)

        member = self.engine.get_member(SHOP_ID, {"platform": "haravan", "customer_id": "70001"})
        self.assertEqual(member["member_id"], event["member_id"])
        self.assertEqual(member["name"], "Nguyễn Văn An")
        self.assertEqual(self.engine.get_balance(SHOP_ID, member["member_id"]), (65, 0))

        again = self.engine.ingest_webhook("haravan", SHOP_ID, headers, body)
        self.assertEqual(again["outcome"], "duplicate")
        self.assertEqual(self.engine.get_balance(SHOP_ID, member["member_id"]), (65, 0))

    def test_headers_from_pairs_and_any_case(self) -> None:
        headers, body = haravan_delivery(haravan_order(1003))
        pairs = [(name.lower(), value) for name, value in headers.items()]
        self.assertEqual(self.engine.ingest_webhook("haravan", SHOP_ID, pairs, bytearray(body))["outcome"], "applied")

    def test_forged_delivery_is_refused(self) -> None:
        headers, body = haravan_delivery(haravan_order(1004), secret="not-the-shop-secret")
        with self.assertRaises(loyalty.Unauthenticated) as caught:
            self.engine.ingest_webhook("haravan", SHOP_ID, headers, body)
        self.assertEqual(caught.exception.status, loyalty.Status.UNAUTHENTICATED)
        self.assertTrue(caught.exception.message)
        # A body changed after signing fails too, and nothing was stored.
        headers, body = haravan_delivery(haravan_order(1005))
        with self.assertRaises(loyalty.Unauthenticated):
            self.engine.ingest_webhook("haravan", SHOP_ID, headers, body.replace(b"680000", b"980000"))
        self.assertEqual(self.engine.get_stats(), {"entries": 0, "quarantine_open": 0})

    def test_body_must_be_bytes(self) -> None:
        headers, body = haravan_delivery(haravan_order(1006))
        with self.assertRaises(TypeError):
            self.engine.ingest_webhook("haravan", SHOP_ID, headers, body.decode("utf-8"))  # type: ignore[arg-type]

    def test_unknown_shop_or_platform(self) -> None:
        headers, body = haravan_delivery(haravan_order(1007))
        with self.assertRaises(loyalty.NotFound):
            self.engine.ingest_webhook("haravan", "other-shop", headers, body)
        with self.assertRaises(loyalty.NotFound):
            self.engine.ingest_webhook("kiotviet", SHOP_ID, headers, body)

    def test_handshake(self) -> None:
        self.assertEqual(self.engine.haravan_handshake(SHOP_ID, "subscribe", VERIFY_TOKEN, "chàllenge-42"),
                         "chàllenge-42")
        with self.assertRaises(loyalty.Unauthenticated):
            self.engine.haravan_handshake(SHOP_ID, "subscribe", "wrong-token", "c")
        with self.assertRaises(loyalty.Unauthenticated):
            self.engine.haravan_handshake(SHOP_ID, "unsubscribe", VERIFY_TOKEN, "c")

    def test_quarantine_list_replay_dismiss(self) -> None:
        headers, body = haravan_delivery(b'{"id": 1008, "financial_status": "paid"')  # signed, but truncated
        with self.assertRaises(loyalty.InvalidArgument) as caught:
            self.engine.ingest_webhook("haravan", SHOP_ID, headers, body)
        quarantine_id = caught.exception.quarantine_id
        self.assertIsInstance(quarantine_id, int)
        self.assertIn("quarantine", caught.exception.message)
        self.assertEqual(self.engine.get_stats()["quarantine_open"], 1)

        listed = self.engine.list_quarantine()
        [delivery] = listed["deliveries"]
        self.assertEqual(delivery["quarantine_id"], quarantine_id)
        self.assertEqual((delivery["shop_id"], delivery["platform"]), (SHOP_ID, "haravan"))
        self.assertEqual(delivery["body"], body.decode("utf-8"))
        self.assertIsNone(listed["next_after"])
        self.assertEqual(self.engine.list_quarantine({"shop_id": "elsewhere"})["deliveries"], [])

        with self.assertRaises(loyalty.InvalidArgument):  # still unreadable: it stays quarantined
            self.engine.replay_quarantine(quarantine_id)
        self.engine.dismiss_quarantine(quarantine_id, "truncated by a proxy; the platform resent it")
        self.assertEqual(self.engine.list_quarantine()["deliveries"], [])
        [resolved] = self.engine.list_quarantine({"include_resolved": True})["deliveries"]
        self.assertIn("truncated by a proxy", resolved["resolution"])
        self.assertEqual(self.engine.get_stats()["quarantine_open"], 0)

        with self.assertRaises(loyalty.Conflict):
            self.engine.replay_quarantine(quarantine_id)
        with self.assertRaises(loyalty.Conflict):
            self.engine.dismiss_quarantine(quarantine_id, "again")
        with self.assertRaises(loyalty.NotFound):
            self.engine.dismiss_quarantine(99999, "no such delivery")


if __name__ == "__main__":
    unittest.main()
