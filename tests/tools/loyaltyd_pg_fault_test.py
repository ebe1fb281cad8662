#!/usr/bin/env python3
"""loyaltyd on PostgreSQL when the database server stops under load and comes back.

The test runs its OWN throwaway cluster (tools/test-postgres.sh start DIR), since the postgresql
fixture's server is shared with tests running in parallel. A few threads send signed Haravan
orders (each order paid, each delivery distinct) to one loyaltyd. Mid-load the cluster is stopped
(pg_ctl stop -m fast): the load goes on, /healthz must answer 503, and each delivery's answer is
recorded (expected: 200 for what committed, 503 while the store is unreachable). The cluster is
started again with the arguments test-postgres.sh used; once /healthz is 200 again (bounded poll)
every delivery that did not get a 200 is sent again, as the platform retries. Then every order is
in its member's ledger exactly once with exactly its points: an acknowledged delivery is never
lost, a retried one never credited twice. Balances equal the sum of the orders' points, and
loyaltyctl maintenance finds the ledger consistent.

Usage: loyaltyd_pg_fault_test.py LOYALTYD LOYALTYCTL SOURCE_DIR WORK_DIR
Exit 77 (skipped) without the PostgreSQL server binaries.
"""
import os
import pwd
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_harness as h  # noqa: E402

LOAD_THREADS = 4
CUSTOMERS = {9101: "0902000001", 9102: "0902000002", 9103: "0902000003", 9104: "0902000004"}
RESEND_SECONDS = 30


class Cluster:
    """The cluster tools/test-postgres.sh started in DIR: stop it and start it again in place."""

    def __init__(self, source, directory):
        self.script = os.path.join(source, "tools", "test-postgres.sh")
        self.dir = directory
        self.url = None

    def start_new(self):
        out = subprocess.run([self.script, "start", self.dir], capture_output=True, text=True, timeout=120)
        if out.returncode == h.SKIP:
            h.skip(out.stdout.strip() or "no PostgreSQL server binaries")
        if out.returncode != 0:
            raise AssertionError(f"test-postgres.sh start failed ({out.returncode}): {out.stderr}{out.stdout}")
        with open(os.path.join(self.dir, "url")) as f:
            self.url = f.read().strip()
        with open(os.path.join(self.dir, "cluster")) as f:
            self.cluster = f.read().strip()
        self.data = os.path.join(self.cluster, "data")
        self.port = int(re.search(r":(\d+)/", self.url).group(1))
        self.bindir = h.pg_bindir()
        # The server refuses to run as root: run pg_ctl as the cluster's owner, as the script does.
        owner = pwd.getpwuid(os.stat(self.cluster).st_uid).pw_name
        self.as_owner = ["runuser", "-u", owner, "--"] if os.getuid() == 0 else []
        return self.url

    def pg_ctl(self, *args):
        cmd = self.as_owner + [os.path.join(self.bindir, "pg_ctl"), "-D", self.data, *args]
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if out.returncode != 0:
            raise AssertionError(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr}{out.stdout}")

    def stop(self):
        # fast: in-flight transactions are rolled back and clients cut off; what committed is kept by
        # the shutdown checkpoint. (The test cluster runs with synchronous_commit=off, so -m immediate
        # would lose commits the server already acknowledged: a property of the test cluster, not of
        # loyaltyd.)
        self.pg_ctl("-m", "fast", "-w", "-t", "60", "stop")

    def restart(self):
        # The same arguments tools/test-postgres.sh starts the server with.
        options = (f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.cluster} -c fsync=off "
                   f"-c synchronous_commit=off -c full_page_writes=off -c max_connections=300")
        self.pg_ctl("-l", os.path.join(self.cluster, "server.log"), "-w", "-t", "60", "-o", options, "start")

    def remove(self):
        subprocess.run([self.script, "stop", self.dir], capture_output=True, timeout=120)


