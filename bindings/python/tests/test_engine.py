"""Engine lifecycle, shops, orders, members, balances, transactions, redemptions and adjustments."""
from __future__ import annotations

import gc
import os
import tempfile
import threading
import unittest

import loyalty

from .support import SHOP, SHOP_ID, memory_engine


def paid_order(order_id: str = "A-1001", amount: int = 1130000, phone: str = "0912345678", **extra) -> dict:
    order = {"order_id": order_id, "status": "paid", "amount": amount,
             "customer": {"platform": "pos", "customer_id": "C-1", "phone": phone, "name": "Nguyễn Thị Ánh"}}
    order.update(extra)
    return order


class LifecycleTest(unittest.TestCase):
    def test_context_manager_closes(self) -> None:
        with loyalty.Engine({"storage": "sqlite::memory:"}) as engine:
            self.assertFalse(engine.closed)
            self.assertIn("open", repr(engine))
            self.assertIn("sqlite::memory:", repr(engine))
        self.assertTrue(engine.closed)
        self.assertIn("closed", repr(engine))

    def test_close_is_idempotent(self) -> None:
        engine = memory_engine()
        engine.close()
        engine.close()
        self.assertTrue(engine.closed)

    def test_calls_on_a_closed_engine_raise(self) -> None:
        engine = memory_engine()
        engine.close()
        for call in (lambda: engine.get_shop(SHOP_ID), lambda: engine.get_stats(),
                     lambda: engine.put_shop(SHOP), lambda: engine.get_balance(SHOP_ID, "m_x"),
                     lambda: engine.start_server({"admin_token": "x" * 16})):
            with self.assertRaises(loyalty.EngineClosed) as caught:
                call()
            self.assertIsInstance(caught.exception, loyalty.LoyaltyError)
            self.assertIn("closed", str(caught.exception))

    def test_config_as_json_text(self) -> None:
        with loyalty.Engine('{"storage": "sqlite::memory:"}') as engine:
            self.assertEqual(engine.get_stats(), {"entries": 0, "quarantine_open": 0})

    def test_bad_config_raises_with_the_library_message(self) -> None:
        with self.assertRaises(loyalty.InvalidArgument) as caught:
            loyalty.Engine({"storage": "sqlite::memory:", "storag": "typo"})
        self.assertEqual(caught.exception.status, loyalty.Status.INVALID_ARGUMENT)
        self.assertIn("storag", caught.exception.message)
        with self.assertRaises(loyalty.InvalidArgument):
            loyalty.Engine("{not json")
        with self.assertRaises(TypeError):
            loyalty.Engine(42)  # type: ignore[arg-type]

    def test_failed_open_leaves_nothing_to_close(self) -> None:
        try:
            loyalty.Engine({"storage": "nosuchbackend:x"})
        except loyalty.LoyaltyError:
            pass
        gc.collect()  # __del__ of the half-built engine must not crash

    def test_del_closes_a_forgotten_engine(self) -> None:
        engine = memory_engine()
        del engine
        gc.collect()

    def test_file_store_survives_reopen(self) -> None:
        with tempfile.TemporaryDirectory() as directory:
            config = {"storage": "sqlite:" + os.path.join(directory, "loyalty.db")}
            with loyalty.Engine(config) as engine:
                engine.put_shop(SHOP)
                member_id = engine.record_order(SHOP_ID, paid_order())["member_id"]
            with loyalty.Engine(config) as engine:
                self.assertEqual(engine.get_balance(SHOP_ID, member_id), loyalty.Balance(113, 0))

    def test_close_waits_for_calls_in_flight(self) -> None:
        engine = memory_engine()
        member_id = engine.record_order(SHOP_ID, paid_order())["member_id"]
        outcomes: list = []
        start = threading.Barrier(5)

        def reader() -> None:
            start.wait()
            try:
                for _ in range(200):
                    engine.get_balance(SHOP_ID, member_id)
                outcomes.append("done")
            except loyalty.EngineClosed:
                outcomes.append("closed")

        threads = [threading.Thread(target=reader) for _ in range(4)]
        for t in threads:
            t.start()
        start.wait()
        engine.close()
        for t in threads:
            t.join()
        self.assertEqual(len(outcomes), 4)  # no crash, and every thread ended with a result or EngineClosed


