"""The embedded server: start on port 0, answer /healthz, stop, and stop when the engine closes."""
from __future__ import annotations

import gc
import json
import unittest
import urllib.error
import urllib.request

import loyalty

from .support import SHOP, SHOP_ID, haravan_delivery, haravan_order, memory_engine

SERVER = {"listen": {"address": "127.0.0.1", "port": 0}, "insecure_http": True,
          "admin_token": "test-admin-token-0123456789", "threads": {"io": 1, "engine": 2}, "access_log": False}


def get(port: int, path: str) -> tuple:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.status, response.read()


class ServerTest(unittest.TestCase):
    def test_healthz_and_stop(self) -> None:
        with memory_engine() as engine:
            with engine.start_server(SERVER) as server:
                self.assertIsInstance(server, loyalty.Server)
                self.assertGreater(server.port, 0)
                self.assertIn(str(server.port), repr(server))
                self.assertTrue(server.running)
                status, _ = get(server.port, "/healthz")
                self.assertEqual(status, 200)
            self.assertFalse(server.running)
            server.stop()  # idempotent
            with self.assertRaises(OSError):
                get(server.port, "/healthz")

    def test_webhook_over_http_reaches_the_engine(self) -> None:
        with memory_engine() as engine, engine.start_server(SERVER) as server:
            headers, body = haravan_delivery(haravan_order(2001))
            request = urllib.request.Request(f"http://127.0.0.1:{server.port}/webhooks/haravan/{SHOP_ID}",
                                             data=body, headers=headers, method="POST")
            with urllib.request.urlopen(request, timeout=10) as response:
                self.assertEqual(response.status, 200)
                self.assertEqual(json.loads(response.read())["outcome"], "applied")
            self.assertEqual(engine.get_stats()["entries"], 1)

    def test_engine_close_stops_its_servers(self) -> None:
        engine = memory_engine()
        first = engine.start_server(SERVER)
        second = engine.start_server(SERVER)
        engine.close()
        self.assertFalse(first.running)
        self.assertFalse(second.running)

    def test_server_keeps_its_engine_alive(self) -> None:
        server = memory_engine().start_server(SERVER)
        gc.collect()
        self.assertEqual(get(server.port, "/healthz")[0], 200)
        server.stop()

    def test_bad_server_config(self) -> None:
        with memory_engine() as engine:
            with self.assertRaises(loyalty.InvalidArgument) as caught:
                engine.start_server({"listen": {"address": "127.0.0.1", "port": 0}, "insecure_http": True,
                                     "admin_token": "short"})
            self.assertIn("admin_token", str(caught.exception))
            with self.assertRaises(loyalty.LoyaltyError):  # no TLS and not insecure_http
                engine.start_server({"listen": {"address": "127.0.0.1", "port": 0},
                                     "admin_token": "test-admin-token-0123456789"})

    def test_reconfigure(self) -> None:
        def post(port: int, size: int) -> int:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", data=b"x" * size, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=10) as response:
                    return response.status
            except urllib.error.HTTPError as e:
                return e.code

        with memory_engine(with_shop=False) as engine:
            server = engine.start_server(SERVER)
            self.assertNotEqual(post(server.port, 4096), 413)
            server.reconfigure({**SERVER, "limits": {"body_bytes": 1024}, "shops": [SHOP]})
            self.assertEqual(post(server.port, 4096), 413)
            self.assertNotEqual(post(server.port, 100), 413)
            self.assertEqual(engine.get_shop(SHOP_ID)["shop_id"], SHOP_ID)  # the seed is stored
            with self.assertRaises(loyalty.InvalidArgument) as caught:
                server.reconfigure({**SERVER, "limits": {"body_bytes": -1}})
            self.assertIn("body_bytes", str(caught.exception))
            with self.assertRaises(loyalty.InvalidArgument):  # TLS switched on needs a restart
                server.reconfigure({**SERVER, "listen": {"address": "127.0.0.1", "port": 0,
                                                         "tls": {"cert": "c.pem", "key": "k.pem"}}})
            self.assertEqual(post(server.port, 4096), 413)  # the limit in use stays
            server.stop()
            with self.assertRaises(loyalty.InvalidArgument):
                server.reconfigure(SERVER)

    def test_server_is_not_constructed_directly(self) -> None:
        with self.assertRaises(TypeError):
            loyalty.Server()


if __name__ == "__main__":
    unittest.main()