class Load:
    """Threads that send distinct paid orders until stopped, recording every answer."""

    def __init__(self, daemon, rng):
        self.daemon = daemon
        self.rng = rng
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.orders = {}                        # order id -> (delivery, customer, points)
        self.answers = defaultdict(list)        # order id -> [(phase, status, body)]
        self.phase = "up"
        self.count = Counter()                  # (phase, status) -> n
        self.next_id = 800_001

    def make(self):
        with self.lock:
            order_id = self.next_id
            self.next_id += 1
            customer = self.rng.choice(list(CUSTOMERS))
            amount = self.rng.randrange(50_000, 2_000_000)
            micros = self.rng.randrange(1_000_000)
        created = 1_716_000_000 + order_id
        body = h.haravan_order(order_id, amount, customer, CUSTOMERS[customer], created, (created + 5, micros))
        delivery = h.Delivery(f"{order_id}/paid", "orders/paid", body)
        with self.lock:
            self.orders[order_id] = (delivery, customer, h.order_points("paid", amount))
        return delivery

    def worker(self):
        client = self.daemon.client(timeout=60)
        while not self.stop.is_set():
            delivery = self.make()
            phase = self.phase
            status, body = delivery.send(client)
            with self.lock:
                self.answers[delivery.order_id].append((phase, status, body))
                self.count[(phase, status)] += 1
        client.close()

    def ok(self, phase=None):
        with self.lock:
            return sum(n for (p, s), n in self.count.items() if s == 200 and (phase is None or p == phase))

    def not_ok(self, phase):
        with self.lock:
            return sum(n for (p, s), n in self.count.items() if s != 200 and p == phase)


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    loyaltyd, loyaltyctl, source, work = sys.argv[1:]
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    seed = int(os.environ.get("LOYALTY_TEST_SEED") or random.SystemRandom().randrange(1 << 31))
    h.log(f"seed {seed}")
    started = time.monotonic()
    failures = []

    def check(ok, text):
        if not ok:
            failures.append(text)
            h.log("FAIL:", text)

    cluster = Cluster(source, os.path.join(work, "pg"))
    storage = cluster.start_new()
    h.log(f"own cluster {cluster.cluster} on port {cluster.port}")
    daemon = None
    try:
        daemon = h.Daemon(loyaltyd, work, "fault", storage).start()
        load = Load(daemon, random.Random(seed))
        threads = [threading.Thread(target=load.worker) for _ in range(LOAD_THREADS)]
        for t in threads:
            t.start()
        try:
            h.poll(lambda: load.ok() >= 60, 30, "60 deliveries acknowledged before the fault")

            load.phase = "stopping"
            t_stop = time.monotonic()
            cluster.stop()
            load.phase = "down"
            h.log(f"cluster stopped in {time.monotonic() - t_stop:.2f} s after {load.ok()} acknowledged deliveries")
            health = h.poll(lambda: (lambda r: r if r[0] == 503 else None)(daemon.healthz()), 15,
                            "/healthz 503 while the database is down")
            h.log(f"/healthz while down: {health[0]} {health[1]}")
            check("unavailable" in health[1], f"/healthz body while down: {health[1]}")
            # The load goes on: keep the database down until as many deliveries as there are threads,
            # each sent after the stop, were refused (each call gives up after the store's retry
            # budget, about 3 s). Bounded.
            h.poll(lambda: load.not_ok("down") >= LOAD_THREADS, 30, "deliveries refused while the database is down")
            h.log(f"database down for {time.monotonic() - t_stop:.1f} s")
            check(daemon.proc.poll() is None, "loyaltyd exited while the database was down")

            load.phase = "restarting"
            cluster.restart()
            load.phase = "restarted"
            t_up = time.monotonic()
            h.poll(lambda: daemon.healthz()[0] == 200, 30, "/healthz 200 after the database is back")
            h.log(f"/healthz 200 again {time.monotonic() - t_up:.2f} s after the restart")
            base = load.ok("restarted")
            h.poll(lambda: load.ok("restarted") >= base + 40, 30, "40 deliveries acknowledged after the restart")
        finally:
            load.stop.set()
            for t in threads:
                t.join()
        h.log("answers by phase and status: " + ", ".join(f"{p}/{s}: {n}" for (p, s), n in sorted(
            load.count.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1])))))
        for order_id, answers in sorted(load.answers.items()):
            for phase, status, body in answers:
                check(status in (200, 503, None),
                      f"order {order_id} in phase {phase}: {status} {body} (a 503 or a cut connection was expected)")

        # The platform retries what was not acknowledged.
        client = daemon.client()
        acknowledged = {o for o, answers in load.answers.items() if any(s == 200 for _, s, _ in answers)}
        retried = sorted(set(load.orders) - acknowledged)
        for order_id in retried:
            delivery = load.orders[order_id][0]
            bound = h.Bound(RESEND_SECONDS)
            while True:
                status, body = delivery.send(client)
                if status == 200 or bound.expired():
                    break
                time.sleep(0.05)  # a platform's retry backoff
            check(status == 200, f"resending order {order_id}: {status} {body}")
        h.log(f"{len(load.orders)} orders sent, {len(acknowledged)} acknowledged at once, {len(retried)} resent")

        # Every order exactly once in its member's ledger, with exactly its points.
        expected_balance = Counter()
        for order_id, (_, customer, points) in load.orders.items():
            expected_balance[customer] += points
        for customer, phone in CUSTOMERS.items():
            status, member = client.admin("GET", f"/api/v1/shops/{h.SHOP}/members?platform=haravan&customer_id={customer}")
            if status != 200:
                check(expected_balance[customer] == 0, f"customer {customer}: {status} {member}")
                continue
            entries = h.all_transactions(client, member["member_id"])
            by_order = defaultdict(list)
            for e in entries:
                if e["ref"]["type"] == "order":
                    by_order[int(e["ref"]["id"].split(":")[1])].append(e)
                else:
                    check(False, f"customer {customer}: unexpected entry {e}")
            mine = {o for o, (_, c, _) in load.orders.items() if c == customer}
            for order_id in sorted(mine | set(by_order)):
                got = by_order.get(order_id, [])
                points = load.orders[order_id][2] if order_id in load.orders else None
                where = "acknowledged" if order_id in acknowledged else "resent"
                if order_id not in mine:
                    check(False, f"customer {customer}: entries for order {order_id} that is not theirs: {got}")
                elif len(got) != 1 or got[0]["points"] != points or got[0]["kind"] != "earn":
                    check(False, f"customer {customer}: order {order_id} ({where}, answers "
                                 f"{[(p, s) for p, s, _ in load.answers[order_id]]}) should be one earn of {points} "
                                 f"points, the ledger has {[(e['kind'], e['points'], e['entry_id']) for e in got]}")
            available = member["points"]["available"]
            check(available == expected_balance[customer] == sum(e["available_delta"] for e in entries),
                  f"customer {customer}: available {available}, entries sum to "
                  f"{sum(e['available_delta'] for e in entries)}, orders earn {expected_balance[customer]}")
        client.close()

        code, result = h.maintenance(loyaltyctl, storage)
        check(code == 0 and isinstance(result, dict) and result.get("ledger_consistent") is True,
              f"loyaltyctl maintenance: exit {code}: {result}")
        code = daemon.stop()
        check(code == 0, f"loyaltyd exited {code} on SIGTERM:\n{daemon.log_tail()}")
        errors = daemon.log_lines_with_status(500)
        check(not errors, "loyaltyd answered 500:\n" + "\n".join(errors[:10]))
    except Exception:
        if daemon:
            h.log(f"--- loyaltyd log tail ---\n{daemon.log_tail()}")
        raise
    finally:
        if daemon:
            daemon.kill()
        cluster.remove()

    h.log(f"{time.monotonic() - started:.1f} s, seed {seed}")
    if failures:
        h.log(f"{len(failures)} failures (seed {seed}; log in {work})")
        return 1
    h.log("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
