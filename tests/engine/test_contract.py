"""``contract.yaml`` (`obcrules.engine.contract`): its targets replace the ruleset's, its
expected numbers are reported, and its provider must be in the data."""

from __future__ import annotations

import pytest

from obcrules.engine import MonitoringError
from tests.engine.conftest import PROCESS, Run, results, rows


def test_contract_targets_replace_the_rulesets_and_expected_numbers_are_reported(
        run: Run) -> None:
    contract = '''
schema: obcrules.contract/1
ruleset: {name: t, version: "1.0"}
lot: lot1
provider: Provider Q Ltd
provider_id: Q
price: "£50,000"
targets:
  improved_share: at least 80%
expected:
  improved_share: 4
'''
    data = rows("2026-Q1", 7, 10, "P") + rows("2026-Q1", 7, 10, "Q")
    result = run(PROCESS, people=data, contract=contract)
    by = results(result, "improved_share")
    assert list(by) == [("Q", "2026-Q1")]                       # only the contract's provider
    assert by[("Q", "2026-Q1")]["target"] == "at least 80%"
    assert by[("Q", "2026-Q1")]["status"] == "missed"            # 70% < 80%
    assert result.document["helped"] == [{
        "provider": "Q", "name": "improved_share", "helped": 7, "expected": 4,
        "share_of_expected": 1.75, "to_period": "2026-Q1"}]
    assert result.document["contract"]["provider_id"] == "Q"


def test_a_contract_for_a_provider_not_in_the_data_names_those_found(run: Run) -> None:


    contract = "schema: obcrules.contract/1\nprovider_id: ZZ\n"
    with pytest.raises(MonitoringError, match=r"provider `ZZ` has no records .*"
                       r"\(providers found: P\); set provider_id"):
        run(PROCESS, people=rows("2026-Q1", 1, 1), contract=contract)


PRICED = '''
outcome improved_share "Improved":
    measure share of people where improved
    target at least 50%

payment:
    improved_share pays £450 per person where improved
'''


@pytest.mark.parametrize(("lines", "message"), [
    ("[{outcome: improved_share, amount: '450.01'}]",
     r"payment.rate_lines\[1\].amount: 450.01 is not more than zero and at most the "
     r"ruleset's 450"),
    ("[{outcome: other, amount: '400'}]",
     r"payment.rate_lines\[1\]: expected the line on `improved_share`"),
    ("[]", r"payment.rate_lines has 0 line\(s\) and the ruleset 1"),
])
def test_a_priced_contract_must_price_the_rulesets_lines_at_most_at_its_prices(
        run: Run, lines: str, message: str) -> None:
    contract = (f"schema: obcrules.contract/1\nprovider_id: P\n"
                f"payment: {{priced: true, fixed_fee: '0', rate_lines: {lines}}}\n")
    with pytest.raises(MonitoringError, match=message):
        run(PRICED, people=rows("2026-Q1", 1, 1), contract=contract)