class LedgerTest(unittest.TestCase):
    def setUp(self) -> None:
        self.engine = memory_engine()
        self.addCleanup(self.engine.close)

    def test_put_and_get_shop(self) -> None:
        shop = self.engine.get_shop(SHOP_ID)
        self.assertEqual(shop["shop_id"], SHOP_ID)
        self.assertEqual(shop["earn"], {"spend_per_point": 10000})
        with self.assertRaises(loyalty.NotFound) as caught:
            self.engine.get_shop("no-such-shop")
        self.assertIn("no-such-shop", str(caught.exception))
        self.assertEqual(caught.exception.code, "not_found")

    def test_record_order_and_read_member(self) -> None:
        result = self.engine.record_order(SHOP_ID, paid_order())
        self.assertTrue(result["applied"])
        self.assertEqual(result["points_delta"], 113)
        self.assertEqual(result["points"], {"available": 113, "pending": 0})
        again = self.engine.record_order(SHOP_ID, paid_order())
        self.assertFalse(again["applied"])

        member = self.engine.get_member(SHOP_ID, {"phone": "+84 912 345 678"})
        self.assertEqual(member["member_id"], result["member_id"])
        self.assertEqual(member["name"], "Nguyễn Thị Ánh")  # UTF-8 both ways
        self.assertEqual(member["points"]["lifetime_earned"], 113)
        self.assertEqual(self.engine.get_member(SHOP_ID, {"platform": "pos", "customer_id": "C-1"})["member_id"],
                         result["member_id"])

        balance = self.engine.get_balance(SHOP_ID, result["member_id"])
        self.assertIsInstance(balance, loyalty.Balance)
        self.assertEqual(balance, (113, 0))
        self.assertEqual((balance.available, balance.pending), (113, 0))

    def test_refund_reverses_points(self) -> None:
        member_id = self.engine.record_order(SHOP_ID, paid_order())["member_id"]
        result = self.engine.record_order(SHOP_ID, paid_order(status="refunded", refunded_amount=1130000))
        self.assertEqual(result["points_delta"], -113)
        self.assertEqual(self.engine.get_balance(SHOP_ID, member_id).available, 0)

    def test_patch_shop_keeps_secrets_and_refuses_bad_results(self) -> None:
        shop = self.engine.patch_shop(SHOP_ID, {"earn": {"max_points_per_order": 500},
                                                 "connections": [{"platform": "haravan", "secret": "***"}]})
        self.assertEqual(shop["earn"], {"spend_per_point": 10000, "max_points_per_order": 500})
        self.assertEqual(shop["connections"][0]["secret"], SHOP["connections"][0]["secret"])
        self.assertEqual(shop["connections"][0]["verify_token"], SHOP["connections"][0]["verify_token"])
        with self.assertRaises(loyalty.InvalidArgument):
            self.engine.patch_shop(SHOP_ID, {"earn": {"spend_per_point": 0}})
        self.assertEqual(self.engine.get_shop(SHOP_ID)["earn"]["max_points_per_order"], 500)
        with self.assertRaises(loyalty.NotFound):
            self.engine.patch_shop("nowhere", {"earn": {"spend_per_point": 1}})

    def test_unknown_member(self) -> None:
        with self.assertRaises(loyalty.NotFound):
            self.engine.get_member(SHOP_ID, {"phone": "0987654312"})
        with self.assertRaises(loyalty.NotFound):
            self.engine.get_balance(SHOP_ID, "m_doesnotexist")

    def test_upsert_customer(self) -> None:
        created = self.engine.upsert_customer(SHOP_ID, {"platform": "pos", "customer_id": "C-9",
                                                         "phone": "0901234567", "name": "Lê Văn Bình"})
        self.assertTrue(created["created"])
        updated = self.engine.upsert_customer(SHOP_ID, {"platform": "pos", "customer_id": "C-9", "name": "Bình"})
        self.assertFalse(updated["created"])
        self.assertEqual(updated["member_id"], created["member_id"])

    def test_transactions_newest_first_with_cursor(self) -> None:
        member_id = self.engine.record_order(SHOP_ID, paid_order())["member_id"]
        self.engine.record_order(SHOP_ID, paid_order(order_id="A-1002", amount=200000))
        self.engine.adjust_points(SHOP_ID, {"member_id": member_id, "points": 7, "idempotency_key": "gift-1",
                                            "reason": "birthday"})
        page = self.engine.list_transactions(SHOP_ID, {"member_id": member_id, "limit": 2})
        self.assertEqual([t["points"] for t in page["transactions"]], [7, 20])
        self.assertIsNotNone(page["next_before"])
        rest = self.engine.list_transactions(SHOP_ID, {"member_id": member_id, "before": page["next_before"]})
        self.assertEqual([t["points"] for t in rest["transactions"]], [113])
        self.assertIsNone(rest["next_before"])
        with self.assertRaises(loyalty.InvalidArgument) as caught:
            self.engine.list_transactions(SHOP_ID, {"member_id": member_id, "limit": 0})
        self.assertIn("limit", str(caught.exception))

    def test_redeem_and_adjust(self) -> None:
        member_id = self.engine.record_order(SHOP_ID, paid_order())["member_id"]
        redeemed = self.engine.redeem_points(SHOP_ID, {"member_id": member_id, "points": 100,
                                                       "idempotency_key": "r-1", "reason": "voucher"})
        self.assertEqual(redeemed["points"]["available"], 13)
        # The same key and request gives the first result again, without a second entry.
        self.assertEqual(self.engine.redeem_points(SHOP_ID, {"member_id": member_id, "points": 100,
                                                             "idempotency_key": "r-1", "reason": "voucher"}),
                         redeemed)
        adjusted = self.engine.adjust_points(SHOP_ID, {"member_id": member_id, "points": -13,
                                                       "idempotency_key": "a-1", "reason": "correction"})
        self.assertEqual(adjusted["points"]["available"], 0)
        self.assertEqual(self.engine.get_balance(SHOP_ID, member_id), (0, 0))

    def test_quote_and_manual_tier(self) -> None:
        self.engine.put_shop({"shop_id": SHOP_ID, "earn": {"spend_per_point": 10000},
                              "tiers": {"window": "lifetime",
                                        "levels": [{"name": "Member", "threshold": 0},
                                                   {"name": "Gold", "threshold": 10 ** 9, "discount_pct": 15,
                                                    "earn_multiplier_pct": 150}]},
                              "redeem": {"point_value": 1000, "max_order_pct": 50}})
        member_id = self.engine.record_order(SHOP_ID, paid_order())["member_id"]
        member = self.engine.set_tier(SHOP_ID, {"member_id": member_id, "tier": "Gold",
                                                "until": "2099-01-01T00:00:00+07:00"})
        self.assertEqual(member["tier"]["name"], "Gold")
        self.assertEqual(member["tier"]["until"], "2099-01-01T00:00:00+07:00")
        quote = self.engine.quote(SHOP_ID, {"member_id": member_id, "amount": 2000000, "redeem_points": 100})
        self.assertEqual(quote["discount"], {"pct": 15, "amount": 300000})
        self.assertEqual(quote["redeem"]["max_points"], 113)
        self.assertEqual(quote["earn"]["points"], (2000000 - 300000 - 100000) * 150 // 1000000)
        self.assertEqual(self.engine.get_balance(SHOP_ID, member_id), (113, 0))  # a quote writes nothing
        with self.assertRaises(loyalty.InvalidArgument):
            self.engine.set_tier(SHOP_ID, {"member_id": member_id, "tier": "Iron", "until": "2099-01-01"})

    def test_insufficient_points_carries_the_message(self) -> None:
        member_id = self.engine.record_order(SHOP_ID, paid_order())["member_id"]
        with self.assertRaises(loyalty.InsufficientPoints) as caught:
            self.engine.redeem_points(SHOP_ID, {"member_id": member_id, "points": 1000,
                                                "idempotency_key": "r-big", "reason": "too much"})
        error = caught.exception
        self.assertEqual(error.status, loyalty.Status.INSUFFICIENT_POINTS)
        self.assertIn("113", error.message)
        self.assertIn("1000", str(error))
        # The amounts as data, from loyalty_last_error_json: a caller never parses the message.
        self.assertEqual((error.available, error.requested), (113, 1000))
        self.assertEqual(error.details["code"], "insufficient_points")
        self.assertIsNone(error.quarantine_id)
        with self.assertRaises(loyalty.InsufficientPoints):
            self.engine.adjust_points(SHOP_ID, {"member_id": member_id, "points": -114,
                                                "idempotency_key": "a-big", "reason": "too much"})
        self.assertEqual(self.engine.get_balance(SHOP_ID, member_id).available, 113)

    def test_conflict_carries_the_message(self) -> None:
        member_id = self.engine.record_order(SHOP_ID, paid_order())["member_id"]
        self.engine.redeem_points(SHOP_ID, {"member_id": member_id, "points": 10, "idempotency_key": "k-1",
                                            "reason": "voucher"})
        with self.assertRaises(loyalty.Conflict) as caught:
            self.engine.redeem_points(SHOP_ID, {"member_id": member_id, "points": 11, "idempotency_key": "k-1",
                                                "reason": "voucher"})
        self.assertEqual(caught.exception.status, loyalty.Status.CONFLICT)
        self.assertIn("k-1", caught.exception.message)

    def test_error_message_is_per_thread(self) -> None:
        # A failure on another thread must not leak into this thread's exception, nor the other way.
        messages: dict = {}

        def fail_elsewhere() -> None:
            try:
                self.engine.get_shop("shop-from-thread")
            except loyalty.NotFound as e:
                messages["thread"] = str(e)

        with self.assertRaises(loyalty.NotFound) as caught:
            self.engine.get_shop("shop-from-main")
        t = threading.Thread(target=fail_elsewhere)
        t.start()
        t.join()
        self.assertIn("shop-from-main", str(caught.exception))
        self.assertIn("shop-from-thread", messages["thread"])

    def test_concurrent_writers(self) -> None:
        errors: list = []

        def writer(n: int) -> None:
            try:
                for i in range(20):
                    self.engine.record_order(SHOP_ID, paid_order(order_id=f"T{n}-{i}", amount=100000))
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertEqual(errors, [])
        member = self.engine.get_member(SHOP_ID, {"phone": "0912345678"})
        self.assertEqual(member["points"]["available"], 8 * 20 * 10)

    def test_maintenance_and_stats(self) -> None:
        self.engine.record_order(SHOP_ID, paid_order())
        report = self.engine.run_maintenance()
        self.assertTrue(report["ledger_consistent"])
        self.assertEqual(report["entries"], 1)
        self.assertEqual(self.engine.run_maintenance(1_700_000_000)["now"], "2023-11-14T22:13:20+00:00")
        self.assertEqual(self.engine.get_stats(), {"entries": 1, "quarantine_open": 0})
        self.assertIsNone(self.engine.check_storage())

    def test_argument_checks(self) -> None:
        with self.assertRaises(ValueError):
            self.engine.get_shop("demo\0evil")
        with self.assertRaises(TypeError):
            self.engine.get_shop(7)  # type: ignore[arg-type]
        with self.assertRaises(ValueError):
            self.engine.record_order(SHOP_ID, paid_order(amount=float("nan")))
        with self.assertRaises(loyalty.InvalidArgument):
            self.engine.record_order(SHOP_ID, "{broken")


if __name__ == "__main__":
    unittest.main()
