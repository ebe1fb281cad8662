#!/usr/bin/env python3
"""loyaltyd's Haravan app end to end, killed with SIGKILL in the middle of a backfill.

A fake Haravan (its own process, TLS with a test CA) holds ORDERS paid orders. The test plays the
shop owner's browser: GET /apps/haravan/install, sign in at the fake accounts server, POST the form
back to /apps/haravan/callback with the install cookie. loyaltyd subscribes the webhooks and starts
the backfill. Once part of it is in, loyaltyd is killed with SIGKILL and started again on the same
database: the backfill resumes at its page and every order is credited exactly once (the ledger
holds exactly ORDERS entries, the sync status counts ORDERS). Then an order whose webhook never came
is added to the fake and a reconciliation recovers it. Prints the backfill's orders per second.

Finally loyaltyctl, another process on the same database, starts a second backfill on a terminal and
follows loyaltyd's progress with its bar until the link is live again; nothing is credited twice.

Usage: apps_backfill_kill_test.py LOYALTYD LOYALTYCTL FAKE_HARAVAN WORK_DIR [ORDERS]
"""
import http.client
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import time
import urllib.parse

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pg_harness import log, poll  # noqa: E402

ADMIN_TOKEN = "apps-kill-test-admin-token-0123"
CLIENT_ID, CLIENT_SECRET = "hrv-app-client", "hrv-app-client-secret"
SHOP = "haravan-200000"


