"""Located values and intrinsics."""

from __future__ import annotations

from pipelint.model.location import Location, Span
from pipelint.model.values import (
    Intrinsic,
    Scalar,
    contains_intrinsic,
    is_dynamic_reference,
    literal_text,
    loads_or_none,
)

HERE = Location("a.yaml", Span(1, 1, 1, 5))
THERE = Location("b.json", Span(9, 3, 9, 8))


def test_equality_ignores_locations() -> None:
    assert Scalar("x", HERE) == Scalar("x", THERE, THERE)
    assert hash(Scalar("x", HERE)) == hash(Scalar("x", THERE))
    assert Scalar("x", HERE) != Scalar("y", HERE)
    assert Scalar(1, HERE) != Scalar("1", HERE)


def test_text_is_what_the_api_sees() -> None:
    assert Scalar(True, HERE).text == "true"
    assert Scalar(False, HERE).text == "false"
    assert Scalar(30, HERE).text == "30"
    assert Scalar(0.0, HERE).text == "0.0"
    assert Scalar("main", HERE).text == "main"
    assert Scalar(None, HERE).text is None
    assert Scalar(Intrinsic("Ref", "Bucket"), HERE).text is None
    assert literal_text(float("nan")) is None


def test_literal_and_intrinsic() -> None:
    ref = Scalar(Intrinsic("Ref", "Role"), HERE)
    assert not ref.is_literal and ref.intrinsic == Intrinsic("Ref", "Role")
    assert Scalar("x", HERE).is_literal and Scalar("x", HERE).intrinsic is None


def test_booleans_and_integers() -> None:
    assert Scalar("True", HERE).as_bool is True
    assert Scalar("false", HERE).as_bool is False
    assert Scalar("yes", HERE).as_bool is None
    assert Scalar(1, HERE).as_bool is None
    assert Scalar("12", HERE).as_int == 12
    assert Scalar(3.0, HERE).as_int == 3
    assert Scalar(True, HERE).as_int is None
    assert Scalar("1a", HERE).as_int is None


def test_recognising_intrinsics() -> None:
    assert Intrinsic.from_raw({"Ref": "X"}) == Intrinsic("Ref", "X")
    assert Intrinsic.from_raw({"Fn::GetAtt": ["R", "Arn"]}) == Intrinsic("Fn::GetAtt", ["R", "Arn"])
    assert Intrinsic.from_raw({"Condition": "IsProd"}) == Intrinsic("Condition", "IsProd")
    assert Intrinsic.from_raw({"Refs": "X"}) is None
    assert Intrinsic.from_raw({"Ref": "X", "Other": 1}) is None
    assert Intrinsic.from_raw("Ref") is None
    assert contains_intrinsic({"a": [1, {"b": {"Fn::Sub": "x"}}]})
    assert not contains_intrinsic({"a": [1, {"b": "c"}]})


def test_intrinsics_are_hashable_and_readable() -> None:
    join = Intrinsic("Fn::Join", ["", ["arn:", {"Ref": "AWS::Partition"}]])
    assert hash(join) == hash(Intrinsic("Fn::Join", ["", ["arn:", {"Ref": "AWS::Partition"}]]))
    assert {Scalar(join, HERE), Scalar(join, THERE)} == {Scalar(join, HERE)}
    assert str(Intrinsic("Fn::GetAtt", ["Role", "Arn"])) == "!GetAtt Role.Arn"
    assert str(Intrinsic("Ref", "Bucket")) == "!Ref Bucket"
    assert join.to_raw() == {"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}]]}


def test_dynamic_references() -> None:
    assert is_dynamic_reference("{{resolve:secretsmanager:github-token:SecretString:token}}")
    assert is_dynamic_reference("prefix-{{resolve:ssm:/app/name:1}}")
    assert is_dynamic_reference("{{resolve:ssm-secure:/db/password}}")
    assert not is_dynamic_reference("{{resolve:vault:x}}")
    assert not is_dynamic_reference("plain")
    assert not is_dynamic_reference(None)
    assert Scalar("{{resolve:ssm:/x}}", HERE).is_dynamic_reference


def test_json_text_that_is_not_json_or_too_deep_decodes_to_none() -> None:
    assert loads_or_none('{"a": [1, {"b": null}]}') == {"a": [1, {"b": None}]}
    assert loads_or_none("{not json") is None
    assert loads_or_none("[" * 100_000 + "]" * 100_000) is None  # too deep to decode
    assert loads_or_none("[" * 300 + "]" * 300) is None  # deeper than a document may be
    assert loads_or_none("[" * 256 + "]" * 256) is not None
    assert loads_or_none('{"a": ' * 257 + "1" + "}" * 257) is None
    assert loads_or_none('{"a": 1, "a": 2}') is None  # strict, as a JSON document is read
    assert loads_or_none("[NaN]") is None
