"""Customer groups, reward claims and grants, points at checkout, distributor periods, instant-win games, and the
shop's reports."""
from __future__ import annotations

import unittest

import loyalty

SHOP_ID = "s1"
SHOP = {
    "shop_id": SHOP_ID, "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 1000},
    "redeem": {"point_value": 100, "max_order_pct": 50},
    "rewards": [{"reward_id": "tea", "name": "Tea", "kind": "gift", "cost_points": 10, "stock": 5, "valid_days": 30}],
    "targets": [{"program_id": "q", "period": "quarter", "bands": [{"spend": 100000, "points": 50}]}],
    "games": [
        {"id": "wheel", "name": "Vòng quay", "kind": "wheel", "cost_points": 10,
         "prizes": [{"id": "p5", "name": "5 điểm", "weight": 1, "points": 5}]},
        {"id": "dear", "name": "Thẻ cào", "kind": "scratch", "cost_points": 1000, "prizes": [{"id": "none", "weight": 1}]},
    ],
}


class RewardsTest(unittest.TestCase):
    def setUp(self) -> None:
        self.engine = loyalty.Engine({"storage": "sqlite::memory:", "shops": [SHOP]})
        self.addCleanup(self.engine.close)
        # 200,000 VND in January 2025 at 1,000 VND a point: 200 points, and past the quarter's band.
        self.member_id = self.engine.record_order(SHOP_ID, {
            "order_id": "R-1", "status": "paid", "amount": 200000, "occurred_at": "2025-01-10T10:00:00+07:00",
            "customer": {"platform": "pos", "customer_id": "C-1", "phone": "0912345678"}})["member_id"]

    def claim(self, key: str) -> dict:
        return self.engine.claim_reward(SHOP_ID, {"member_id": self.member_id, "reward_id": "tea",
                                                  "idempotency_key": key})

    def test_claim_reward_and_list_grants(self) -> None:
        claimed = self.claim("c-1")
        grant = claimed["grant"]
        self.assertEqual((grant["reward_id"], grant["status"], grant["cost_points"]), ("tea", "issued", 10))
        self.assertEqual(claimed["points"]["available"], 190)
        self.assertFalse(claimed["replayed"])
        again = self.claim("c-1")
        self.assertTrue(again["replayed"])
        self.assertEqual(again["grant"]["grant_id"], grant["grant_id"])

        listed = self.engine.list_grants(SHOP_ID, {"member_id": self.member_id})
        self.assertEqual([g["code"] for g in listed["grants"]], [grant["code"]])
        self.assertIsNone(listed["next_after"])
        self.assertEqual(self.engine.list_grants(SHOP_ID, {"code": grant["code"]})["grants"][0]["grant_id"],
                         grant["grant_id"])

        used = self.engine.use_grant(SHOP_ID, {"code": grant["code"], "order_id": "R-2"})
        self.assertEqual((used["status"], used["used_order"]), ("used", "R-2"))
        with self.assertRaises(loyalty.Conflict):
            self.engine.void_grant(SHOP_ID, {"grant_id": grant["grant_id"], "reason": "too late"})
        second = self.claim("c-2")["grant"]
        voided = self.engine.void_grant(SHOP_ID, {"grant_id": second["grant_id"], "reason": "changed mind"})
        self.assertEqual(voided["status"], "voided")
        self.assertEqual(self.engine.get_balance(SHOP_ID, self.member_id), (190, 0))
        self.assertEqual(len(self.engine.list_grants(SHOP_ID, {"status": "voided"})["grants"]), 1)
        with self.assertRaises(loyalty.NotFound):
            self.engine.claim_reward(SHOP_ID, {"member_id": self.member_id, "reward_id": "coffee",
                                               "idempotency_key": "c-3"})

    def test_group_and_pay_with_points(self) -> None:
        member = self.engine.set_group(SHOP_ID, {"member_id": self.member_id, "group": "Đại lý"})
        self.assertEqual(member["group"], "Đại lý")
        self.assertEqual(self.engine.set_group(SHOP_ID, {"member_id": self.member_id, "group": None})["group"], "")

        paid = self.engine.pay_with_points(SHOP_ID, {"member_id": self.member_id, "order_id": "R-3",
                                                     "order_amount": 100000, "points": 100,
                                                     "idempotency_key": "p-1"})
        self.assertEqual((paid["payment"]["points"], paid["payment"]["amount"]), (100, 10000))
        self.assertEqual(paid["points"]["available"], 100)
        with self.assertRaises(loyalty.InsufficientPoints):
            self.engine.pay_with_points(SHOP_ID, {"member_id": self.member_id, "order_id": "R-4",
                                                  "order_amount": 10000000, "points": 101,
                                                  "idempotency_key": "p-2"})

    def test_play_game_and_list_plays(self) -> None:
        status = self.engine.game_status(SHOP_ID, {"game_id": "wheel", "member_id": self.member_id})
        self.assertEqual((status["kind"], status["can_play"], status["refusal"], status["cost_points"]),
                         ("wheel", True, None, 10))
        self.assertEqual(status["odds"], [{"prize_id": "p5", "weight": 1}])

        request = {"member_id": self.member_id, "game_id": "wheel", "idempotency_key": "g-1"}
        played = self.engine.play_game(SHOP_ID, request)
        self.assertEqual((played["points_spent"], played["prize_id"], played["draw"]), (10, "p5", 0))
        self.assertEqual(played["prize"], {"id": "p5", "name": "5 điểm", "points": 5, "reward_id": None})
        self.assertEqual(played["odds"], [{"prize_id": "p5", "weight": 1}])
        self.assertIsNone(played["grant"])
        self.assertIsNone(played["order_id"])
        self.assertFalse(played["replayed"])
        self.assertEqual(self.engine.get_balance(SHOP_ID, self.member_id), (195, 0))

        again = self.engine.play_game(SHOP_ID, request)
        self.assertTrue(again["replayed"])
        self.assertEqual(again["play_id"], played["play_id"])
        self.assertEqual(self.engine.get_balance(SHOP_ID, self.member_id), (195, 0))

        listed = self.engine.list_plays(SHOP_ID, {"game_id": "wheel", "member_id": self.member_id})
        self.assertEqual([p["play_id"] for p in listed["plays"]], [played["play_id"]])
        self.assertNotIn("replayed", listed["plays"][0])
        self.assertIsNone(listed["next_after"])
        self.assertEqual(len(self.engine.list_plays(SHOP_ID)["plays"]), 1)

        with self.assertRaises(loyalty.InsufficientPoints):
            self.engine.play_game(SHOP_ID, {"member_id": self.member_id, "game_id": "dear", "idempotency_key": "g-2"})
        with self.assertRaises(loyalty.NotFound):
            self.engine.play_game(SHOP_ID, {"member_id": self.member_id, "game_id": "nope", "idempotency_key": "g-3"})
        with self.assertRaises(loyalty.Conflict):
            self.engine.play_game(SHOP_ID, {"member_id": self.member_id, "game_id": "dear", "idempotency_key": "g-1"})

    def test_report(self) -> None:
        grant = self.claim("c-1")["grant"]
        rewards = self.engine.report(SHOP_ID, {"report": "rewards", "months": 1, "limit": 5})
        self.assertEqual(rewards["from"], rewards["to"])
        self.assertEqual(rewards["rewards"], [{"reward_id": "tea", "name": "Tea", "claims": 1, "used": 0,
                                               "points_spent": grant["cost_points"]}])
        liability = self.engine.report(SHOP_ID, {"report": "liability", "months": 36})
        self.assertEqual(len(liability["months"]), 36)
        self.assertEqual(liability["months"][-1]["redeemed"], 10)
        self.assertEqual(len(self.engine.report(SHOP_ID, {"report": "cohorts"})["cohorts"]), 12)
        self.assertIn("segments", self.engine.report(SHOP_ID, {"report": "segments"}))

        for request, field in [({"report": "sales"}, "request.report"), ({"report": "rewards", "limit": 101}, "limit"),
                               ({"report": "tiers", "months": 0}, "months"), ({"report": "tiers", "limit": 5}, "limit"),
                               ({"report": "tiers", "window": 3}, "request.window")]:
            with self.subTest(request=request), self.assertRaises(loyalty.InvalidArgument) as caught:
                self.engine.report(SHOP_ID, request)
            self.assertIn(field, str(caught.exception))
        with self.assertRaises(loyalty.NotFound):
            self.engine.report("nowhere", {"report": "liability"})

    def test_settle_period_and_leaderboard(self) -> None:
        board = self.engine.leaderboard(SHOP_ID, {"program_id": "q", "at": "2025-02-01T00:00:00+07:00"})
        self.assertEqual(board["period"]["key"], "2025-Q1")
        self.assertIsNone(board["settled_at"])
        self.assertEqual([s["member_id"] for s in board["standings"]], [self.member_id])

        report = self.engine.settle_period(SHOP_ID, {"period": "2025-Q1", "at": "2025-04-02T00:00:00+07:00"})
        self.assertEqual(report["period"]["key"], "2025-Q1")
        [program] = report["programs"]
        self.assertEqual((program["program_id"], program["kind"], program["already_settled"]), ("q", "target", False))
        self.assertEqual(program["standings"][0]["points"], 50)
        self.assertEqual(self.engine.get_balance(SHOP_ID, self.member_id).available, 250)
        again = self.engine.settle_period(SHOP_ID, {"period": "2025-Q1", "program_id": "q",
                                                    "at": "2025-04-02T00:00:00+07:00"})
        self.assertTrue(again["programs"][0]["already_settled"])
        self.assertEqual(self.engine.get_balance(SHOP_ID, self.member_id).available, 250)
        with self.assertRaises(loyalty.InvalidArgument):
            self.engine.settle_period(SHOP_ID, {"period": "2099-Q1", "at": "2025-04-02T00:00:00+07:00"})


if __name__ == "__main__":
    unittest.main()
