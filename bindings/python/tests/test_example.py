"""examples/python/demo.py runs against the library under test."""
from __future__ import annotations

import os
import subprocess
import sys
import unittest
from pathlib import Path

import loyalty

from .support import REPO


class ExampleTest(unittest.TestCase):
    def test_demo_runs(self) -> None:
        demo = REPO / "examples" / "python" / "demo.py"
        package_root = str(Path(loyalty.__file__).resolve().parent.parent)
        env = dict(os.environ, LOYALTY_LIBRARY=loyalty.library_path(),
                   PYTHONPATH=os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])))
        out = subprocess.run([sys.executable, str(demo)], env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(out.returncode, 0, f"stdout:\n{out.stdout}\nstderr:\n{out.stderr}")
        self.assertIn('"outcome": "applied"', out.stdout)
        self.assertIn("redeemed 50: Balance(available=15, pending=0)", out.stdout)
        self.assertIn("refused:", out.stdout)
        self.assertIn("forged webhook refused:", out.stdout)


if __name__ == "__main__":
    unittest.main()
