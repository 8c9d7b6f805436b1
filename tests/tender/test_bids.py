"""Reading and validating bids (`obcrules.tender.bids`): a bad bid is listed with its file and
field, and the others still evaluate."""

from __future__ import annotations

from obcrules.tender.evaluation import evaluate
from obcrules.tender.result import evaluation_data
from tests.tender.conftest import PRICED_RULESET, bid, priced_bid


def test_a_bad_bid_is_listed_and_the_others_still_evaluate(build) -> None:
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000))
               .bid("b.yaml", {**bid("B", "lots", "less then 8%"), "colour": "red"})
               .quality({"A": (4, 4, 4)}))
    ws = builder.open()
    data = evaluation_data(ws, evaluate(ws))
    assert [(b["bidder"], b["status"]) for b in data["bids"]] == [("A", "ranked"),
                                                                  ("B", "invalid")]
    assert data["bids"][1]["reasons"] == [
        "bids/b.yaml: colour: `colour` is not a field of a bid (fields: bidder, lot, price, "
        "provider_id, outcomes, track_record, organisation)",
        "bids/b.yaml: price: `lots` is not an amount of money (write the total price as a "
        "number, e.g. 1150000)",
        "bids/b.yaml: outcomes.untreated.target: `less then 8%` is not a target (write a "
        "target as in the ruleset: `less than 8%`, `at least 120`, `between 40% and 60%`, "
        "`2 points below baseline`)",
    ]


def test_units_and_names_are_checked_like_the_ruleset(build) -> None:
    data = bid("B", 1000, untreated="less than 8")
    data["outcomes"]["wellbeing"]["verify"] = ["survy"]
    data["outcomes"]["welbeing"] = {"target": "at least 70%", "people": 1, "verify": []}
    data["lot"] = "lot2"
    builder = build().write().bid("b.json", data).quality({})
    ws = builder.open()
    reasons = evaluation_data(ws, evaluate(ws))["bids"][0]["reasons"]
    assert reasons == [
        "bids/b.json: lot: this bid is for lot `lot2`; the workspace evaluates lot `lot1` "
        "(move the bid to that lot's workspace, or fix the lot)",
        "bids/b.json: outcomes.untreated.target: `less than 8`: this target must be a "
        "percentage, because the measure is a share (write it with `%`, e.g. `8%`)",
        "bids/b.json: outcomes.wellbeing.verify[0]: `survy` is not a verification method "
        "(did you mean `survey`?)",
        "bids/b.json: outcomes.welbeing: `welbeing` is not an outcome of the ruleset "
        "(did you mean `wellbeing`?)",
    ]


def test_an_unreadable_bid_names_the_line(build) -> None:
    builder = build().write()
    (builder.root / "bids").mkdir()
    (builder.root / "bids" / "a.yaml").write_text("bidder: [unclosed\n")
    (builder.root / "bids" / "notes.pdf").write_bytes(b"%PDF")
    ws = builder.quality({}).open()
    bids = evaluation_data(ws, evaluate(ws))["bids"]
    assert [(b["file"], b["status"]) for b in bids] == [("bids/a.yaml", "invalid"),
                                                        ("bids/notes.pdf", "invalid")]
    assert bids[0]["reasons"][0].startswith("bids/a.yaml: line 2, column 1: is not valid YAML")
    assert bids[1]["reasons"] == ["bids/notes.pdf: `.pdf` is not a bid format (submit the bid "
                                  "return as .yaml, .json or .xlsx)"]


def test_bidders_whose_names_slug_alike_each_get_their_own_provider_id(build) -> None:  # type: ignore[no-untyped-def]
    # `Acme-Care` and `Acme Care`, and two names in Chinese script, shared a default
    # provider id (`acme-care`, `unnamed`): the second bid was refused for a field its
    # bidder never filled in
    builder = (build().write()
               .bid("a.yaml", bid("Acme Care", 100000))
               .bid("b.yaml", bid("Acme-Care", 101000))
               .bid("c.yaml", bid("北京护理", 102000))
               .bid("d.yaml", bid("上海护理", 103000))
               .bid("e.yaml", bid("Zed Care", 104000, provider_id="zed-care"))
               .bid("f.yaml", bid("Zed-Care", 105000))
               .quality(dict.fromkeys(("Acme Care", "Acme-Care", "北京护理", "上海护理",
                                       "Zed Care", "Zed-Care"), (4, 4, 4))))
    ws = builder.open()
    bids = {b["bidder"]: b for b in evaluation_data(ws, evaluate(ws))["bids"]}
    # the suffix: 8 hex digits of sha256("acme care"), of sha256("acme-care"), …
    assert {name: (b["status"], b["provider_id"]) for name, b in bids.items()} == {
        "Acme Care": ("ranked", "acme-care-abe8d7ce"),
        "Acme-Care": ("ranked", "acme-care-981a8909"),
        "北京护理": ("ranked", "unnamed-bc34f70f"),
        "上海护理": ("ranked", "unnamed-22901df9"),
        "Zed Care": ("ranked", "zed-care"),  # a provider id the bid gives is kept …
        "Zed-Care": ("ranked", "zed-care-dac6644b"),  # … and the default steps aside
    }


