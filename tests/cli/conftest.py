"""Fixtures for the command-line tests: the tender tests' workspace builder."""

from tests.tender.conftest import build  # noqa: F401  (the fixture, shared with tests/tender)
