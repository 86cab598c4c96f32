"""AppSpec files for each platform."""

from __future__ import annotations

import json

from model_documents import model_of

from pipelint.loaders.document import DocumentKind
from pipelint.model.appspec import HOOK_ORDER, AppSpec

EC2 = """
version: 0.0
os: linux
files:
  - source: build/
    destination: /opt/app
file_exists_behavior: OVERWRITE
permissions:
  - object: /opt/app
    owner: app
    mode: "0777"
    type: [directory]
    except: [/opt/app/tmp]
hooks:
  ApplicationStop:
    - location: scripts/stop.sh
      timeout: 120
  AfterInstall:
    - location: scripts/migrate.sh
      timeout: 900
      runas: root
    - location: scripts/warm.sh
  ValidateService:
    - location: scripts/health.sh
      timeout: 300
"""


def appspec(text: str, path: str = "appspec.yml") -> AppSpec:
    found = model_of(text, path, DocumentKind.APPSPEC).appspec
    assert found is not None
    return found


def test_ec2_appspec() -> None:
    spec = appspec(EC2)
    assert spec.platform == "server"
    assert spec.version is not None and spec.version.value == 0.0
    assert spec.os is not None and spec.os.text == "linux"
    (copy,) = spec.files
    assert copy.destination is not None and copy.destination.text == "/opt/app"
    (permission,) = spec.permissions
    assert permission.mode is not None and permission.mode.text == "0777"
    assert [t.text for t in permission.types] == ["directory"]
    assert [e.text for e in permission.excepts] == ["/opt/app/tmp"]
    assert spec.file_exists_behavior is not None
    assert [hook.event.text for hook in spec.hooks] == [
        "ApplicationStop",
        "AfterInstall",
        "ValidateService",
    ]
    after_install = spec.hooks[1]
    assert [script.location.text for script in after_install.scripts if script.location] == [
        "scripts/migrate.sh",
        "scripts/warm.sh",
    ]
    migrate, warm = after_install.scripts
    assert migrate.runas is not None and migrate.runas.text == "root"
    assert migrate.timeout is not None and migrate.timeout.as_int == 900
    assert warm.timeout is None and after_install.function is None


def test_ec2_hook_locations() -> None:
    spec = appspec(EC2)
    after_install = spec.hooks[1]
    assert (after_install.event.loc.line, after_install.event.loc.column) == (17, 3)
    assert after_install.key_loc == after_install.event.loc
    warm = after_install.scripts[1]
    assert (warm.loc.line, warm.loc.column) == (21, 7)
    assert warm.where("timeout") == warm.loc  # no timeout: the script itself
    assert spec.where("permissions", key=True).line == 7


ECS = """
version: 0.0
Resources:
  - TargetService:
      Type: AWS::ECS::Service
      Properties:
        TaskDefinition: <TASK_DEFINITION>
        LoadBalancerInfo:
          ContainerName: web
          ContainerPort: 8080
Hooks:
  - BeforeInstall: CodeDeployHook_preinstall
  - AfterAllowTestTraffic: CodeDeployHook_testtraffic
  - AfterAllowTraffic: CodeDeployHook_postprod
"""


def test_ecs_appspec() -> None:
    spec = appspec(ECS, "appspec.yaml")
    assert spec.platform == "ecs" and spec.os is None
    (target,) = spec.targets
    assert target.name is not None and target.name.text == "TargetService"
    properties = dict(target.properties)
    assert properties["LoadBalancerInfo.ContainerPort"].value == 8080
    assert properties["TaskDefinition"].text == "<TASK_DEFINITION>"
    assert [
        (hook.event.text, hook.function.text if hook.function else None) for hook in spec.hooks
    ] == [
        ("BeforeInstall", "CodeDeployHook_preinstall"),
        ("AfterAllowTestTraffic", "CodeDeployHook_testtraffic"),
        ("AfterAllowTraffic", "CodeDeployHook_postprod"),
    ]
    second = spec.hooks[1]
    assert (second.loc.line, second.loc.column) == (12, 5) and second.scripts == ()


