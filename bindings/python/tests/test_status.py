"""The Python statuses and exceptions agree with the header and the library."""
from __future__ import annotations

import re
import unittest

import loyalty
from loyalty import errors

from .support import HEADER


def header_enum() -> dict:
    text = HEADER.read_text(encoding="utf-8")
    body = re.search(r"enum\s+loyalty_status\s*\{(.*?)\};", text, re.S)
    assert body, "enum loyalty_status not found in the header"
    without_comments = re.sub(r"/\*.*?\*/", "", body.group(1), flags=re.S)
    return {name: int(value) for name, value in re.findall(r"LOYALTY_(\w+)\s*=\s*(\d+)", without_comments)}


class StatusTest(unittest.TestCase):
    def test_enum_matches_header(self) -> None:
        from_header = header_enum()
        self.assertGreaterEqual(len(from_header), 8)
        self.assertEqual(from_header, {s.name: int(s) for s in loyalty.Status})

    def test_every_failure_status_has_its_exception(self) -> None:
        expected = {
            loyalty.Status.INVALID_ARGUMENT: loyalty.InvalidArgument,
            loyalty.Status.NOT_FOUND: loyalty.NotFound,
            loyalty.Status.CONFLICT: loyalty.Conflict,
            loyalty.Status.INSUFFICIENT_POINTS: loyalty.InsufficientPoints,
            loyalty.Status.UNAUTHENTICATED: loyalty.Unauthenticated,
            loyalty.Status.STORAGE: loyalty.StorageError,
            loyalty.Status.INTERNAL: loyalty.InternalError,
        }
        for status in loyalty.Status:
            if status is loyalty.Status.OK:
                continue
            error = errors.error_for(int(status), "why")
            self.assertIs(type(error), expected[status])
            self.assertIsInstance(error, loyalty.LoyaltyError)
            self.assertEqual(error.status, status)
            self.assertEqual(str(error), "why")

    def test_unknown_status_is_still_a_loyalty_error(self) -> None:
        error = errors.error_for(99, "from the future")
        self.assertIs(type(error), loyalty.LoyaltyError)
        self.assertEqual(error.status, 99)

    def test_status_names_match_the_library(self) -> None:
        for status in loyalty.Status:
            self.assertEqual(loyalty.status_name(status), status.name.lower())
            if status is not loyalty.Status.OK:
                self.assertEqual(errors.error_for(status, "m").code, loyalty.status_name(status))
        self.assertEqual(loyalty.status_name(1234), "unknown")

    def test_version_matches_header(self) -> None:
        text = HEADER.read_text(encoding="utf-8")
        parts = [re.search(rf"#define LOYALTY_VERSION_{p}\s+(\d+)", text).group(1) for p in ("MAJOR", "MINOR", "PATCH")]
        self.assertEqual(loyalty.version(), ".".join(parts))


if __name__ == "__main__":
    unittest.main()
