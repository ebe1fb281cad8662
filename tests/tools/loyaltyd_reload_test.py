#!/usr/bin/env python3
"""loyaltyd renews its TLS certificate on SIGHUP, as an operator does after certbot runs.

A keep-alive connection opened before the signal still answers, with the certificate it started with; a new
connection presents the new certificate (compared by SHA-256 fingerprint). A key file that cannot be used,
or a certificate whose key is another's, leaves the certificate in use and is logged as an error. SIGHUP
also applies changed limits and stores new seed shops, names what waits for a restart, and leaves all in
use when the file is broken. loyaltyd keeps running throughout and exits 0 on SIGTERM.

Usage: loyaltyd_reload_test.py LOYALTYD WORK_DIR
"""
import hashlib
import http.client
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import sys
import time

daemon, work = sys.argv[1], sys.argv[2]
shutil.rmtree(work, ignore_errors=True)
os.makedirs(work)
failures = []
passed = 0


def check(what, ok):
    global passed
    if ok:
        passed += 1
    else:
        failures.append(what)
        print("FAIL:", what, file=sys.stderr)


def poll(condition, seconds, what):
    """condition() until it is truthy, for at most `seconds`; its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            if not value:
                print(f"gave up waiting for {what}", file=sys.stderr)
            return value
        time.sleep(0.02)


def make_certificate(name):
    """A self-signed localhost certificate and its key; the certificate's SHA-256 fingerprint."""
    cert, key = os.path.join(work, name + ".pem"), os.path.join(work, name + ".key")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                    "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    with open(cert) as f:
        return hashlib.sha256(ssl.PEM_cert_to_DER_cert(f.read())).hexdigest()


def put(source, target):
    """Replaces a file whole, as a renewal does (a rename, never a half-written file)."""
    shutil.copyfile(os.path.join(work, source), os.path.join(work, target + ".new"))
    os.replace(os.path.join(work, target + ".new"), os.path.join(work, target))


def client_context():
    # The certificate changes under the test on purpose: it is identified by fingerprint, not trusted.
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def presented(conn):
    if conn.sock is None:
        return None
    return hashlib.sha256(conn.sock.getpeercert(binary_form=True)).hexdigest()


def get(conn, path="/healthz"):
    """(status, body), or (None, the error) when the connection fails: a failed check, not a crash."""
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    except (OSError, http.client.HTTPException) as e:
        return None, e


def fresh(method, path, body=None, headers=None):
    """The status of one request on a new connection, or None when it fails."""
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=client_context(), timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        return conn.getresponse().status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()


def new_connection_presents():
    conn = http.client.HTTPSConnection("127.0.0.1", port, context=client_context(), timeout=10)
    try:
        status, _ = get(conn)
        return presented(conn) if status == 200 else None
    finally:
        conn.close()


def log_lines():
    with open(log_path, encoding="utf-8") as f:
        return f.read().splitlines()


def lines_with(text):
    return [line for line in log_lines() if text in line]


first, second, third = make_certificate("first"), make_certificate("second"), make_certificate("third")
put("first.pem", "cert.pem")
put("first.key", "key.pem")
# Relative paths: loyaltyd reads them from the configuration's folder, now and on every reload.
config = os.path.join(work, "config.json")
started = {"storage": "sqlite:loyalty.db", "admin_token": "loyaltyd-reload-admin-token",
           "listen": {"address": "127.0.0.1", "port": 0, "tls": {"cert": "cert.pem", "key": "key.pem"}}}


def write_config(document):
    with open(config + ".new", "w") as f:
        json.dump(document, f)
    os.replace(config + ".new", config)


