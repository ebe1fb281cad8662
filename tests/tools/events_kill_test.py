#!/usr/bin/env python3
"""Events out, end to end, with loyaltyd killed with SIGKILL in the middle of a burst.

A fake endpoint (its own process, TLS with a test CA) fails its first requests in turns (500, a
stall past the delivery timeout, a cut connection, 429). loyaltyd on SQLite holds a shop whose
endpoint wants points.earned. EVENTS signed Haravan orders from 40 customers arrive over HTTP; half
way, once some events are out, loyaltyd is killed with SIGKILL and started again on the same
database, and the other half arrives. Then, within a bound:

- every event the ledger recorded reaches the endpoint, with a valid signature;
- each event id answered 2xx more than once only if its answer may have been lost in the kill
  (at most the deliveries in flight then: workers x batch);
- each member's events were first received in the order they were recorded;
- the admin API shows no pending or failed delivery, and /metrics agrees.

Prints events delivered per second after the restart. Usage:
events_kill_test.py LOYALTYD FAKE_ENDPOINT WORK_DIR [EVENTS]
"""
import json
import os
import shutil
import ssl
import subprocess
import sys
import time
import http.client

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pg_harness as h  # noqa: E402

SECRET = "events-kill-endpoint-secret-0123"
CUSTOMERS = 40
WORKERS, BATCH = 2, 16  # loyaltyd's notifier: deliveries in flight at most


def main():
    loyaltyd, fake_exe, work = sys.argv[1], sys.argv[2], sys.argv[3]
    events = int(sys.argv[4]) if len(sys.argv) > 4 else 2000
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    fake = subprocess.Popen([fake_exe, SECRET, "25"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(fake.stdout.readline())
        tls = ssl.create_default_context(cafile=info["ca_file"])
        shop = dict(h.SHOP_DOC)
        shop["notifications"] = {"endpoints": [{"url": f"https://localhost:{info['port']}/hooks/loyalty",
                                                "secret": SECRET, "events": ["points.earned"]}]}
        d = h.Daemon(loyaltyd, work, "loyaltyd", "sqlite:" + os.path.join(work, "loyalty.db"))
        with open(d.config_path, "w") as f:
            json.dump({"storage": "sqlite:" + os.path.join(work, "loyalty.db"), "shops": [shop],
                       "listen": {"address": "127.0.0.1", "port": 0}, "insecure_http": True,
                       "admin_token": h.ADMIN_TOKEN, "maintenance_interval_s": 86400, "access_log": False,
                       "notifications": {"ca_file": info["ca_file"], "workers": WORKERS, "timeout_ms": 500}}, f)
        d.start()
        orders = [h.Delivery(f"o{i}", "orders/paid",
                             h.haravan_order(700000 + i, 100000 + i * 10, 9000 + i % CUSTOMERS,
                                             f"09{(10000000 + i % CUSTOMERS):08d}", 1760000000 + i, (1760000000 + i, 0)))
                  for i in range(events)]
        send(d, orders[: events // 2])
        h.poll(lambda: len(received(info["control_port"], tls)) >= events // 8, 120, "the first events to reach the endpoint")
        d.kill()
        before = len(received(info["control_port"], tls))
        h.log(f"killed loyaltyd with {before} requests received by the endpoint")
        os.replace(d.log_path, d.log_path + ".killed")  # the harness reads the port from a fresh log
        d.start()
        restarted = time.monotonic()
        send(d, orders[events // 2:])

        def drained():
            status, page = d.client().admin("GET", f"/api/v1/shops/{h.SHOP}/events?limit=1")
            assert status == 200, (status, page)
            b = page["backlog"]
            return b["pending"] == 0 and b["failed"] == 0 and b["delivered"] >= events

        h.poll(drained, 240, "every delivery to be done", interval=0.2)
        elapsed = time.monotonic() - restarted
        check(d, received(info["control_port"], tls), events)
        h.log(f"{events} events delivered; after the restart {events - before} or more in {elapsed:.1f} s "
              f"({(events - before) / elapsed:.0f} events/s, the endpoint failing in turns at first)")
        code = d.stop()
        assert code == 0, f"loyaltyd exited with {code}"
        h.log("ok")
    finally:
        fake.stdin.close()
        fake.wait(timeout=30)


def send(d, orders):
    c = d.client()
    for o in orders:
        status, body = o.send(c)
        assert status == 200, (o.label, status, body)


def received(port, tls):
    c = http.client.HTTPSConnection("localhost", port, context=tls, timeout=30)
    c.request("GET", "/test/received")
    r = c.getresponse()
    raw = r.read()
    c.close()
    assert r.status == 200, (r.status, raw)
    return json.loads(raw)


def check(d, requests, events):
    ids = []
    page_after = None
    recorded = {}
    while True:
        path = f"/api/v1/shops/{h.SHOP}/events?limit=500" + (f"&after={page_after}" if page_after else "")
        status, page = d.client().admin("GET", path)
        assert status == 200, (status, page)
        for delivery in page["deliveries"]:
            recorded[delivery["event_id"]] = delivery["member_id"]
            ids.append(delivery["event_id"])
        page_after = page["next_after"]
        if page_after is None:
            break
    assert len(recorded) == events, f"{len(recorded)} events recorded for {events} orders"
    assert all(r["signature_ok"] for r in requests), "a request carried a wrong signature"
    got_ok = {}
    first_order = []
    for r in requests:
        if r["id"] not in got_ok:
            first_order.append(r["id"])
            got_ok[r["id"]] = 0
        if r["answered_ok"]:
            got_ok[r["id"]] += 1
    missing = set(recorded) - set(got_ok)
    assert not missing, f"{len(missing)} events never reached the endpoint, e.g. {sorted(missing)[:5]}"
    assert all(n >= 1 for n in got_ok.values()), "an event was never answered 2xx"
    repeats = sum(1 for n in got_ok.values() if n > 1)
    assert repeats <= WORKERS * BATCH, f"{repeats} events delivered more than once (at most {WORKERS * BATCH} in flight)"
    last = {}
    for event_id in first_order:
        member = recorded[event_id]
        assert event_id > last.get(member, 0), f"member {member}'s event {event_id} came before an earlier one"
        last[member] = event_id
    status, metrics = d.client().request("GET", "/metrics")
    text = metrics if isinstance(metrics, str) else json.dumps(metrics)
    assert 'loyalty_events{status="pending"} 0' in text, text[-800:]
    h.log(f"{len(requests)} requests for {events} events; {repeats} delivered twice around the kill")


if __name__ == "__main__":
    main()
