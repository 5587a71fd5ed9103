"""White-label rules: the name's length, colours as #rrggbb readable against white or black text,
valid e-mail addresses, unknown fields refused, and logos that are what they say and run nothing."""

from __future__ import annotations

import pytest

from chalicelib.domain import brand as rules
from chalicelib.domain.brand import Brand
from chalicelib.domain.errors import InvalidInput

DEFAULTS = Brand(name="SMM Panel", accent_color="#2f5bea", header_color="#ffffff", mail_from="no-reply@panel.example",
                 support_email="support@panel.example", privacy_email="privacy@panel.example",
                 legal_email="legal@panel.example")
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 40


def _refused(raw: dict[str, object]) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        rules.changed(DEFAULTS, raw)
    return caught.value


def test_the_name_is_1_to_60_characters_with_spaces_tidied() -> None:
    assert rules.changed(DEFAULTS, {"name": "  Acme   Boost "}).name == "Acme Boost"
    assert rules.changed(DEFAULTS, {"name": "x" * 60}).name == "x" * 60
    for bad in ("", "   ", "x" * 61, "tab\x07bell", 12):
        assert _refused({"name": bad}).fields == {"name": "invalid"}


def test_colours_are_hex_triplets_stored_in_lower_case() -> None:
    assert rules.changed(DEFAULTS, {"accent_color": "#1A4FD0"}).accent_color == "#1a4fd0"
    for bad in ("blue", "#fff", "#12345g", "1a4fd0", None):
        assert _refused({"accent_color": bad}).fields == {"accent_color": "invalid"}


def test_an_accent_too_light_for_white_text_is_refused_with_its_ratio() -> None:
    refused = _refused({"accent_color": "#ffdd00"})
    assert refused.fields == {"accent_color": "low_contrast"} and "4.5:1" in refused.message
    assert rules.contrast("#2f5bea", "#ffffff") >= rules.MIN_CONTRAST


def test_a_header_colour_needs_black_or_white_text_to_read_and_gets_the_better_one() -> None:
    assert rules.changed(DEFAULTS, {"header_color": "#101828"}).public()["header_text_color"] == "#ffffff"
    assert rules.changed(DEFAULTS, {"header_color": "#ffdd00"}).public()["header_text_color"] == "#000000"
    refused = _refused({"header_color": "#767676"})
    assert refused.fields == {"header_color": "low_contrast"} and "7:1" in refused.message


def test_contrast_is_the_wcag_ratio() -> None:
    assert rules.contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert rules.contrast("#777777", "#777777") == pytest.approx(1.0)


@pytest.mark.parametrize("field", rules.EMAIL_FIELDS)
def test_each_address_must_be_an_e_mail_address(field: str) -> None:
    assert getattr(rules.changed(DEFAULTS, {field: " help@acme.example "}), field) == "help@acme.example"
    for bad in ("", "help", "help@", "a b@acme.example", 5):
        assert _refused({field: bad}).fields == {field: "invalid"}


def test_an_unknown_field_is_refused_and_nothing_else_changes() -> None:
    assert _refused({"colour": "#000000"}).fields == {"colour": "unknown"}
    assert rules.changed(DEFAULTS, {}) == DEFAULTS


def test_a_logo_is_a_png_svg_or_webp_of_at_most_200_kb_whose_bytes_match_its_type() -> None:
    assert rules.check_logo("image/png", len(PNG), PNG) == "image/png"
    assert rules.check_logo("image/webp", 20, b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert rules.check_logo("image/svg+xml", 60, b'<svg xmlns="http://www.w3.org/2000/svg"><a href="#x"/></svg>')
    with pytest.raises(InvalidInput, match="PNG, SVG or WebP"):
        rules.check_logo("image/gif", 10, b"GIF89a")
    with pytest.raises(InvalidInput, match="200 KB"):
        rules.check_logo("image/png", rules.LOGO_MAX_BYTES + 1, PNG)
    with pytest.raises(InvalidInput, match="not a PNG"):
        rules.check_logo("image/png", 10, b"<svg></svg>")


@pytest.mark.parametrize("svg", [
    b"<svg><script>alert(1)</script></svg>",
    b'<svg onload="alert(1)"></svg>',
    b'<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
    b'<svg><image href="https://tracker.example/x.png"/></svg>',
    b"<svg><foreignObject><p>x</p></foreignObject></svg>",
    b'<svg><rect style="fill:url(https://x.example/a)"/></svg>',
    b'<!DOCTYPE svg [<!ENTITY x "y">]><svg>&x;</svg>',
])
def test_an_svg_that_can_run_code_or_fetch_anything_is_refused(svg: bytes) -> None:
    with pytest.raises(InvalidInput) as caught:
        rules.check_logo("image/svg+xml", len(svg), svg)
    assert caught.value.fields == {"logo": "unsafe"}
