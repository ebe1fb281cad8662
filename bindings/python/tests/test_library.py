"""Finding the library, the function table against the header, and version mismatches."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import unittest
from ctypes import c_int
from pathlib import Path
from unittest import mock

import loyalty
from loyalty import _library

from .support import HEADER


def header_functions() -> dict:
    """Every LOYALTY_API function in the header, with its parameter count."""
    text = re.sub(r"/\*.*?\*/", "", HEADER.read_text(encoding="utf-8"), flags=re.S)
    found = {}
    for name, params in re.findall(r"LOYALTY_API\s+[\w\s\*]+?\b(loyalty_\w+)\s*\(([^)]*)\)", text):
        params = params.strip()
        found[name] = 0 if params in ("", "void") else params.count(",") + 1
    return found


class TableTest(unittest.TestCase):
    def test_table_covers_the_header(self) -> None:
        declared = header_functions()
        self.assertIn("loyalty_ingest_webhook", declared)
        table = {fn.name: len(fn.argtypes) for fn in _library.FUNCTIONS}
        self.assertEqual(table, declared)

    def test_loaded_library_is_the_one_configured(self) -> None:
        configured = os.environ.get("LOYALTY_LIBRARY")
        if configured:
            self.assertEqual(loyalty.library_path(), configured)
        self.assertIn(loyalty.version(), repr(_library.get()))


class LoadingTest(unittest.TestCase):
    def test_env_pointing_nowhere(self) -> None:
        missing = "/nonexistent/dir/libloyalty.so.0"
        with mock.patch.dict(os.environ, {"LOYALTY_LIBRARY": missing}):
            with self.assertRaises(loyalty.LibraryNotFound) as caught:
                _library.load()
        self.assertIsInstance(caught.exception, loyalty.LoyaltyError)
        self.assertIn(missing, str(caught.exception))
        self.assertIn("LOYALTY_LIBRARY", str(caught.exception))

    def test_file_that_is_not_a_library(self) -> None:
        with tempfile.NamedTemporaryFile(suffix=".so") as junk:
            junk.write(b"not an ELF file")
            junk.flush()
            with self.assertRaises(loyalty.LibraryNotFound) as caught:
                _library.load(junk.name)
        self.assertIn(junk.name, str(caught.exception))

    def test_nothing_anywhere_lists_the_places_tried(self) -> None:
        env = {k: v for k, v in os.environ.items() if k != "LOYALTY_LIBRARY"}
        with mock.patch.dict(os.environ, env, clear=True), \
                mock.patch.object(_library, "candidates", return_value=[("test", "/nowhere/libloyalty.so.0")]):
            with self.assertRaises(loyalty.LibraryNotFound) as caught:
                _library.load()
        self.assertIn("/nowhere/libloyalty.so.0", str(caught.exception))

    def test_found_next_to_the_package(self) -> None:
        # A copy in the package's parent directory is found without LOYALTY_LIBRARY or the system loader.
        real = Path(_library.get().path).resolve()
        with tempfile.TemporaryDirectory() as directory:
            package = Path(directory) / "loyalty"
            package.mkdir()
            for module in Path(loyalty.__file__).parent.glob("*.py"):
                (package / module.name).write_bytes(module.read_bytes())
            os.symlink(real, Path(directory) / "libloyalty.so.0")
            env = {k: v for k, v in os.environ.items() if k not in ("LOYALTY_LIBRARY", "LD_LIBRARY_PATH")}
            env["PYTHONPATH"] = directory
            script = "import loyalty; print(loyalty.library_path()); print(loyalty.version())"
            out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
            path, version = out.stdout.split()
            self.assertEqual(path, str(Path(directory) / "libloyalty.so.0"))
            self.assertEqual(version, loyalty.version())

    def test_found_by_the_system_loader_names_the_file(self) -> None:
        # Found by soname on LD_LIBRARY_PATH, library_path() is still a file another process can load.
        real = Path(_library.get().path).resolve()
        with tempfile.TemporaryDirectory() as directory:
            os.symlink(real, Path(directory) / "libloyalty.so.0")
            env = {k: v for k, v in os.environ.items() if k != "LOYALTY_LIBRARY"}
            env["LD_LIBRARY_PATH"] = directory
            env["PYTHONPATH"] = str(Path(loyalty.__file__).resolve().parent.parent)
            script = "import loyalty; print(loyalty.library_path())"
            out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
            self.assertEqual(out.returncode, 0, out.stderr)
            self.assertEqual(out.stdout.strip(), str(Path(directory) / "libloyalty.so.0"))

    def test_missing_symbol_is_a_version_mismatch(self) -> None:
        path = _library.get().path
        table = _library.FUNCTIONS + (_library.Function("loyalty_from_the_future", (c_int,), c_int),)
        with self.assertRaises(loyalty.LibraryVersionMismatch) as caught:
            _library.load(path, table)
        error = caught.exception
        self.assertIsInstance(error, loyalty.LoyaltyError)
        self.assertEqual(error.symbol, "loyalty_from_the_future")
        self.assertEqual(error.library_version, loyalty.version())
        self.assertIn("loyalty_from_the_future", str(error))
        self.assertIn(loyalty.version(), str(error))
        self.assertIn("version mismatch", str(error))

    def test_other_major_is_a_version_mismatch(self) -> None:
        with mock.patch.object(_library, "ABI_MAJOR", 1):
            with self.assertRaises(loyalty.LibraryVersionMismatch) as caught:
                _library.load(_library.get().path)
        self.assertIsNone(caught.exception.symbol)
        self.assertIn("1.x", str(caught.exception))

    def test_import_never_needs_the_library(self) -> None:
        env = dict(os.environ, LOYALTY_LIBRARY="/nonexistent/libloyalty.so")
        script = ("import loyalty\n"
                  "try:\n    loyalty.Engine({'storage': 'sqlite::memory:'})\n"
                  "except loyalty.LibraryNotFound as e:\n    print('not found:', e)\n")
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(out.returncode, 0, out.stderr)
        self.assertIn("not found:", out.stdout)


if __name__ == "__main__":
    unittest.main()
