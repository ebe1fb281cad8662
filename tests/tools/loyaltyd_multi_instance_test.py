#!/usr/bin/env python3
"""Two loyaltyd processes on one PostgreSQL database, as a load balancer would run them.

Every signed Haravan delivery (orders paid, some first seen pending, some also sent as
orders/updated, some later refunded, partially refunded or cancelled) is sent to BOTH instances,
from several threads, in a seeded random order. Meanwhile redemptions race on both instances;
afterwards same-key redemptions are sent to both at once and an overdrawing set of distinct keys
races on both. Then:
  - every webhook was answered 200 (a 503 is retried, as the platform would, and counted);
  - per delivery at most one "applied" answer over both instances;
  - every member's ledger holds, per order, exactly what the order's final state earns
    (the same as a third instance alone on a fresh database, and as the ledger rules compute);
  - redemptions: none took `available` below zero, the overdraw race admitted exactly what the
    balance allowed, a key sent twice made one entry and the same answer, redeemed <= earned;
  - each customer is one member, however both instances raced to create it;
  - loyaltyctl maintenance finds the ledger consistent; no 500 in either access log.

Usage: loyaltyd_multi_instance_test.py LOYALTYD LOYALTYCTL WORK_DIR   (LOYALTY_TEST_STORAGE=@FILE)
Exit 77 (skipped) without a PostgreSQL test server. LOYALTY_TEST_SEED replays a seed.
"""
import os
import queue
import random
import shutil
import sys
import threading
import time
from collections import Counter, defaultdict

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_harness as h  # noqa: E402

WEBHOOK_THREADS = 8          # 4 per instance at any moment on average
ORDERS = 100                 # about 160 deliveries, so 320 webhook requests
RETRY_503_SECONDS = 30       # how long a delivery may keep being answered 503 before the test fails
CLEAN = [9001, 9002]         # customers whose orders are only ever paid: their balance never drops
CUSTOMERS = {9001: "0901000001", 9002: "0901000002", 9003: "0901000003", 9004: "0901000004",
             # Two Haravan customers with one phone, in two formats: one member.
             9005: "0912000005", 9006: "+84 912 000 005"}
PERSON = {9001: "A", 9002: "B", 9003: "C", 9004: "D", 9005: "E", 9006: "E"}
PHONE_OF_PERSON = {"A": "0901000001", "B": "0901000002", "C": "0901000003", "D": "0901000004", "E": "0912000005"}


class Failures:
    def __init__(self):
        self.items, self.lock = [], threading.Lock()

    def add(self, text):
        with self.lock:
            self.items.append(text)
            h.log("FAIL:", text)

    def check(self, ok, text):
        if not ok:
            self.add(text)
        return ok


def build_deliveries(rng):
    """The deliveries, and per order its final (status, amount, refunded) and its person."""
    base = 1_716_000_000
    deliveries, final, person_of = [], {}, {}
    for i in range(ORDERS):
        order_id = 700_001 + i
        customer = CLEAN[i % 2] if i < ORDERS // 3 else rng.choice([9003, 9004, 9005, 9006])
        phone = CUSTOMERS[customer]
        amount = rng.randrange(50_000, 3_000_000)  # rarely a multiple of spend_per_point: floors
        created = base + i * 600
        paid_at = (created + 5, rng.randrange(1_000_000))
        args = dict(order_id=order_id, amount=amount, customer_id=customer, phone=phone, created=created)
        person_of[order_id] = PERSON[customer]
        if rng.random() < 0.25:
            deliveries.append(h.Delivery(f"{order_id}/create", "orders/create",
                                         h.haravan_order(**args, updated=(created + 1, 0), status="pending")))
        paid = h.haravan_order(**args, updated=paid_at)
        deliveries.append(h.Delivery(f"{order_id}/paid", "orders/paid", paid))
        final[order_id] = ("paid", amount, 0)
        if rng.random() < 0.2:
            # Haravan fires orders/updated for the same change: another key, the same version.
            deliveries.append(h.Delivery(f"{order_id}/updated", "orders/updated", paid))
        if customer not in CLEAN and rng.random() < 0.6:
            later = (created + 3600, rng.randrange(1_000_000))
            kind = rng.choice(["refunded", "partially_refunded", "cancelled"])
            if kind == "cancelled":
                body = h.haravan_order(**args, updated=later, status="paid", cancelled_at=later[0])
                final[order_id] = ("cancelled", amount, 0)
                deliveries.append(h.Delivery(f"{order_id}/cancelled", "orders/cancelled", body))
            elif kind == "refunded":
                body = h.haravan_order(**args, updated=later, status="refunded", refunded=amount)
                final[order_id] = ("refunded", amount, amount)
                deliveries.append(h.Delivery(f"{order_id}/refunded", "orders/updated", body))
            else:
                refunded = rng.randrange(1, amount)
                body = h.haravan_order(**args, updated=later, status="partially_refunded", refunded=refunded)
                final[order_id] = ("partially_refunded", amount, refunded)
                deliveries.append(h.Delivery(f"{order_id}/partial", "orders/updated", body))
    return deliveries, final, person_of


