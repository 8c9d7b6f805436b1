"""``out/evaluation.json`` as data (`obcrules.tender.result`): the date the reports give an
evaluation comes from the audit trail, so the file itself stays free of timestamps.

What the document holds is asserted where it is computed (test_evaluation.py for the
pipeline and the reasons, test_ranking.py, test_moderation.py, test_targets.py).
"""

from __future__ import annotations

import datetime as dt

from obcrules.tender import audit
from obcrules.tender.result import evaluation_time

MARCH = dt.datetime(2026, 3, 2, 10, 15, tzinfo=dt.UTC)


def test_an_evaluation_is_dated_when_obc_tender_evaluate_first_wrote_it(tmp_path) -> None:
    result = tmp_path / "out" / "evaluation.json"
    result.parent.mkdir()
    assert evaluation_time(result) is None  # no file, no trail
    result.write_text('{"winner": "A"}\n')
    assert evaluation_time(result) is None  # a file no command recorded
    audit.append(tmp_path, "tender evaluate", [], [result], now=MARCH)
    audit.append(tmp_path, "tender evaluate", [], [result], now=MARCH + dt.timedelta(days=3))
    audit.append(tmp_path, "tender report", [result], [], now=MARCH + dt.timedelta(days=5))
    assert evaluation_time(result) == "2026-03-02T10:15:00Z"  # the same bytes: the first time
    result.write_text('{"winner": "B"}\n')
    assert evaluation_time(result) is None  # bytes no evaluation wrote
    audit.append(tmp_path, "tender evaluate", [], [result], now=MARCH + dt.timedelta(days=9))
    assert evaluation_time(result) == "2026-03-11T10:15:00Z"
