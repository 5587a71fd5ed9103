"""`panel legal assess --input FILE`, run as the real command in a subprocess: the verdict as the
last line of stdout, and malformed requests refused on stderr with exit code 2 and no stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

REQUEST: dict[str, Any] = {
    "channel": "legal_mailbox", "kind": "disclosure",
    "document": {"pdf": True, "letterhead": True, "signed": True},
    "language": "fr", "certified_translation": True,
    "authority": {"name": "Police nationale", "country": "FR", "officer_name": "Jeanne Martin",
                  "officer_title": "Commissaire", "email": "jeanne.martin@interieur.gouv.fr",
                  "phone": "+33 1 40 07 60 60", "official_domain": True},
    "identifier": {"type": "email", "value": "customer@example.com"},
    "data": ["orders", "login_ips"],
    "period": {"from": "2025-01-01", "to": "2025-03-31"},
    "legal_basis": {"law": "Code pénal, art. 323-1", "case_number": "PN-2025-0042"},
    "pathway": "mlat", "dual_criminality": None, "subject_uk": True, "emergency_description": None,
}


def panel_legal_assess(tmp_path: Path, content: str | bytes) -> subprocess.CompletedProcess[str]:
    source = tmp_path / "request.json"
    source.write_bytes(content.encode() if isinstance(content, str) else content)
    return subprocess.run([sys.executable, "-m", "ops.cli", "legal", "assess", "--input", str(source)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)


def last_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.rstrip("\n").split("\n")[-1]


@pytest.mark.promise("L5", "L6")
def test_an_mlat_request_about_a_uk_subject_is_accepted_with_exactly_its_categories(tmp_path: Path) -> None:
    result = panel_legal_assess(tmp_path, json.dumps(REQUEST))
    assert last_line(result) == ('{"decision": "accept", "reasons": [], "disclose": ["login_ips", "orders"], '
                                 '"hold_business_days": 0}')


@pytest.mark.promise("L6")
def test_the_same_request_by_letters_rogatory_is_refused_for_the_uk_subject(tmp_path: Path) -> None:
    result = panel_legal_assess(tmp_path, json.dumps({**REQUEST, "pathway": "letters_rogatory"}))
    assert json.loads(last_line(result)) == {"decision": "refuse", "reasons": ["uk_subject"], "disclose": [],
                                             "hold_business_days": 0}


@pytest.mark.promise("L11")
def test_a_request_through_support_is_refused_for_its_channel(tmp_path: Path) -> None:
    result = panel_legal_assess(tmp_path, json.dumps({**REQUEST, "channel": "support"}))
    assert json.loads(last_line(result)) == {"decision": "refuse", "reasons": ["wrong_channel"], "disclose": [],
                                             "hold_business_days": 0}


def test_a_preservation_with_missing_fields_is_incomplete_with_every_reason(tmp_path: Path) -> None:
    result = panel_legal_assess(tmp_path, json.dumps({"channel": "legal_mailbox", "kind": "preservation",
                                                      "pathway": None, "period": None}))
    assert json.loads(last_line(result)) == {
        "decision": "incomplete",
        "reasons": ["authority_identification", "format", "identifier_not_email", "language", "legal_grounds",
                    "official_email", "period_missing", "scope_too_broad"],
        "disclose": [], "hold_business_days": 0}


@pytest.mark.parametrize(("content", "message"), [
    ('{"channel": "legal_mailbox", "kind": ', "not valid JSON"),
    (b"\xff\xfe{}", "not valid JSON"),
    ("[]", "Input should be an object"),
    (json.dumps({**REQUEST, "kind": "subpoena"}), "'kind': Input should be 'disclosure', 'preservation' or"),
    (json.dumps({**REQUEST, "subject_uk": "no"}), "'subject_uk': Input should be a valid boolean"),
    (json.dumps({**REQUEST, "data": ["orders", "passwords"]}), "'data.1': Input should be"),
    (json.dumps({**REQUEST, "period": {"from": "2025-02-30", "to": "2025-03-31"}}), "not a calendar date"),
    (json.dumps({**REQUEST, "urgent": True}), "'urgent' is not a field of a legal request"),
])
def test_a_malformed_request_exits_2_with_a_message_and_prints_nothing(
        tmp_path: Path, content: str | bytes, message: str) -> None:
    result = panel_legal_assess(tmp_path, content)
    assert result.returncode == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "ops.cli", "legal", "assess", "--input", str(tmp_path / "none")],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert (result.returncode, result.stdout) == (2, "")
    assert "No such file" in result.stderr