def test_a_provider_id_given_twice_is_still_refused(build) -> None:  # type: ignore[no-untyped-def]
    builder = (build().write()
               .bid("a.yaml", bid("A", 100000, provider_id="ACME-01"))
               .bid("b.yaml", bid("B", 100000, provider_id="acme-01"))
               .quality({"A": (4, 4, 4)}))
    ws = builder.open()
    bids = evaluation_data(ws, evaluate(ws))["bids"]
    assert [(b["bidder"], b["status"], b["reasons"]) for b in bids] == [
        ("A", "ranked", []),
        ("B", "invalid", ["bids/b.yaml: provider_id: `acme-01` is already the provider id of "
                          "the bid in bids/a.yaml (give each bid its own provider_id)"])]


def test_an_organisation_block_names_the_bidder_on_its_register(build) -> None:  # type: ignore[no-untyped-def]
    from obcrules.tender.bids import load_bids

    organisation = {"legal_name": "Acme Care Limited", "scheme": "GB-COH",
                    "identifier": 9876543, "scale": "sme",
                    "contact": {"email": "bids@acme.example"}}
    ws = (build().write()
          .bid("a.yaml", bid("A", 100000, organisation=organisation))
          .bid("b.yaml", bid("B", 90000, organisation={
              "legal_name": "B Ltd", "scheme": "Companies House", "identifier": "1",
              "scale": "tiny", "adress": {}, "contact": {"mail": "x"}}))
          .open())
    found = load_bids(ws)
    (acme,) = found.valid
    assert acme.organisation is not None
    assert (acme.organisation.party_id, acme.organisation.scale) == ("GB-COH-9876543", "sme")
    (invalid,) = found.invalid
    assert [str(p) for p in invalid.problems] == [
        "bids/b.yaml: organisation.adress: `adress` is not a field of an organisation (did "
        "you mean `address`?)",
        "bids/b.yaml: organisation.scheme: `Companies House` is not an organisation "
        "identifier scheme (use an org-id.guide list code such as GB-COH (Companies House), "
        "GB-CHC (Charity Commission) or GB-PPON)",
        "bids/b.yaml: organisation.scale: `tiny` is not a scale (scales: micro, sme, small, "
        "medium, large, selfEmployed)",
        "bids/b.yaml: organisation.contact.mail: `mail` is not a field of the contact (did "
        "you mean `email`?)",
    ]


def test_a_priced_rate_card_is_checked_line_by_line(build) -> None:
    over = priced_bid("O", 0, (450.01, 10), (200, 5))
    over["price"] = 90000
    over["rate_card"]["3"] = {"price": 1, "people": 1}
    gaps = priced_bid("G", "lots", ("120%", 10))
    gaps["rate_card"]["1"]["people"] = -2
    builder = (build().write(PRICED_RULESET).bid("o.yaml", over).bid("g.json", gaps)
               .bid("u.yaml", {**bid("U", 1000), "rate_card": {}}).quality({}))
    ws = builder.open()
    reasons = {b["bidder"]: b["reasons"] for b in evaluation_data(ws, evaluate(ws))["bids"]}
    assert reasons["O"] == [
        "bids/o.yaml: price: this lot is priced from the rate card: the bid's price is its "
        "expected cost, worked out from the rate card (remove `price`; give `fixed_fee` (if "
        "any) and the rate card's prices)",
        "bids/o.yaml: rate_card.3: `3` is not a line of the rate card (lines: 1, 2)",
        "bids/o.yaml: rate_card.1.price: £450.01 is above the ruleset's price of £450.00 for "
        "this line (ask at most £450.00)",
    ]
    assert reasons["G"] == [
        "bids/g.json: fixed_fee: `lots` is not an amount of money (write the fixed fee as a "
        "number, e.g. 50000, or leave it blank for none)",
        "bids/g.json: rate_card.1.price: `120%` is not a discount from 0% to 100%",
        "bids/g.json: rate_card.1.people: `-2` is not a whole number of people (write how "
        "many people, from 0 to 100,000,000)",
        "bids/g.json: rate_card.2: the line `wellbeing pays £200.00` is not priced (give its "
        "price (or a discount such as `10%`) and the people you expect it to pay for)",
    ]
    assert reasons["U"][0] == (
        "bids/u.yaml: price: this lot is priced from the rate card: the bid's price is its "
        "expected cost, worked out from the rate card (remove `price`; give `fixed_fee` (if "
        "any) and the rate card's prices)")


def test_a_lot_not_priced_from_the_rate_card_refuses_one(build) -> None:
    data = {**bid("A", 1000), "rate_card": {"1": {"price": 400, "people": 1}}}
    ws = build().write().bid("a.yaml", data).quality({}).open()
    [entry] = evaluation_data(ws, evaluate(ws))["bids"]
    assert entry["reasons"] == [
        "bids/a.yaml: rate_card: this lot is not priced from the rate card, so `rate_card` "
        "does not belong in its bids (give the total `price` instead)"]


def test_an_offered_target_beyond_a_share_is_refused(build) -> None:  # type: ignore[no-untyped-def]
    # "at least 105%" can never be met, yet scored from targets it would beat every
    # honest offer: the bid is invalid, as a ruleset with that target would be.
    data = bid("B", 1000, untreated="less than 8%")
    data["outcomes"]["wellbeing"]["target"] = "at least 105%"
    ws = build().write().bid("b.json", data).quality({}).open()
    (entry,) = evaluation_data(ws, evaluate(ws))["bids"]
    assert entry["status"] == "invalid"
    assert entry["reasons"] == [
        "bids/b.json: outcomes.wellbeing.target: `at least 105%`: this target is outside what "
        "the measure can be: a share is from 0% to 100% (a target outside it is never met, "
        "or always met: check the number)"]
