"""AppSpec files for each platform."""

from __future__ import annotations

import json

from model_documents import model_of

from pipelint.loaders.document import DocumentKind
from pipelint.model.appspec import AppSpec

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
