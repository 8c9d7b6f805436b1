"""``obc.toml`` (`obcrules.tender.config`): paths that leave the workspace are refused."""

from __future__ import annotations

import pytest

from obcrules.tender.config import TenderConfig
from obcrules.tender.problems import TenderError


def test_init_refuses_paths_that_leave_the_workspace(build) -> None:
    builder = build().write()
    (builder.root / "obc.toml").write_text('ruleset = "../ruleset.obc"\nlot = "lot1"\n')
    with pytest.raises(TenderError) as refused:
        builder.open()
    assert str(refused.value.problems[0]) == (
        "obc.toml: ruleset: `../ruleset.obc` leaves the workspace (copy the ruleset into the "
        "workspace and give its relative path)")
    (builder.root / "obc.toml").write_text(
        'ruleset = "ruleset.obc"\nlot = "lot1"\nevaluators = ["../x"]\n')
    with pytest.raises(TenderError) as refused:
        builder.open()
    assert "`../x` is not a usable evaluator id" in str(refused.value)


def test_the_ocds_settings_round_trip_through_obc_toml() -> None:
    from obcrules.tender.config import parse_config, render_config
    from obcrules.tender.demo import OCDS

    config = TenderConfig(ruleset="r.obc", lot="lot1", evaluators=("ann",), ocds=OCDS)
    again = parse_config(render_config(config))
    assert again == config
    assert again.ocid_prefix == "ocds-000000"
    bare = parse_config(render_config(TenderConfig(ruleset="r.obc", lot="lot1")))
    assert bare.ocds.base_uri is None and bare.ocds.procurement_method == "open"
    assert '# base_uri = "https://' in render_config(bare)


def test_bad_ocds_settings_are_named() -> None:
    from obcrules.tender.config import parse_config

    with pytest.raises(TenderError) as refused:
        parse_config('ruleset = "r.obc"\nlot = "lot1"\n[ocds]\nbase_uri = "ocds-feeds/"\n'
                     'procurement_method = "auction"\ncpv = "8531"\n'
                     'contract_period = { start = 2029-01-01, end = 2026-01-01 }\n'
                     'colour = "red"\n[ocds.buyer]\nlegal_name = "Anytown"\nscheme = "COH"\n')
    assert [str(p) for p in refused.value.problems] == [
        "obc.toml: ocds.colour: `colour` is not an [ocds] setting (settings: ocid_prefix, "
        "base_uri, procurement_method, procurement_method_details, main_procurement_category, "
        "cpv, cpv_description, tender_period, contract_period, buyer)",
        "obc.toml: ocds.base_uri: `ocds-feeds/` is not an absolute http(s) address (write "
        'where you publish releases, e.g. "https://contracts.anytown.gov.uk/ocds/")',
        'obc.toml: ocds.procurement_method: `auction` is not one of "open", "selective", '
        '"limited", "direct" (write e.g. procurement_method = "open" (the default))',
        'obc.toml: ocds.cpv: `8531` is not a CPV code (write the eight digits, e.g. "85312000")',
        "obc.toml: ocds.buyer.identifier: is missing (give the number on that register)",
        "obc.toml: ocds.buyer.scheme: `COH` is not an organisation identifier scheme (use an "
        "org-id.guide list code such as GB-COH (Companies House), GB-CHC (Charity "
        "Commission) or GB-PPON)",
        "obc.toml: ocds.contract_period: ends (2026-01-01) before it starts (2029-01-01)",
    ]