def main():
    loyaltyd, loyaltyctl, fake_exe, work = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    orders = int(sys.argv[5]) if len(sys.argv) > 5 else 5000
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)

    fake = subprocess.Popen([fake_exe, str(orders), str(max(1, orders // 10))], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)
    try:
        info = json.loads(fake.stdout.readline())
        base = f"https://localhost:{info['port']}"
        tls = ssl.create_default_context(cafile=info["ca_file"])

        key = os.path.join(work, "token.key")
        with open(key, "wb") as f:
            f.write(os.urandom(32))
        os.chmod(key, 0o600)
        config = {
            "storage": "sqlite:" + os.path.join(work, "loyalty.db"),
            "listen": {"address": "127.0.0.1", "port": 0},
            "insecure_http": True,
            "admin_token": ADMIN_TOKEN,
            "maintenance_interval_s": 86400,
            "access_log": False,
            "apps": {"public_url": "http://127.0.0.1", "ca_file": info["ca_file"], "token_key_file": key,
                     "haravan": {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
                                 "accounts_url": base, "api_url": base, "webhook_url": base}},
        }
        config_path = os.path.join(work, "loyaltyd.json")
        with open(config_path, "w") as f:
            json.dump(config, f)

        d = Loyaltyd(loyaltyd, config_path, os.path.join(work, "loyaltyd.log"))
        d.start()
        started = time.monotonic()
        install(d, base, tls)

        def done():
            return sync(d)["orders"]["done"]

        poll(lambda: done() >= orders // 4, 120, "a quarter of the backfill")
        before_kill = done()
        d.kill()
        log(f"killed loyaltyd with {before_kill} of {orders} orders in")
        assert before_kill < orders, "the backfill finished before it could be interrupted"

        d.start()
        poll(lambda: sync(d)["state"] == "live", 240, "the resumed backfill to finish")
        elapsed = time.monotonic() - started
        status = sync(d)
        assert status["orders"]["done"] == orders, status
        assert status["last_error"] is None, status
        assert entries(d) == orders, f"{entries(d)} ledger entries for {orders} orders"
        log(f"backfill: {orders} orders in {elapsed:.1f} s including a kill and restart "
            f"({orders / elapsed:.0f} orders/s; Haravan's bucket allows 4 calls/s = 200 orders/s)")

        # An order whose webhook never came is recovered by the next reconciliation.
        missed = {"id": 999001, "name": "#999001", "financial_status": "paid", "cancelled_at": None,
                  "created_at": iso_now(), "updated_at": iso_now(), "currency": "VND",
                  "subtotal_price": "500000.0000", "total_discounts": "0.0000", "total_price": "500000.0000",
                  "total_tax": "0.0000", "taxes_included": True, "shipping_lines": [], "line_items": [],
                  "customer": {"id": 799999, "phone": "0939999999"}}
        fake_call(base, tls, "POST", "/test/orders", json.dumps(missed))
        assert admin(d, "POST", f"/api/v1/shops/{SHOP}/sync", {"platform": "haravan", "mode": "reconcile"})[0] == 200
        poll(lambda: entries(d) == orders + 1, 60, "the reconciliation to recover the missed order")
        assert sync(d)["orders"]["done"] == orders  # a reconciliation is not a backfill: counts stay

        # loyaltyctl on a terminal: a second backfill, followed with a progress bar to the end.
        out = on_terminal([loyaltyctl, "--db", os.path.join(work, "loyalty.db"), "sync", "start", SHOP, "haravan"], 240)
        assert "orders" in out and "live" in out, out[-2000:]
        assert entries(d) == orders + 1, f"{entries(d)} ledger entries after a second backfill"
        assert sync(d)["orders"]["done"] == orders + 1, sync(d)
        status, _, metrics = d.request("GET", "/metrics")
        assert status == 200
        for line in ('loyalty_app_links{state="live"} 1', f"loyalty_app_orders_backfilled {orders + 1}",
                     'loyalty_app_writes{status="failed"} 0'):
            assert line.encode() in metrics, (line, metrics[-1500:])

        code = d.stop()
        assert code == 0, f"loyaltyd exited with {code}"
        log("ok")
    finally:
        fake.stdin.close()
        fake.wait(timeout=30)


class Loyaltyd:
    def __init__(self, exe, config, log_path):
        self.exe, self.config, self.log_path, self.proc, self.port = exe, config, log_path, None, None

    def start(self):
        self.logf = open(self.log_path, "ab")
        offset = os.path.getsize(self.log_path)
        self.proc = subprocess.Popen([self.exe, "--config", self.config], stdout=subprocess.DEVNULL, stderr=self.logf)

        def port():
            if self.proc.poll() is not None:
                raise AssertionError(f"loyaltyd exited with {self.proc.returncode}: {self.tail()}")
            with open(self.log_path, "rb") as f:
                f.seek(offset)
                m = re.search(rb'"port":(\d+)', f.read())
            return int(m.group(1)) if m else None

        self.port = poll(port, 30, "loyaltyd to log its port")

    def kill(self):
        self.proc.kill()
        self.proc.wait()
        self.logf.close()

    def stop(self):
        self.proc.terminate()
        code = self.proc.wait(timeout=60)
        self.logf.close()
        return code

    def tail(self):
        with open(self.log_path, "rb") as f:
            return f.read()[-3000:].decode("utf-8", "replace")

    def request(self, method, path, body=None, headers=None):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        c.request(method, path, body=body, headers=headers or {})
        r = c.getresponse()
        raw = r.read()
        c.close()
        headers = {}
        for name, value in r.getheaders():  # several Set-Cookie lines are kept, one per line
            headers[name] = headers[name] + "\n" + value if name in headers else value
        return r.status, headers, raw


def admin(d, method, path, body=None):
    status, _, raw = d.request(method, path, json.dumps(body) if body is not None else None,
                               {"Authorization": "Bearer " + ADMIN_TOKEN, "Content-Type": "application/json"})
    return status, json.loads(raw) if raw else None


def sync(d):
    status, doc = admin(d, "GET", f"/api/v1/shops/{SHOP}/sync")
    assert status == 200, (status, doc)
    return doc["platforms"]["haravan"]


def entries(d):
    # /metrics reads the store's ledger size on every scrape.
    status, _, raw = d.request("GET", "/metrics")
    assert status == 200
    m = re.search(rb"^loyalty_ledger_entries (\d+)$", raw, re.M)
    return int(m.group(1)) if m else -1


def fake_call(base, tls, method, path, body=None):
    u = urllib.parse.urlparse(base)
    c = http.client.HTTPSConnection(u.hostname, u.port, context=tls, timeout=30)
    c.request(method, path, body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    raw = r.read()
    c.close()
    assert r.status == 200, (method, path, r.status, raw)
    return json.loads(raw)


def install(d, base, tls):
    """The owner's browser: start, sign in at the fake accounts server, post the form back."""
    status, headers, _ = d.request("GET", "/apps/haravan/install")
    assert status == 303, (status, headers)
    location = headers["Location"]
    cookie = headers["Set-Cookie"].split(";")[0]
    q = dict(urllib.parse.parse_qsl(urllib.parse.urlparse(location).query))
    assert location.startswith(base + "/connect/authorize?"), location
    assert q["redirect_uri"] == "http://127.0.0.1/apps/haravan/callback", q
    signed_in = fake_call(base, tls, "GET", "/connect/authorize?" + urllib.parse.urlencode(
        {"nonce": q["nonce"], "state": q["state"]}))
    form = urllib.parse.urlencode({"code": signed_in["code"], "id_token": signed_in["id_token"],
                                   "state": signed_in["state"]})
    status, headers, body = d.request("POST", "/apps/haravan/callback", form,
                                      {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie})
    assert status == 303, (status, body[:500])
    assert headers["Location"] == f"http://127.0.0.1/apps/installed?shop={SHOP}&platform=haravan", headers
    # The owner lands signed in: the dashboard's session cookie came with the redirect, and the
    # page it leads to links to the dashboard.
    session = [c.split(";")[0] for c in headers["Set-Cookie"].split("\n") if c.startswith("loyalty_session=")]
    assert session, headers
    status, _, raw = d.request("GET", "/admin/api/session", headers={"Cookie": session[0]})
    assert status == 200, (status, raw)
    me = json.loads(raw)
    assert (me["username"], me["role"], me["shop_id"]) == (f"haravan-{SHOP}", "owner", SHOP), me
    status, _, page = d.request("GET", f"/apps/installed?shop={SHOP}&platform=haravan")
    assert status == 200 and b'href="/admin/#/connections"' in page, page[:500]


def on_terminal(argv, seconds):
    """Runs argv on a pseudo-terminal (as a person would) and returns what it wrote; it must exit 0."""
    import pty
    import select
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(argv[0], argv)
    out, deadline = b"", time.monotonic() + seconds
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
    else:
        os.kill(pid, 9)
        raise AssertionError("loyaltyctl did not finish: " + out.decode("utf-8", "replace")[-2000:])
    _, status = os.waitpid(pid, 0)
    text = out.decode("utf-8", "replace")
    assert os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0, (status, text[-2000:])
    return text


def iso_now():
    return time.strftime("%Y-%m-%dT%H:%M:%S.000Z", time.gmtime())


if __name__ == "__main__":
    main()
