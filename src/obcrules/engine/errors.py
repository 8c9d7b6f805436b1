"""The one exception the engine raises for bad input: a message a person can act on."""

from __future__ import annotations


class MonitoringError(Exception):
    """Input the engine cannot use (a missing table or column, an unreadable file, a
    contract that does not fit). The message names the file and says what to do."""


class ConfigurationError(MonitoringError):
    """The settings or the command's arguments point at nothing usable (a missing data
    folder, an engine URL of the wrong kind, a database that refuses the connection, a
    mapping in obc.toml that does not fit): the user fixes the call, not the data."""
