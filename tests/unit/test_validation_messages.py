"""One formatter explains every pydantic refusal (domain/validation.py), in the wording of
where the input came from: a request body, or an order's own fields."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from chalicelib.domain import validation
from chalicelib.domain.catalog import ServiceType
from chalicelib.domain.errors import InvalidInput
from chalicelib.domain.orders import ServiceTerms, prepare


class Signup(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)
    email: str
    name: str = Field(max_length=3)
    nested: dict[str, int] = {}

    @field_validator("email")
    @classmethod
    def _at(cls, value: str) -> str:
        if "@" not in value:
            raise ValueError("needs an @")
        return value


def refusal(model: type[BaseModel], data: object) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return caught.value


def test_a_body_refusal_names_each_field_once() -> None:
    exc = refusal(Signup, {"name": "long", "colour": "red", "nested": {"a": "x"}, "email": "nope"})
    assert validation.describe(exc) == (
        "Invalid request: 'email': needs an @; 'name': String should have at most 3 characters; "
        "'nested.a': Input should be a valid integer; 'colour' is not an accepted field.")
    assert validation.fields(exc) == {"email": "value_error", "name": "string_too_long",
                                      "nested.a": "int_type", "colour": "extra_forbidden"}


def test_a_missing_field_and_a_refusal_of_the_whole_body() -> None:
    assert validation.describe(refusal(Signup, {"name": "ab"})) == "Invalid request: 'email' is required."
    whole = refusal(Signup, ["not", "an", "object"])
    assert validation.describe(whole).startswith("Invalid request: 'body': ")
    assert validation.fields(whole) == {"body": "model_type"}


def test_the_order_wording_drops_the_tag_and_speaks_of_the_service() -> None:
    terms = ServiceTerms(service_id=1, type=ServiceType.DEFAULT, min=10, max=1000, rate=1, dripfeed=False)
    with pytest.raises(InvalidInput) as refused:
        prepare(terms, {"link": "https://instagram.com/p/x", "colour": "red"}, date(2026, 11, 2))
    assert refused.value.message == "'quantity' is required for this service; 'colour' is not used by this service."
    assert refused.value.fields == {}  # an order's refusal names no fields, as before
