"""Shared by the process-level loyaltyd tests on PostgreSQL (standard library only).

- the test server's URI (LOYALTY_TEST_STORAGE=@FILE, written by tools/test-postgres.sh), and a fresh
  database on it for each test, so tests running in parallel on the same server never meet;
- loyaltyd started on a config file, on plain HTTP on loopback, with its port read from its log and
  readiness polled on /healthz (bounded, never a fixed sleep);
- signed Haravan order deliveries.

A test that cannot find what it needs to run (no server, no psql) exits 77, which CTest reports as
skipped: it never passes without having run.
"""
import base64
import glob
import hashlib
import hmac
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import uuid

SKIP = 77
ADMIN_TOKEN = "pg-process-test-admin-token"
HARAVAN_SECRET = "pg-process-test-haravan-secret"
SHOP = "multi"
SPEND_PER_POINT = 10000

SHOP_DOC = {
    "shop_id": SHOP,
    "timezone": "Asia/Ho_Chi_Minh",
    "earn": {"spend_per_point": SPEND_PER_POINT},
    "connections": [{"platform": "haravan", "secret": HARAVAN_SECRET, "verify_token": "pg-process-verify"}],
}


def log(*args):
    print(*args, flush=True)


def skip(why):
    log("SKIPPED:", why)
    sys.exit(SKIP)


class Bound:
    """A deadline for one bounded wait."""

    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self):
        return self.end - time.monotonic()

    def expired(self):
        return self.left() <= 0


def poll(condition, seconds, what, interval=0.02):
    """Calls condition() until it returns something true, for at most `seconds`."""
    bound = Bound(seconds)
    while True:
        value = condition()
        if value:
            return value
        if bound.expired():
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(interval)


# --- the PostgreSQL server -------------------------------------------------------------------------


def pg_bindir():
    """The server's bin directory, as tools/test-postgres.sh chooses it."""
    if os.environ.get("LOYALTY_PG_BINDIR"):
        candidates = [os.environ["LOYALTY_PG_BINDIR"]]
    else:
        def version(path):
            return [int(p) if p.isdigit() else 0 for p in re.split(r"[./]", path)]
        candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)
    for c in candidates:
        if os.access(os.path.join(c, "initdb"), os.X_OK) and os.access(os.path.join(c, "pg_ctl"), os.X_OK):
            return c
    return None


def psql_path():
    bindir = pg_bindir()
    if bindir and os.access(os.path.join(bindir, "psql"), os.X_OK):
        return os.path.join(bindir, "psql")
    return shutil.which("psql")


def test_server_url():
    """The fixture's server URI, or SKIP when the fixture did not start one."""
    spec = os.environ.get("LOYALTY_TEST_STORAGE", "")
    if not spec:
        skip("LOYALTY_TEST_STORAGE is not set (run through CTest with the postgresql fixture)")
    if spec.startswith("@"):
        try:
            with open(spec[1:]) as f:
                spec = f.read().strip()
        except FileNotFoundError:
            skip(f"no PostgreSQL test server ({spec[1:]} is missing)")
    if not spec.startswith("postgres"):
        skip(f"LOYALTY_TEST_STORAGE is not a PostgreSQL URI: {spec}")
    return spec