def test_lambda_appspec_in_json_with_lowercase_keys() -> None:
    document = {
        "version": 0.0,
        "resources": [
            {
                "fn": {
                    "type": "AWS::Lambda::Function",
                    "properties": {
                        "name": "f",
                        "alias": "live",
                        "currentversion": "1",
                        "targetversion": "2",
                    },
                }
            }
        ],
        "hooks": [{"BeforeAllowTraffic": "CodeDeployHook_pre"}],
    }
    spec = appspec(json.dumps(document, indent=2), "appspec.json")
    assert spec.platform == "lambda"
    assert dict(spec.targets[0].properties)["alias"].text == "live"
    (hook,) = spec.hooks
    assert hook.function is not None and hook.function.text == "CodeDeployHook_pre"
    assert spec.document_path == "appspec.json"


MISCASED_EC2 = """
version: 0.0
os: linux
Files:
  - source: build/
    Destination: /opt/app
hooks:
  AfterInstall:
    - Location: scripts/migrate.sh
      timeout: 60
Hooks:
  ApplicationStart:
    - location: scripts/start.sh
"""


def test_ec2_keys_are_case_sensitive() -> None:
    spec = appspec(MISCASED_EC2)
    assert spec.platform == "server" and spec.files == ()
    (hook,) = spec.hooks  # the agent never reads "Hooks"
    assert hook.event.text == "AfterInstall"
    (script,) = hook.scripts
    assert script.location is None  # "Location" is not "location"
    assert script.timeout is not None and script.timeout.as_int == 60
    found = [
        (expected, key.text, key.loc.line, key.loc.column) for expected, key in spec.miscased_keys
    ]
    assert found == [
        ("files", "Files", 3, 1),
        ("hooks", "Hooks", 10, 1),
        ("location", "Location", 8, 7),
    ]
    assert all(key.key_loc == key.loc for _, key in spec.miscased_keys)


def test_ecs_sections_are_case_insensitive_and_miscased_keys_recorded() -> None:
    spec = appspec(
        """
        version: 0.0
        resources:
          - TargetService:
              type: AWS::ECS::Service
              Properties:
                TaskDefinition: <TASK_DEFINITION>
                loadBalancerInfo: {ContainerName: web, ContainerPort: 8080}
        hooks:
          - BeforeInstall: CodeDeployHook_pre
        """,
        "appspec.yaml",
    )
    assert spec.platform == "ecs"
    assert [hook.event.text for hook in spec.hooks] == ["BeforeInstall"]
    found = [(expected, key.text, key.loc.line) for expected, key in spec.miscased_keys]
    assert found == [
        ("Resources", "resources", 2),
        ("Hooks", "hooks", 8),
        ("Type", "type", 4),
        ("LoadBalancerInfo", "loadBalancerInfo", 7),
    ]
    (target,) = spec.targets
    port = target.property("LoadBalancerInfo.ContainerPort")
    assert port is not None and port.value == 8080


def test_ecs_list_properties_are_kept() -> None:
    spec = appspec(
        """
        version: 0.0
        Resources:
          - TargetService:
              Type: AWS::ECS::Service
              Properties:
                TaskDefinition: <TASK_DEFINITION>
                NetworkConfiguration:
                  AwsvpcConfiguration:
                    Subnets: [subnet-a, subnet-b]
                    SecurityGroups: [sg-1]
                    AssignPublicIp: DISABLED
                CapacityProviderStrategy:
                  - {CapacityProvider: FARGATE_SPOT, Base: 0, Weight: 3}
        """,
        "appspec.yaml",
    )
    (target,) = spec.targets
    names = [name for name, _ in target.properties]
    assert names == [
        "TaskDefinition",
        "NetworkConfiguration.AwsvpcConfiguration.Subnets.0",
        "NetworkConfiguration.AwsvpcConfiguration.Subnets.1",
        "NetworkConfiguration.AwsvpcConfiguration.SecurityGroups.0",
        "NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp",
        "CapacityProviderStrategy.0.CapacityProvider",
        "CapacityProviderStrategy.0.Base",
        "CapacityProviderStrategy.0.Weight",
    ]
    subnet = target.property("networkconfiguration.awsvpcconfiguration.subnets.1")
    assert subnet is not None and subnet.text == "subnet-b"
    assert (subnet.loc.line, subnet.loc.column) == (9, 33) and subnet.key_loc is None
    weight = target.property("CapacityProviderStrategy.0.Weight")
    assert weight is not None and weight.value == 3 and weight.key_loc is not None
    assert target.property("Missing") is None