def send_until_200(delivery, client, stats, fails, tag):
    """Sends one delivery; a 503 is retried (as the platform retries) within a bound."""
    bound = h.Bound(RETRY_503_SECONDS)
    attempts = 0
    while True:
        attempts += 1
        status, body = delivery.send(client)
        stats[f"{tag}:{status}"] += 1
        if status == 200:
            return body, attempts
        if status == 503 and not bound.expired():
            if stats[f"{tag}:503"] <= 3:
                h.log(f"503 for {delivery.label} on {tag}, retried: {body}")
            time.sleep(0.05)  # a platform's retry backoff, not a wait for a condition
            continue
        fails.add(f"{delivery.label} on {tag}: {status} {body} (attempt {attempts})")
        return None, attempts


def member_id_by_phone(client, phone):
    from urllib.parse import quote
    status, body = client.admin("GET", f"/api/v1/shops/{h.SHOP}/members?phone={quote(phone)}")
    return body["member_id"] if status == 200 else None


def redeem(client, member_id, points, key, reason="race"):
    bound = h.Bound(RETRY_503_SECONDS)
    while True:
        status, body = client.admin("POST", f"/api/v1/shops/{h.SHOP}/members/{member_id}/redemptions",
                                    {"points": points, "idempotency_key": key, "reason": reason})
        if status == 503 and not bound.expired():  # same key: retrying is safe by design
            time.sleep(0.05)
            continue
        return status, body


