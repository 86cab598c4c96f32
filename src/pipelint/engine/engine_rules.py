"""The codes the engine itself reports (PL0): documented like any rule."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pipelint.engine.findings import Severity
from pipelint.engine.rule import Rule, Violation

#: The tag of the engine's own codes; ``select`` never drops them, only ``ignore`` does.
ENGINE_TAG = "engine"


class EngineRule(Rule):
    """A code raised by the engine, never dispatched to model nodes."""

    def check(self, node: Any, ctx: Any) -> Iterable[Violation]:
        return ()


class ParseError(EngineRule):
    """A file that looks like a pipeline, template, AppSpec or buildspec cannot be parsed.

    ## What it does
    Reports a file that cannot be read as JSON or YAML: a syntax error, a duplicate key,
    text that is not valid UTF-8, UTF-16 or UTF-32, a NUL byte, or a
    document beyond pipelint's limits (size, nesting depth, alias expansion). The finding
    points at the exact place where reading stopped.

    Files of no known kind that fail to parse (a broken `package.json` in the same tree)
    are skipped unless their text looks like a pipeline, template, AppSpec or buildspec,
    or the kind was forced with `--kind`.

    ## Why is this bad?
    CloudFormation, CodePipeline and CodeDeploy reject such a file, or worse, read it
    differently from what its author meant: with a duplicate key, one of the two values is
    silently dropped. No other rule can check a file that does not parse.

    ## Example
    ```yaml
    Resources:
      Pipeline:
        Type: AWS::CodePipeline::Pipeline
        Type: AWS::CodeBuild::Project   # duplicate key
    ```

    ## Use instead
    ```yaml
    Resources:
      Pipeline:
        Type: AWS::CodePipeline::Pipeline
    ```

    ## References
    - [YAML 1.2: mapping keys are unique](https://yaml.org/spec/1.2.2/#mapping)
    - [RFC 8259: JSON](https://www.rfc-editor.org/rfc/rfc8259)
    """

    code = "PL000"
    name = "parse-error"
    severity = Severity.HIGH
    tags = (ENGINE_TAG,)


class InvalidDocument(EngineRule):
    """A pipeline, AppSpec file or pipeline resource whose structure AWS would reject.

    ## What it does
    Checks the structure of a document against AWS's own models: CodePipeline CLI/API JSON
    against the CodePipeline service model (the one the AWS CLI and SDKs use),
    `AWS::CodePipeline::Pipeline`, `AWS::CodePipeline::Webhook` and the
    `AWS::CodeDeploy::Application`, `DeploymentConfig` and `DeploymentGroup` resources
    against their CloudFormation registry schemas (the pipeline also against the service
    model's constraints its schema leaves out), and AppSpec files against the shape the
    CodeDeploy AppSpec reference describes. It reports a missing required key (at its
    parent's key), an unknown key (with the key it most likely meant), a value of the wrong
    type, and a value outside its allowed values, length, pattern or range — one finding
    per problem, at the offending key or value.

    In templates, intrinsic functions (`!Ref`, `!Sub`, `!If`, …) stand for values known
    only at deploy time and are never reported, and scalars are read as CloudFormation
    reads them (`RunOrder: "2"` is an integer). Problems a dedicated rule explains better
    are left to it: stage, action, artifact and namespace names (PL804), `runOrder`
    (PL805), the number of stages (PL808), role ARNs (PL402), `artifactStore` set together
    with `artifactStores` (PL302), and in AppSpec files the values each platform allows and
    keys spelt in another case (PL701).

    ## Why is this bad?
    AWS rejects the document (`create-pipeline` fails, the stack rolls back), or, worse,
    ignores what is misspelled: a key the CodeDeploy agent does not know is silently never
    used. Other rules read the document as it was meant; they cannot see such a mistake.

    ## Example
    ```json
    {"name": "Build",
     "actionTypeId": {"category": "Compilation", "owner": "AWS", "provider": "CodeBuild",
                      "version": "1"},
     "runorder": 2}
    ```

    ## Use instead
    ```json
    {"name": "Build",
     "actionTypeId": {"category": "Build", "owner": "AWS", "provider": "CodeBuild",
                      "version": "1"},
     "runOrder": 2}
    ```

    ## Configuration
    none

    ## References
    - [CodePipeline pipeline structure reference](https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html)
    - [CodePipeline API: PipelineDeclaration](https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_PipelineDeclaration.html)
    - [AWS::CodePipeline::Pipeline](https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-codepipeline-pipeline.html)
    - [CodeDeploy AppSpec file reference](https://docs.aws.amazon.com/codedeploy/latest/userguide/app-spec-ref.html)
    """

    code = "PL002"
    name = "invalid-document"
    severity = Severity.HIGH
    # Selected like any rule (``--select PL8`` leaves it out): unlike PL000 and PL003, it
    # judges a document that was read, and other rules still check it.
    tags = ("structure",)


class RuleError(EngineRule):
    """A rule or plugin failed on this document; the other rules still ran.

    ## What it does
    Reports that a rule raised an exception while checking a document. The message names
    the rule, the plugin that provides it and the error. Every other rule's findings for
    the same document, and for every other file, are still reported.

    ## Why is this bad?
    The failing rule did not check this document, so a problem it looks for may be
    hidden. It is a bug in the rule or plugin, not necessarily in your file: report it to
    the plugin's authors, with the document if you can share it.

    ## Example
    ```text
    PL003 [high] Rule PL999 (plugin 'acme') failed on this document: KeyError: 'Stages'
    ```

    ## Use instead
    Upgrade or fix the plugin; meanwhile, `--ignore PL999` skips the failing rule.
    """

    code = "PL003"
    name = "rule-error"
    severity = Severity.HIGH
    tags = (ENGINE_TAG,)


class UnusedSuppression(EngineRule):
    """A suppression that suppresses nothing.

    ## What it does
    Reports a `# pipelint: ignore[...]` comment, a `Metadata` `pipelint` ignore entry or a
    configuration `suppressions` entry that names a rule the run checked, but under which
    that rule found nothing. Rules the run did not check (deselected, or from a plugin that
    is not installed) are not reported: there is nothing to prove about them.

    ## Why is this bad?
    A suppression outlives the problem it was written for: once the pipeline is fixed, the
    stale comment would silently hide the same problem if it came back. Removing it keeps
    every remaining suppression meaningful.

    ## Example
    ```yaml
    Stages:
      # pipelint: ignore[PL101] approved by the change board
      - Name: Build      # builds only: nothing here to suppress
    ```

    ## Use instead
    ```yaml
    Stages:
      - Name: Build
    ```

    ## Configuration
    none. `--no-suppressions` reports every finding and no PL001.
    """

    code = "PL001"
    name = "unused-suppression"
    severity = Severity.LOW
    tags = (ENGINE_TAG,)


ENGINE_RULES: tuple[type[Rule], ...] = (ParseError, UnusedSuppression, InvalidDocument, RuleError)