def psql(url, sql):
    exe = psql_path()
    if not exe:
        skip("psql not found: cannot create a database for the test")
    out = subprocess.run([exe, "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                         capture_output=True, text=True, timeout=60)
    if out.returncode != 0:
        raise AssertionError(f"psql {sql!r} failed ({out.returncode}): {out.stderr.strip()}")
    return out.stdout.strip()


def with_database(url, name):
    """The same server URI naming another database (query string kept)."""
    m = re.match(r"^(postgres(?:ql)?://[^/?]*)(/[^?]*)?(\?.*)?$", url)
    if not m:
        raise AssertionError(f"cannot read the database out of {url}")
    return m.group(1) + "/" + name + (m.group(3) or "")


def fresh_database(url, prefix):
    """Creates a new, empty database on the server and returns its URI."""
    name = f"{prefix}_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    psql(url, f'CREATE DATABASE "{name}"')
    return name, with_database(url, name)


def drop_database(url, name):
    try:
        psql(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except Exception as e:  # tidiness only: the fixture deletes the whole cluster anyway
        log(f"note: could not drop database {name}: {e}")


# --- loyaltyd --------------------------------------------------------------------------------------


class Daemon:
    """One loyaltyd process on a config file, on plain HTTP on 127.0.0.1."""

    def __init__(self, exe, work, name, storage, pool_size=8, engine_threads=16):
        self.exe, self.name = exe, name
        self.config_path = os.path.join(work, f"{name}.json")
        self.log_path = os.path.join(work, f"{name}.log")
        config = {
            "storage": storage,
            "shops": [SHOP_DOC],
            "postgresql": {"pool_size": pool_size, "connect_timeout_s": 2},
            "listen": {"address": "127.0.0.1", "port": 0},
            "insecure_http": True,
            "admin_token": ADMIN_TOKEN,
            "threads": {"io": 2, "engine": engine_threads},
            "maintenance_interval_s": 86400,
            "access_log": True,
        }
        with open(self.config_path, "w") as f:
            json.dump(config, f)
        self.proc = None
        self.port = None

    def start(self, ready_seconds=30):
        self.logf = open(self.log_path, "ab")
        self.proc = subprocess.Popen([self.exe, "--config", self.config_path], stdout=subprocess.DEVNULL,
                                     stderr=self.logf)

        def port_line():
            if self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited with {self.proc.returncode} while starting:\n"
                                     + self.log_tail())
            with open(self.log_path, "rb") as f:
                m = re.search(rb'"port":(\d+)', f.read())
            return int(m.group(1)) if m else None

        self.port = poll(port_line, ready_seconds, f"{self.name} to log its port")
        poll(lambda: self.healthz()[0] == 200, ready_seconds, f"{self.name} /healthz 200")
        return self

    def healthz(self):
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            c.request("GET", "/healthz")
            r = c.getresponse()
            body = r.read()
            c.close()
            return r.status, body.decode("utf-8", "replace")
        except OSError as e:
            return None, str(e)

    def stop(self, seconds=30):
        """SIGTERM, then the exit code (0 expected)."""
        if not self.proc or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            code = self.proc.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = "killed after not stopping within %d s" % seconds
        self.logf.close()
        return code

    def kill(self):
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return ""

    def log_lines_with_status(self, status):
        """Access-log lines of responses with this HTTP status."""
        out = []
        with open(self.log_path, "rb") as f:
            for raw in f:
                line = raw.decode("utf-8", "replace")
                if f'"status":{status},' in line:
                    out.append(line.rstrip())
        return out

    def client(self, timeout=60):
        return Client(self.port, timeout)


class Client:
    """A keep-alive HTTP/1.1 connection to one daemon, reopened after a failure. One per thread."""

    def __init__(self, port, timeout=60):
        self.port, self.timeout, self.conn = port, timeout, None

    def request(self, method, path, body=None, headers=None):
        """(status, parsed or raw body); status None and the error text when the exchange failed."""
        failed = self.begin(method, path, body, headers)
        return failed if failed else self.finish()

    def begin(self, method, path, body=None, headers=None):
        """Sends a request without reading the answer (finish() reads it), so that requests to two
        daemons can be in flight at once. Returns the failure, or None."""
        headers = dict(headers or {})
        if body is not None and not isinstance(body, bytes):
            body = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        try:
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            self.conn.request(method, path, body=body, headers=headers)
        except (OSError, http.client.HTTPException) as e:
            self.close()
            return None, f"{type(e).__name__}: {e}"
        return None

    def finish(self):
        try:
            r = self.conn.getresponse()
            raw = r.read()
            if r.getheader("Connection", "").lower() == "close":
                self.close()
        except (OSError, http.client.HTTPException) as e:
            self.close()
            return None, f"{type(e).__name__}: {e}"
        try:
            return r.status, json.loads(raw)
        except ValueError:
            return r.status, raw.decode("utf-8", "replace")

    def admin(self, method, path, body=None):
        return self.request(method, path, body, {"Authorization": "Bearer " + ADMIN_TOKEN})

    def close(self):
        if self.conn is not None:
            self.conn.close()
            self.conn = None


# --- Haravan deliveries ----------------------------------------------------------------------------


def sign(body):
    return base64.b64encode(hmac.new(HARAVAN_SECRET.encode(), body, hashlib.sha256).digest()).decode()


def iso(seconds, micros=0):
    t = time.gmtime(seconds)
    return time.strftime("%Y-%m-%dT%H:%M:%S", t) + f".{micros:06d}Z"


class Delivery:
    """One signed Haravan webhook: raw body bytes and headers, as the platform would send them."""

    def __init__(self, label, topic, order):
        self.label = label
        self.topic = topic
        self.order_id = order["id"]
        self.body = json.dumps(order, ensure_ascii=False, separators=(", ", ": ")).encode("utf-8")
        self.headers = {"X-Haravan-Topic": topic, "X-Haravan-Hmacsha256": sign(self.body),
                        "X-Haravan-Org-Id": "200000", "Content-Type": "application/json"}

    def send(self, client):
        return client.request("POST", f"/webhooks/haravan/{SHOP}", self.body, self.headers)

    def begin(self, client):
        return client.begin("POST", f"/webhooks/haravan/{SHOP}", self.body, self.headers)


def haravan_order(order_id, amount, customer_id, phone, created, updated, status="paid", refunded=0,
                  cancelled_at=None):
    """A Haravan order in the shape of tests/fixtures/haravan (only the fields the mapping reads and
    a few it ignores). `updated` is (unix seconds, microseconds): it is the version."""
    refunds = []
    if refunded:
        refunds = [{"id": order_id * 10 + 1, "order_id": order_id, "created_at": iso(*updated), "note": "hoàn tiền",
                    "refund_line_items": [],
                    "transactions": [{"id": order_id * 10 + 2, "kind": "refund", "amount": -refunded,
                                      "status": "success", "gateway": "COD"}]}]
    return {
        "id": order_id,
        "name": f"#{order_id}",
        "currency": "VND",
        "created_at": iso(created),
        "updated_at": iso(*updated),
        "financial_status": status,
        "cancelled_at": iso(cancelled_at) if cancelled_at else None,
        "cancelled_status": "cancelled" if cancelled_at else "uncancelled",
        "subtotal_price": f"{amount}.0000",
        "total_price": f"{amount + 30000}.0000",
        "total_tax": "0.0000",
        "taxes_included": True,
        "shipping_lines": [{"title": "Giao hàng tiêu chuẩn", "price": "30000.0000"}],
        "line_items": [{"id": order_id * 10, "sku": "SKU-1", "title": "Áo dài", "quantity": 1,
                        "price": f"{amount}.0000", "total_discount": "0.0000"}],
        "refunds": refunds,
        "customer": {"id": customer_id, "phone": phone, "first_name": "Khách", "last_name": f"Số {customer_id}"},
    }


def order_points(status, amount, refunded=0):
    """What an order holds in its final state under SHOP_DOC (README: ledger rules)."""
    full = amount // SPEND_PER_POINT
    if status == "paid":
        return full
    if status == "partially_refunded":
        return full * (amount - refunded) // amount
    return 0  # pending, refunded, cancelled


# --- reading the ledger back -----------------------------------------------------------------------


def all_transactions(client, member_id):
    """Every entry of a member, newest first, through the paged admin API."""
    out, before = [], None
    while True:
        path = f"/api/v1/shops/{SHOP}/members/{member_id}/transactions?limit=500"
        if before is not None:
            path += f"&before={before}"
        status, page = client.admin("GET", path)
        if status != 200:
            raise AssertionError(f"transactions of {member_id}: {status} {page}")
        out.extend(page["transactions"])
        before = page.get("next_before")
        if before is None:
            return out


def maintenance(loyaltyctl, storage):
    """loyaltyctl maintenance on the store: (exit code, parsed result or the output)."""
    out = subprocess.run([loyaltyctl, "--storage", storage, "maintenance"], capture_output=True, text=True,
                         timeout=120)
    try:
        return out.returncode, json.loads(out.stdout)
    except ValueError:
        return out.returncode, (out.stdout + out.stderr).strip()
