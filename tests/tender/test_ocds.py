"""``out/ocds.json`` (`obcrules.tender.ocds`): OCDS 1.1 that the Data Review Tool accepts.

Every release package is reviewed by libcoveocds, offline, against the vendored
OCDS 1.1.5 schema, codelists and extensions (`tests.tender.ocds_validator`):
zero errors, zero codelist warnings, no unknown fields.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from obcrules.tender.ocds import (
    BIDS_EXTENSION,
    LOTS_EXTENSION,
    SCALE_EXTENSION,
    implementation_package,
)
from obcrules.tender.problems import TenderError
from obcrules.tender.workflow import run_award, run_evaluation
from tests.tender.conftest import RULESET, bid
from tests.tender.ocds_validator import problems

ACME = {"legal_name": "Acme Care Limited", "scheme": "GB-COH", "identifier": "09876543",
        "scale": "sme", "address": {"locality": "Anytown", "country_name": "United Kingdom"},
        "contact": {"email": "bids@acme.example"}}
TWO_LOTS = RULESET.replace("\npayment:", '''
tender lot2 "Lot 2":
    criterion price "Price":
        weight 100%
        scored by lowest price
    budget at most £90_000

payment:''')


def awarded(build, ruleset: str = RULESET, **config):  # type: ignore[no-untyped-def]
    builder = (build().write(ruleset, **config)
               .bid("a.yaml", bid("A", 100000, "less than 8%", organisation=ACME))
               .bid("b.yaml", bid("B", 80000))
               .quality({"A": (5, 5, 4), "B": (3, 3, 3)}))
    run_evaluation(builder.open())
    run_award(builder.open(), dt.date(2026, 3, 2))
    return builder, json.loads((builder.root / "out" / "ocds.json").read_text())


@pytest.mark.slow
def test_the_demos_releases_pass_the_data_review_tool(demo_out: Path) -> None:
    award = json.loads((demo_out / "tender" / "out" / "ocds.json").read_text())
    implementation = json.loads(
        (demo_out / "monitoring" / "awarded-contract" / "ocds.json").read_text())
    assert problems(award) == {}
    assert problems(implementation) == {}
    assert award["uri"].startswith("https://") and award["extensions"] == [
        BIDS_EXTENSION, SCALE_EXTENSION]
    (release,) = award["releases"]
    supplier = next(p for p in release["parties"] if "supplier" in p["roles"])
    assert supplier["name"] == "Acme Care Ltd" and supplier["id"] == "GB-COH-09876543"
    assert release["tender"]["items"][0]["classification"]["scheme"] == "CPV"
    (contract,) = implementation["releases"][0]["contracts"]
    assert contract["id"] == release["contracts"][0]["id"]
    assert contract["implementation"]["transactions"]


@pytest.mark.slow
def test_the_transactions_add_up_to_the_outcome_payments(demo_out: Path) -> None:
    folder = demo_out / "monitoring" / "awarded-contract"
    document = json.loads((folder / "monitoring.json").read_text())
    implementation = json.loads((folder / "ocds.json").read_text())
    (contract,) = implementation["releases"][0]["contracts"]
    amounts = [Decimal(str(t["value"]["amount"])) for t in
               contract["implementation"]["transactions"]]
    (totals,) = document["payment_totals"]
    assert sum(amounts) == Decimal(totals["outcome_payments"])
    assert any(a < 0 for a in amounts)  # the demo's penalty is a deduction
    award = json.loads((demo_out / "tender" / "out" / "ocds.json").read_text())
    assert implementation_package(award, document) == implementation


def test_an_award_carries_the_contract_parties_and_settings(build) -> None:  # type: ignore[no-untyped-def]
    _, package = awarded(build)
    assert problems(package) == {}
    (release,) = package["releases"]
    assert release["ocid"] == "ocds-000000-t" and release["tag"] == ["tender", "award",
                                                                     "contract"]
    acme = next(p for p in release["parties"] if p["name"] == "A")
    assert acme == {
        "id": "GB-COH-09876543", "name": "A",
        "identifier": {"scheme": "GB-COH", "id": "09876543", "legalName": "Acme Care Limited"},
        "address": {"locality": "Anytown", "countryName": "United Kingdom"},
        "contactPoint": {"email": "bids@acme.example"}, "roles": ["tenderer", "supplier"],
        "details": {"scale": "sme"}}
    (contract,) = release["contracts"]
    assert contract["value"] == {"amount": 100000, "currency": "GBP"}
    assert [(m["code"], m["type"], m["description"].split(";")[0])
            for m in contract["milestones"]] == [
        ("untreated", "delivery",
         "Contracted target: less than 8% (the ruleset requires less than 10%)"),
        ("wellbeing", "delivery",
         "Contracted target: at least 60% (the ruleset requires at least 60%)")]
    assert "lots" not in release["tender"] and LOTS_EXTENSION not in package["extensions"]


def test_several_lots_use_the_lots_extension(build) -> None:  # type: ignore[no-untyped-def]
    _, package = awarded(build, TWO_LOTS)
    assert problems(package) == {}
    assert LOTS_EXTENSION in package["extensions"]
    (release,) = package["releases"]
    assert release["id"] == "ocds-000000-t-lot1-award"
    assert release["tender"]["lots"] == [
        {"id": "lot1", "title": "Lot 1", "status": "complete",
         "value": {"amount": 150000, "currency": "GBP"}},
        {"id": "lot2", "title": "Lot 2", "value": {"amount": 90000, "currency": "GBP"}}]
    assert release["awards"][0]["relatedLots"] == ["lot1"]
    assert release["tender"]["items"][0]["relatedLot"] == "lot1"
    assert {tuple(d["relatedLots"]) for d in release["bids"]["details"]} == {("lot1",)}


def test_bidders_whose_names_slug_alike_are_distinct_parties(build) -> None:  # type: ignore[no-untyped-def]
    # `Acme Care` and `Acme-Care`, neither with an organisation block, were both party
    # `tenderer-acme-care` with bid `bid-acme-care`: the Data Review Tool rejects the ids
    builder = (build().write()
               .bid("a.yaml", bid("Acme Care", 100000))
               .bid("b.yaml", bid("Acme-Care", 80000))
               .quality({"Acme Care": (5, 5, 4), "Acme-Care": (3, 3, 3)}))
    run_evaluation(builder.open())
    run_award(builder.open(), dt.date(2026, 3, 2))
    package = json.loads((builder.root / "out" / "ocds.json").read_text())
    assert problems(package) == {}
    (release,) = package["releases"]
    assert [(p["id"], p["name"]) for p in release["parties"][1:]] == [
        ("tenderer-acme-care-abe8d7ce", "Acme Care"), ("tenderer-acme-care-981a8909", "Acme-Care")]
    assert [d["id"] for d in release["bids"]["details"]] == [
        "bid-acme-care-abe8d7ce", "bid-acme-care-981a8909"]
    assert release["awards"][0]["suppliers"] == [
        {"id": "tenderer-acme-care-abe8d7ce", "name": "Acme Care"}]


def test_one_organisation_bidding_under_two_names_is_one_tenderer(build) -> None:  # type: ignore[no-untyped-def]
    # Acme Care and Acme Homecare, both Acme Care Limited (GB-COH-09876543), were two
    # parties with one id: the Data Review Tool rejected the award ("Non-unique id values")
    builder = (build().write()
               .bid("a.yaml", bid("Acme Care", 100000, organisation=ACME))
               .bid("b.yaml", bid("Acme Homecare", 80000, organisation=ACME))
               .quality({"Acme Care": (5, 5, 4)}))
    run_evaluation(builder.open())
    run_award(builder.open(), dt.date(2026, 3, 2))
    evaluation = json.loads((builder.root / "out" / "evaluation.json").read_text())
    assert [(b["bidder"], b["status"], b["reasons"]) for b in evaluation["bids"]] == [
        ("Acme Care", "ranked", []),
        ("Acme Homecare", "invalid", [
            "bids/b.yaml: organisation.identifier: Acme Care Limited (GB-COH-09876543) "
            "already bid in bids/a.yaml (an organisation submits one bid per lot, whatever "
            "name it bids under)"])]
    package = json.loads((builder.root / "out" / "ocds.json").read_text())
    assert problems(package) == {}
    (release,) = package["releases"]
    assert [p["id"] for p in release["parties"]] == ["buyer-testshire-county-council",
                                                    "GB-COH-09876543"]
    assert release["tender"]["numberOfTenderers"] == 2  # the invalid bid was tendered


def test_the_validator_is_not_a_rubber_stamp(build) -> None:  # type: ignore[no-untyped-def]
    _, package = awarded(build)
    broken = copy.deepcopy(package)
    release = broken["releases"][0]
    del release["ocid"]
    release["tender"]["procurementMethod"] = "auction"
    release["parties"][1]["details"]["scale"] = "huge"
    found = problems(broken)
    assert "'ocid' is missing" in json.dumps(found["validation_errors"])
    closed = json.dumps(found["additional_closed_codelist_values"])
    assert "auction" in closed and "huge" in closed  # the scale codelist is the extension's


def test_an_award_needs_a_base_uri_and_a_commissioner(build) -> None:  # type: ignore[no-untyped-def]
    from obcrules.tender.config import OcdsSettings

    builder = (build().write(RULESET.replace('    commissioner "Testshire County Council"\n',
                                             ""), ocds=OcdsSettings())
               .bid("a.yaml", bid("A", 100000)).quality({"A": (5, 5, 4)}))
    run_evaluation(builder.open())
    with pytest.raises(TenderError) as caught:
        run_award(builder.open(), dt.date(2026, 3, 2))
    problem_text = [str(p) for p in caught.value.problems]
    assert any("obc.toml" in p and "[ocds] base_uri is required before an award" in p
               and "where you publish releases" in p for p in problem_text), problem_text
    assert any("ruleset.obc" in p and "commissioner" in p for p in problem_text), problem_text
    assert not (builder.root / "out" / "contract.yaml").exists()
