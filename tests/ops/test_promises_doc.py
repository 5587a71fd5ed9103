"""docs/promises.md is generated from the promise markers and must be current."""

from __future__ import annotations

from pathlib import Path

from ops import promises


def test_docs_promises_md_is_current() -> None:
    assert promises.main(["--check"]) == 0, "run `make promises` and commit docs/promises.md"


def test_the_generator_reads_markers_and_lists_what_is_not_covered(tmp_path: Path) -> None:
    (tmp_path / "test_x.py").write_text(
        'import pytest\n\n@pytest.mark.promise("A1", "B2")\ndef test_one():\n    pass\n\n'
        '@pytest.mark.parametrize("x", [1])\ndef test_two(x):\n    pass\n')
    proofs = promises.marked_tests(tmp_path)
    assert set(proofs) == {"A1", "B2"} and proofs["A1"][0].endswith("test_x.py::test_one")
    page = promises.render({"A1": "first", "C3": "third"}, proofs)
    assert "1 of 2 promises" in page and "- **C3** third" in page and "Markers naming no promise" in page
