"""The one exception the engine raises for bad input: a message a person can act on."""

from __future__ import annotations


class MonitoringError(Exception):
    """Input the engine cannot use (a missing table or column, an unreadable file, a
    contract that does not fit). The message names the file and says what to do."""