def main():
    if len(sys.argv) != 4:
        print(__doc__, file=sys.stderr)
        return 2
    loyaltyd, loyaltyctl, work = sys.argv[1:]
    server = h.test_server_url()
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    seed = int(os.environ.get("LOYALTY_TEST_SEED") or random.SystemRandom().randrange(1 << 31))
    h.log(f"seed {seed} (LOYALTY_TEST_SEED={seed} replays this order)")
    rng = random.Random(seed)
    started = time.monotonic()
    fails = Failures()

    db_name, storage = h.fresh_database(server, "multi")
    solo_name, solo_storage = h.fresh_database(server, "solo")
    h.log(f"database {db_name} (two instances), {solo_name} (one instance)")
    daemons = []
    try:
        deliveries, final, person_of = build_deliveries(rng)
        h.log(f"{len(deliveries)} deliveries for {len(final)} orders, each sent to both instances")
        # Both start at once on a database without the schema: migrations run under an advisory lock.
        a = h.Daemon(loyaltyd, work, "a", storage)
        b = h.Daemon(loyaltyd, work, "b", storage)
        daemons += [a, b]
        starters = [threading.Thread(target=d.start) for d in (a, b)]
        for t in starters:
            t.start()
        for t in starters:
            t.join()
        for d in (a, b):
            if d.port is None or d.healthz()[0] != 200:
                raise AssertionError(f"{d.name} did not start:\n{d.log_tail()}")
        instances = {"a": a, "b": b}

        # --- phase 1: every delivery to both instances, shuffled, from several threads -------------
        # Half the deliveries reach both instances at the same moment (sent to both before either
        # answer is read); the other half reach each instance at its own random moment.
        jobs = []
        for d in deliveries:
            jobs += [(d, "ab")] if rng.random() < 0.5 else [(d, "a"), (d, "b")]
        rng.shuffle(jobs)
        work_queue = queue.Queue()
        for j in jobs:
            work_queue.put(j)
        stats = Counter()
        outcomes = defaultdict(list)  # delivery label -> [(instance, outcome, points_delta, member_id)]
        lock = threading.Lock()

        def webhook_worker():
            clients = {n: d.client() for n, d in instances.items()}
            while True:
                try:
                    delivery, name = work_queue.get_nowait()
                except queue.Empty:
                    break
                if name == "ab":
                    failed = {n: delivery.begin(clients[n]) for n in ("a", "b")}
                    first = {n: failed[n] or clients[n].finish() for n in ("a", "b")}
                else:
                    first = {name: delivery.send(clients[name])}
                for n, (status, body) in first.items():
                    stats[f"{n}:{status}"] += 1
                    if status != 200:
                        if status != 503:
                            fails.add(f"{delivery.label} on {n}: {status} {body}")
                            continue
                        if stats[f"{n}:503"] <= 3:
                            h.log(f"503 for {delivery.label} on {n}, retried: {body}")
                        body, _ = send_until_200(delivery, clients[n], stats, fails, n)
                        if body is None:
                            continue
                    event = (body.get("events") or [{}])[0]
                    with lock:
                        outcomes[delivery.label].append((n, body.get("outcome"), event.get("points_delta", 0),
                                                         event.get("member_id")))
            for c in clients.values():
                c.close()

        webhooks_done = threading.Event()
        p1_redeemed = defaultdict(int)      # member_id -> points redeemed with a 200 in phase 1
        p1_keys = {}                        # key -> (member_id, points) answered 200
        p1_refused = Counter()

        def phase1_redeemer(customer):
            # Redeems from a clean member on both instances while its orders are still arriving.
            clients = [a.client(), b.client()]
            member, n = None, 0
            while not webhooks_done.is_set() and n < 24:
                if member is None:
                    member = member_id_by_phone(clients[0], CUSTOMERS[customer])
                    if member is None:
                        time.sleep(0.01)  # the member does not exist yet; this is pacing, not waiting
                        continue
                key = f"p1-{customer}-{n}"
                status, body = redeem(clients[n % 2], member, 9, key)
                if status == 200:
                    with lock:
                        p1_redeemed[body["member_id"]] += 9
                        p1_keys[key] = (body["member_id"], 9)
                elif status == 422:
                    p1_refused[customer] += 1
                else:
                    fails.add(f"phase 1 redemption {key}: {status} {body}")
                n += 1
            for c in clients:
                c.close()

        threads = [threading.Thread(target=webhook_worker) for _ in range(WEBHOOK_THREADS)]
        redeemers = [threading.Thread(target=phase1_redeemer, args=(c,)) for c in CLEAN]
        t0 = time.monotonic()
        for t in threads + redeemers:
            t.start()
        for t in threads:
            t.join()
        webhooks_done.set()
        for t in redeemers:
            t.join()
        h.log(f"phase 1: {sum(stats.values())} webhook requests in {time.monotonic() - t0:.1f} s, statuses "
              f"{dict(sorted(stats.items()))}; {len(p1_keys)} redemptions accepted, "
              f"{sum(p1_refused.values())} refused for insufficient points")

        h.log("outcomes: " + str(dict(Counter(o[1] for got in outcomes.values() for o in got))))
        for label in (d.label for d in deliveries):
            got = outcomes.get(label, [])
            applied = [o for o in got if o[1] == "applied"]
            fails.check(len(applied) <= 1, f"{label} was applied {len(applied)} times: {got}")

        ca, cb = a.client(), b.client()
        # --- every customer is one member, whichever instance is asked -------------------------------
        member_of_person = {}
        for person, phone in PHONE_OF_PERSON.items():
            ids = {member_id_by_phone(ca, phone), member_id_by_phone(cb, phone)}
            for customer in (c for c, p in PERSON.items() if p == person):
                for c in (ca, cb):
                    status, body = c.admin("GET", f"/api/v1/shops/{h.SHOP}/members?platform=haravan&customer_id={customer}")
                    ids.add(body.get("member_id") if status == 200 else f"{status}")
            fails.check(len(ids) == 1 and None not in ids, f"person {person} ({phone}) answers as {ids}")
            member_of_person[person] = sorted(x for x in ids if x)[0] if any(ids) else None
        seen_members = {o[3] for got in outcomes.values() for o in got if o[3]}
        fails.check(seen_members <= set(member_of_person.values()),
                    f"webhooks named members {seen_members - set(member_of_person.values())} beyond one per person")

        # --- phase 2a: the same idempotency key sent to both instances at once ------------------------
        same_key_results = {}
        for customer in CLEAN:
            member = member_of_person[PERSON[customer]]
            for n in range(4):
                key = f"twin-{customer}-{n}"
                barrier = threading.Barrier(2)
                answers = {}

                def twin(name, client, key=key, member=member, barrier=barrier, answers=answers, n=n):
                    barrier.wait()
                    answers[name] = redeem(client, member, 5 + n, key, "twin")

                pair = [threading.Thread(target=twin, args=("a", ca)), threading.Thread(target=twin, args=("b", cb))]
                for t in pair:
                    t.start()
                for t in pair:
                    t.join()
                same_key_results[key] = (member, 5 + n, answers)
                fails.check(answers["a"][0] == 200 and answers["b"][0] == 200,
                            f"same key {key} on both instances: a {answers['a']}, b {answers['b']}")
                fails.check(answers["a"][1] == answers["b"][1],
                            f"same key {key}: the two answers differ: a {answers['a'][1]} b {answers['b'][1]}")

        # --- phase 2b: distinct keys that would overdraw, raced on both instances ---------------------
        race = {}
        for customer in CLEAN:
            member = member_of_person[PERSON[customer]]
            status, m = ca.admin("GET", f"/api/v1/shops/{h.SHOP}/members/{member}")
            balance = m["points"]["available"]
            each = balance // 3 + 1  # 3 of them never fit; at most 2 do
            barrier = threading.Barrier(8)
            answers = {}

            def racer(i, member=member, each=each, barrier=barrier, answers=answers):
                client = (a if i % 2 == 0 else b).client()
                barrier.wait()
                answers[i] = redeem(client, member, each, f"race-{member}-{i}", "race")
                client.close()

            racers = [threading.Thread(target=racer, args=(i,)) for i in range(8)]
            for t in racers:
                t.start()
            for t in racers:
                t.join()
            won = [i for i, (s, _) in answers.items() if s == 200]
            refused = [i for i, (s, _) in answers.items() if s == 422]
            other = {i: r for i, r in answers.items() if r[0] not in (200, 422)}
            fits = balance // each
            race[member] = (balance, each, won)
            h.log(f"overdraw race on {member}: balance {balance}, 8 x {each}: {len(won)} accepted, "
                  f"{len(refused)} refused")
            fails.check(not other, f"overdraw race on {member}: unexpected answers {other}")
            fails.check(len(won) == fits,
                        f"overdraw race on {member}: balance {balance}, {each} each: {len(won)} accepted, "
                        f"{fits} fit: {answers}")

        # --- the ledger, member by member --------------------------------------------------------------
        expected_points = {o: h.order_points(*final[o]) for o in final}
        ledger = {}
        for person, member in member_of_person.items():
            if not member:
                continue
            entries = h.all_transactions(ca, member)
            ledger[person] = entries
            status, m = cb.admin("GET", f"/api/v1/shops/{h.SHOP}/members/{member}")
            available = m["points"]["available"]
            fails.check(sum(e["available_delta"] for e in entries) == available,
                        f"{person}: entries sum to {sum(e['available_delta'] for e in entries)}, member says {available}")
            merges = [e for e in entries if e["kind"] == "merge"]
            fails.check(not merges, f"{person}: merge entries, so two members were created for one person: {merges}")
            per_order = defaultdict(int)
            earned_gross = 0
            for e in entries:
                if e["ref"]["type"] == "order":
                    per_order[int(e["ref"]["id"].split(":")[1])] += e["points"]
                if e["kind"] == "earn":
                    earned_gross += e["points"]
            mine = {o for o, p in person_of.items() if p == person}
            for o in sorted(mine | set(per_order)):
                fails.check(per_order.get(o, 0) == expected_points.get(o, 0) and o in mine,
                            f"{person}: order {o} ({final.get(o)}) holds {per_order.get(o, 0)} points in the "
                            f"ledger, expected {expected_points.get(o, 0)}")
            redeems = [e for e in entries if e["kind"] == "redeem"]
            for e in redeems:
                fails.check(e["balance"]["available"] >= 0, f"{person}: redemption left available below 0: {e}")
            redeemed = -sum(e["points"] for e in redeems)
            fails.check(redeemed <= earned_gross, f"{person}: redeemed {redeemed} > earned {earned_gross}")
            keys = Counter(e["ref"]["id"] for e in redeems)
            fails.check(all(n == 1 for n in keys.values()),
                        f"{person}: an idempotency key made several entries: {[k for k, n in keys.items() if n > 1]}")
            net = sum(expected_points[o] for o in mine)
            if person in {PERSON[c] for c in CLEAN}:
                accepted = {k for k, (mid, _) in p1_keys.items() if mid == member}
                accepted |= {k for k, (mid, _, _) in same_key_results.items() if mid == member}
                balance, each, won = race[member]
                accepted |= {f"race-{member}-{i}" for i in won}
                fails.check(set(keys) == accepted,
                            f"{person}: redemption entries {sorted(set(keys) - accepted)} were not acknowledged, "
                            f"{sorted(accepted - set(keys))} were acknowledged but have no entry")
                fails.check(available == net - redeemed and available == balance - each * len(won),
                            f"{person}: available {available}, expected {net} earned - {redeemed} redeemed "
                            f"= {net - redeemed} (and {balance} - {each}x{len(won)} after the race)")
                fails.check(available >= 0, f"{person}: available {available} < 0")
            else:
                fails.check(not redeems and available == net,
                            f"{person}: available {available}, expected {net} (redemptions: {redeems})")
            h.log(f"{person}: {len(entries)} entries, {len(mine)} orders, earned net {net}, redeemed {redeemed}, "
                  f"available {available}")
        for key, (member, points, _) in same_key_results.items():
            person = next(p for p, mid in member_of_person.items() if mid == member)
            n = sum(1 for e in ledger.get(person, []) if e["kind"] == "redeem" and e["ref"]["id"] == key)
            fails.check(n == 1, f"same key {key} sent to both instances made {n} entries")

        # --- one instance alone on a fresh database, same deliveries in the same order -----------------
        solo = h.Daemon(loyaltyd, work, "solo", solo_storage)
        daemons.append(solo)
        solo.start()
        cs = solo.client()
        solo_stats = Counter()
        for delivery, name in jobs:
            if name in ("a", "ab"):
                send_until_200(delivery, cs, solo_stats, fails, "solo")
        for person, phone in PHONE_OF_PERSON.items():
            mine = {o for o, p in person_of.items() if p == person}
            net = sum(expected_points[o] for o in mine)
            solo_member = member_id_by_phone(cs, phone)
            if solo_member is None:
                fails.check(net == 0 and not mine, f"solo: no member for {person}")
                continue
            status, m = cs.admin("GET", f"/api/v1/shops/{h.SHOP}/members/{solo_member}")
            solo_available = m["points"]["available"]
            status, mm = ca.admin("GET", f"/api/v1/shops/{h.SHOP}/members/{member_of_person[person]}")
            multi_earned = mm["points"]["lifetime_earned"]
            fails.check(solo_available == net and m["points"]["lifetime_earned"] == multi_earned,
                        f"{person}: one instance: available {solo_available}, lifetime_earned "
                        f"{m['points']['lifetime_earned']}; two instances: lifetime_earned {multi_earned}; "
                        f"rules: {net}")
        cs.close()

        # --- maintenance, logs, clean stops ----------------------------------------------------------
        code, result = h.maintenance(loyaltyctl, storage)
        fails.check(code == 0 and isinstance(result, dict) and result.get("ledger_consistent") is True,
                    f"loyaltyctl maintenance: exit {code}: {result}")
        ca.close()
        cb.close()
        for d in daemons:
            code = d.stop()
            fails.check(code == 0, f"{d.name} exited {code} on SIGTERM:\n{d.log_tail()}")
            errors = d.log_lines_with_status(500)
            fails.check(not errors, f"{d.name} answered 500:\n" + "\n".join(errors[:10]))
    except Exception:
        for d in daemons:
            h.log(f"--- {d.name} log tail ---\n{d.log_tail()}")
        raise
    finally:
        for d in daemons:
            d.kill()
        if not fails.items:
            h.drop_database(server, db_name)
            h.drop_database(server, solo_name)

    h.log(f"{time.monotonic() - started:.1f} s, seed {seed}")
    if fails.items:
        h.log(f"{len(fails.items)} failures (seed {seed}; databases {db_name}, {solo_name} kept; logs in {work})")
        return 1
    h.log("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