write_config(started)
log_path = os.path.join(work, "log")
log = open(log_path, "wb")
proc = subprocess.Popen([daemon, "--config", config], stderr=log)
try:
    def port_line():
        for line in log_lines():
            m = re.search(r'"port":(\d+)', line)
            if m:
                return int(m.group(1))
        return None if proc.poll() is None else -1
    port = poll(port_line, 20, "loyaltyd to log its port")
    if not port or port < 0:
        sys.exit("loyaltyd did not start: " + open(log_path).read())

    kept = http.client.HTTPSConnection("127.0.0.1", port, context=client_context(), timeout=10)
    check("a keep-alive connection is served", get(kept)[0] == 200)
    kept_address = kept.sock.getsockname()
    check("it presents the first certificate", presented(kept) == first)
    check("so does a new connection", new_connection_presents() == first)

    # The renewal: a new certificate and key in place, then SIGHUP.
    put("second.pem", "cert.pem")
    put("second.key", "key.pem")
    proc.send_signal(signal.SIGHUP)
    check("the reload is logged", poll(lambda: lines_with("reloaded the TLS certificate"), 10, "the reload line"))
    check("loyaltyd keeps running after SIGHUP", proc.poll() is None)
    check("the open connection still answers", get(kept)[0] == 200)
    check("on the same connection", kept.sock is not None and kept.sock.getsockname() == kept_address)
    check("which keeps the certificate it started with", presented(kept) == first)
    check("a new connection presents the new certificate", new_connection_presents() == second)

    # A key file that is not a key: the certificate in use stays, and the log says so.
    with open(os.path.join(work, "key.pem"), "w") as f:
        f.write("not a key\n")
    put("third.pem", "cert.pem")
    proc.send_signal(signal.SIGHUP)
    refused = poll(lambda: [l for l in lines_with('"level":"error"') if "key.pem" in l], 10, "the error line")
    check("a broken key file is logged as an error naming it", refused)
    check("loyaltyd keeps running", proc.poll() is None)
    check("new connections still get the second certificate", new_connection_presents() == second)

    # A certificate with another's key: refused too, rather than failing in every client's handshake.
    put("second.key", "key.pem")
    proc.send_signal(signal.SIGHUP)
    check("a key that does not belong to the certificate is logged as an error naming it",
          poll(lambda: len([l for l in lines_with('"level":"error"') if "key.pem" in l]) == 2, 10, "the second error"))
    check("new connections still get the second certificate after it", new_connection_presents() == second)
    check("the first connection answers throughout", get(kept)[0] == 200 and presented(kept) == first)
    check("one reload succeeded, two were refused",
          len(lines_with("SIGHUP: reloaded")) == 1 and len(lines_with('"level":"error"')) == 2)
    kept.close()

    # Limits and seeds: a lower body limit, a new shop to seed, and a thread count that needs a restart.
    put("second.pem", "cert.pem")
    put("second.key", "key.pem")
    admin = {"Authorization": "Bearer loyaltyd-reload-admin-token"}
    big = b"x" * 4096
    check("before: a 4 KiB body is within the limit", fresh("POST", "/healthz", big) not in (None, 413))
    check("before: the seed shop is not stored", fresh("GET", "/api/v1/shops/reloaded", headers=admin) == 404)
    started["limits"] = {"body_bytes": 1024}
    started["shops"] = [{"shop_id": "reloaded", "timezone": "Asia/Ho_Chi_Minh", "earn": {"spend_per_point": 10000}}]
    started["threads"] = {"io": 1}
    write_config(started)
    proc.send_signal(signal.SIGHUP)
    check("the second reload is logged",
          poll(lambda: len(lines_with("SIGHUP: reloaded")) == 2, 10, "the second reload line"))
    check("a 4 KiB body is now over the limit", fresh("POST", "/healthz", big) == 413)
    check("a small one is not", fresh("POST", "/healthz", b"x" * 100) not in (None, 413))
    check("the seed shop is stored", fresh("GET", "/api/v1/shops/reloaded", headers=admin) == 200)
    check("what needs a restart is named as a warning",
          [l for l in lines_with('"level":"warning"') if "threads" in l and "next start" in l])

    # A file that is not JSON: nothing changes, and the error names where.
    with open(config, "w") as f:
        f.write('{"storage": "sqlite:loyalty.db",\n "limits": {"body_bytes": 99999999}\n')
    proc.send_signal(signal.SIGHUP)
    broken = poll(lambda: [l for l in lines_with("the configuration in use stays")
                           if re.search(r"config\.json:\d+:\d+", l)], 10, "the broken-file line")
    check("a broken file is logged as an error naming its line and column", broken)
    check("the limit in use stays", fresh("POST", "/healthz", big) == 413)
    check("loyaltyd keeps running after a broken file", proc.poll() is None)

    proc.send_signal(signal.SIGTERM)
    try:
        code = proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        code = None
    check(f"SIGTERM exits 0 (got {code})", code == 0)
    check("every line is JSON with ts and level",
          all(json.loads(l).get("ts") and json.loads(l).get("level") for l in log_lines()) and len(log_lines()) >= 6)
finally:
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    log.close()

print(f"{passed} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
