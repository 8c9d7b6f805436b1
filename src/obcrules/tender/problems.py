"""Problems found in a tender workspace's inputs, each naming its file and place.

Every input error (a bid, a score sheet, ``moderation.csv``, ``obc.toml``) is a
`Problem`: the workspace-relative file, where in it (a field path such as
``outcomes.wellbeing.target``, an XLSX cell ``Bid!E9`` or a row ``row 4``), what is
wrong and what to do. A command that cannot go on raises `TenderError` with them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one place of one input file."""

    file: str
    where: str
    message: str
    hint: str = ""

    def __str__(self) -> str:
        place = f"{self.file}: {self.where}: " if self.where else f"{self.file}: "
        return place + self.message + (f" ({self.hint})" if self.hint else "")

    def to_dict(self) -> dict[str, str]:
        """The problem as JSON-ready data."""
        return {"file": self.file, "where": self.where, "message": self.message,
                "hint": self.hint}


class TenderError(Exception):
    """A command cannot complete; ``problems`` say where and why, in reading order.

    ``kind`` names a refusal a front end words in its own terms: ``"moderation"``, items
    that still need an agreed score (each problem's ``where`` is ``BIDDER × CRITERION``
    and its ``message`` the evaluators' scores)."""

    def __init__(self, summary: str, problems: Iterable[Problem] = (),
                 kind: str | None = None) -> None:
        self.summary = summary
        self.problems = list(problems)
        self.kind = kind
        lines = [summary, *(f"  {p}" for p in self.problems)]
        super().__init__("\n".join(lines))
