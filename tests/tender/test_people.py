"""The panel's people (`obcrules.tender.people`): tokens kept only as scrypt hashes,
spent once, revoked; the file recorded in the audit chain; monitoring folders too."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from obcrules.tender import people
from obcrules.tender.audit import read_chain
from obcrules.tender.problems import TenderError


def test_a_token_is_stored_as_a_hash_and_signs_in_once(build) -> None:
    root = build().write().root
    invitation = people.invite(root, "chair", "Chris  Chair")
    person_id, secret = invitation.token.split(".")
    stored = json.loads((root / "out" / "people.json").read_text())
    assert secret not in json.dumps(stored)
    assert stored["people"][0]["token_hash"].startswith("scrypt$16384$8$1$")
    assert invitation.person.name == "Chris Chair" and person_id == invitation.person.id
    for wrong in ("", "nonsense", f"{person_id}.x", f"p00000000.{secret}", secret):
        with pytest.raises(people.SignInRefused):
            people.sign_in(root, wrong)
    signed = people.sign_in(root, invitation.token)
    assert signed.signed_in and signed.token_hash == ""
    with pytest.raises(people.SignInRefused):
        people.sign_in(root, invitation.token)
    entries = read_chain(root).entries
    assert entries[-1].data["command"] == "panel sign-in"
    assert entries[-1].data["by"] == {"person": person_id, "name": "Chris Chair",
                                      "role": "chair"}
    assert entries[-2].data["command"] == "tender invite" and "by" not in entries[-2].data


def test_inviting_again_replaces_the_link_and_revoking_spends_it(build) -> None:
    root = build().write().root
    first = people.invite(root, "evaluator", "ann")
    second = people.invite(root, "evaluator", "ann")
    assert first.person.id == second.person.id and first.person.evaluator == "ann"
    with pytest.raises(people.SignInRefused):
        people.sign_in(root, first.token)
    with pytest.raises(TenderError, match="already ann"):
        people.invite(root, "evaluator", "Ann Other", "ann")
    people.revoke(root, "ann")
    with pytest.raises(people.SignInRefused):
        people.sign_in(root, second.token)
    with pytest.raises(TenderError, match="unknown role"):
        people.invite(root, "admin", "Eve")


def test_a_declaration_is_made_once_and_a_conflict_needs_details(build) -> None:
    root = build().write().root
    person = people.invite(root, "evaluator", "ben").person
    with pytest.raises(TenderError, match="describe the conflict"):
        people.declare(root, person.id, True, "  ")
    declared = people.declare(root, person.id, False, "")
    assert declared.declaration is not None and not declared.declaration.conflict
    with pytest.raises(TenderError, match="already recorded"):
        people.declare(root, person.id, True, "late")


def test_a_folder_that_is_not_a_workspace_keeps_its_people_beside_its_results(
        tmp_path: Path) -> None:
    invitation = people.invite(tmp_path, "monitoring", "Mo")
    assert (tmp_path / "people.json").is_file() and not (tmp_path / "out").exists()
    assert people.sign_in(tmp_path, invitation.token).role == "monitoring"
    with pytest.raises(TenderError, match="not a tender workspace"):
        people.invite(tmp_path, "evaluator", "ann")
    key = people.session_key(tmp_path)
    assert len(key) == 32 and people.session_key(tmp_path) == key
    assert (tmp_path / ".session-key").stat().st_mode & 0o777 == 0o600
