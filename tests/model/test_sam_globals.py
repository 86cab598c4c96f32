"""SAM ``Globals.Function`` merged into each function as SAM merges it."""

from __future__ import annotations

from model_documents import model_of

from pipelint.model.build import DocumentModel
from pipelint.model.sam import SamFunction
from pipelint.model.values import Intrinsic

SAM = """
Transform: AWS::Serverless-2016-10-31
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, "111122223333"]
Globals:
  Function:
    AutoPublishAlias: live
    DeploymentPreference:
      Type: Linear10PercentEvery1Minute
      Alarms: [!Ref GlobalAlarm]
      Hooks: {PreTraffic: !Ref PreHook, PostTraffic: !Ref PostHook}
      Role: global-role
Resources:
  Merged:
    Type: AWS::Serverless::Function
    Properties:
      AutoPublishAlias: own
      DeploymentPreference:
        Type: AllAtOnce
        Alarms: [!Ref OwnAlarm]
        Hooks: {PreTraffic: !Ref OwnPreHook}
  Conditional:
    Type: AWS::Serverless::Function
    Properties:
      DeploymentPreference: !If [IsProd, {Type: Canary10Percent5Minutes}, !Ref AWS::NoValue]
  IntrinsicParts:
    Type: AWS::Serverless::Function
    Properties:
      DeploymentPreference:
        Alarms: !If [IsProd, [!Ref ProdAlarm], []]
        Hooks: !If [IsProd, {PreTraffic: !Ref ProdHook}, !Ref AWS::NoValue]
  OtherType:
    Type: AWS::Serverless::Function
    Properties:
      DeploymentPreference:
        Alarms: !Ref OneAlarm
        Hooks: not-a-mapping
  Inherits:
    Type: AWS::Serverless::Function
    Properties: {}
"""


def functions() -> dict[str, SamFunction]:
    model: DocumentModel = model_of(SAM)
    return {f.logical_id or "": f for f in model.sam_functions}


def alarm_refs(function: SamFunction) -> list[object]:
    preference = function.deployment_preference
    assert preference is not None
    return [alarm.value for alarm in preference.alarms]


def test_maps_merge_by_key_lists_concatenate_scalars_local_wins() -> None:
    merged = functions()["Merged"]
    assert merged.auto_publish_alias is not None and merged.auto_publish_alias.text == "own"
    preference = merged.deployment_preference
    assert preference is not None and preference.type is not None
    assert (preference.type.text, preference.type.loc.line) == ("AllAtOnce", 18)
    assert alarm_refs(merged) == [Intrinsic("Ref", "GlobalAlarm"), Intrinsic("Ref", "OwnAlarm")]
    assert preference.pre_traffic_hook is not None and preference.post_traffic_hook is not None
    assert preference.pre_traffic_hook.value == Intrinsic("Ref", "OwnPreHook")
    assert (preference.post_traffic_hook.value, preference.post_traffic_hook.loc.line) == (
        Intrinsic("Ref", "PostHook"),
        10,
    )
    assert preference.role is not None and preference.role.loc.line == 11  # from the globals
    assert preference.loc.line == 18  # the function's own preference


def test_an_intrinsic_preference_wins_alone_and_is_unknown() -> None:
    conditional = functions()["Conditional"]
    assert conditional.deployment_preference is None
    assert conditional.is_unknown("deployment_preference")
    where = conditional.where("deployment_preference")
    assert (where.line, where.column) == (24, 29)


def test_intrinsic_values_win_alone() -> None:
    function = functions()["IntrinsicParts"]
    preference = function.deployment_preference
    assert preference is not None
    (alarms,) = preference.alarms  # not concatenated with the global alarm
    assert alarms.intrinsic is not None and alarms.intrinsic.function == "Fn::If"
    assert preference.is_unknown("alarms")
    # Hooks is an !If: the global hooks are not merged in, and the hooks are unknown
    assert preference.pre_traffic_hook is None and preference.post_traffic_hook is None
    assert preference.is_unknown("pre_traffic_hook") and preference.is_unknown("post_traffic_hook")
    assert preference.type is not None and preference.type.text == "Linear10PercentEvery1Minute"
    assert not preference.is_unknown("type")


def test_values_of_other_types_win_alone() -> None:
    function = functions()["OtherType"]
    assert alarm_refs(function) == [Intrinsic("Ref", "OneAlarm")]
    preference = function.deployment_preference
    assert preference is not None and preference.pre_traffic_hook is None


def test_a_function_without_a_preference_takes_the_global_one() -> None:
    inherits = functions()["Inherits"]
    assert inherits.auto_publish_alias is not None and inherits.auto_publish_alias.text == "live"
    preference = inherits.deployment_preference
    assert preference is not None and preference.loc.line == 8  # located in the globals
    assert alarm_refs(inherits) == [Intrinsic("Ref", "GlobalAlarm")]
    assert not inherits.is_unknown("deployment_preference")


def test_an_intrinsic_global_preference_is_unknown_where_it_applies() -> None:
    model = model_of(
        """
        Transform: AWS::Serverless-2016-10-31
        Globals:
          Function:
            DeploymentPreference: !If [IsProd, {Type: AllAtOnce}, !Ref AWS::NoValue]
        Resources:
          Inherits: {Type: AWS::Serverless::Function, Properties: {}}
          Own:
            Type: AWS::Serverless::Function
            Properties:
              DeploymentPreference: {Type: Canary10Percent5Minutes}
        """
    )
    inherits, own = model.sam_functions
    assert inherits.deployment_preference is None
    assert inherits.is_unknown("deployment_preference")
    assert own.deployment_preference is not None and not own.is_unknown("deployment_preference")
    assert own.deployment_preference.type is not None
    assert own.deployment_preference.type.text == "Canary10Percent5Minutes"