def test_resources_without_a_known_type_is_an_unknown_platform() -> None:
    for target in ("{TargetService: {Properties: {}}}", "{T: {Type: AWS::EC2::Instance}}"):
        spec = appspec(f"version: 0.0\nResources:\n  - {target}\n", "appspec.yaml")
        assert spec.platform == "unknown"
        assert HOOK_ORDER[spec.platform] == ()


def test_hook_order_per_platform() -> None:
    assert HOOK_ORDER["lambda"] == ("BeforeAllowTraffic", "AfterAllowTraffic")
    assert HOOK_ORDER["ecs"] == (
        "BeforeInstall",
        "AfterInstall",
        "AfterAllowTestTraffic",
        "BeforeAllowTraffic",
        "AfterAllowTraffic",
    )
    server = HOOK_ORDER["server"]
    assert server.index("ApplicationStop") < server.index("BeforeInstall")
    assert server.index("AfterInstall") < server.index("ApplicationStart")
    assert server[-3:] == ("ValidateService", "BeforeAllowTraffic", "AfterAllowTraffic")
    assert "Install" not in server and "DownloadBundle" not in server  # reserved events


def test_permission_mode_keeps_the_digits_as_written() -> None:
    spec = appspec(
        "version: 0.0\nos: linux\npermissions:\n"
        "  - {object: /a, mode: 0750}\n"
        "  - {object: /b, mode: 644}\n"
        "  - {object: /c, mode: '0777'}\n"
    )
    octal, decimal, quoted = spec.permissions
    assert octal.mode is not None and octal.mode.value == 0o750 and octal.mode_text == "0750"
    assert decimal.mode_text == "644" and quoted.mode_text == "0777"
    as_json = appspec(
        '{"version": 0.0, "os": "linux", "permissions": [{"object": "/a", "mode": 755}]}'
    )
    assert as_json.permissions[0].mode_text == "755"
    assert (
        appspec("version: 0.0\nos: linux\npermissions:\n  - object: /a\n").permissions[0].mode_text
        is None
    )


def test_lowercase_resources_and_miscased_hooks_are_appspecs() -> None:
    lambda_spec = appspec(
        "version: 0.0\nresources:\n  - f:\n      type: AWS::Lambda::Function\n", "appspec.yaml"
    )
    assert lambda_spec.platform == "lambda"
    server = appspec("version: 0.0\nHooks:\n  ValidateService:\n    - location: a.sh\n")
    assert server.platform == "server" and server.hooks == ()
    assert [(expected, key.text) for expected, key in server.miscased_keys] == [("hooks", "Hooks")]


def test_top_level_keys_the_platform_does_not_read() -> None:
    spec = appspec("version: 0.0\nos: linux\nOS: linux\nAfterInstall:\n  - location: a.sh\n")
    assert [key.text for key in spec.extra_keys] == ["AfterInstall"]
    assert (spec.extra_keys[0].loc.line, spec.extra_keys[0].loc.column) == (4, 1)
    ecs = appspec("version: 0.0\nresources: []\nos: linux\n", "appspec.yaml")
    assert [key.text for key in ecs.extra_keys] == ["os"]
