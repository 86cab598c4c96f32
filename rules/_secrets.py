"""Telling credentials written in plain text from everything that only looks like one.

Shared by PL501 (secrets in pipelines and webhooks) and PL602 (secrets in CodeBuild
projects and buildspecs). A value is a credential by what holds it (``OAuthToken``, a
variable named ``DB_PASSWORD``) or by its shape (an AWS access key ID, a GitHub token, a
private key, a long random string). A value is never one when it is a placeholder
(``<token>``, ``changeme``, ``${VAR}``), a dynamic reference (``{{resolve:...}}``) or,
held by a credential name, the name of where the secret is kept (``/prod/db-password``,
a secret's ARN).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import pairwise

from pipelint.api import Confidence, Location, RuleContext, Severity, Violation
from pipelint.model.common import EnvironmentVariable
from pipelint.model.template import Parameter
from pipelint.model.values import Scalar, is_dynamic_reference
from pipelint.production import split_words

#: Words that make a name a credential's name.
CREDENTIAL_WORDS = frozenset(
    {
        "password",
        "passwd",
        "pwd",
        "passphrase",
        "secret",
        "token",
        "apikey",
        "credential",
        "credentials",
        "privatekey",
    }
)
#: Word pairs that do (``API_KEY``, ``aws_secret_access_key``).
CREDENTIAL_PAIRS = frozenset(
    {
        ("api", "key"),
        ("access", "key"),
        ("private", "key"),
        ("secret", "key"),
        ("auth", "key"),
        ("ssh", "key"),
        ("signing", "key"),
        ("client", "secret"),
    }
)
#: A last word that makes a credential's name the name of something about it instead
#: (``SECRET_ARN``, ``TOKEN_URL``, ``PASSWORD_LENGTH``).
REFERENCE_WORDS = frozenset(
    {
        "arn",
        "name",
        "id",
        "ids",
        "path",
        "file",
        "url",
        "uri",
        "endpoint",
        "parameter",
        "param",
        "ref",
        "location",
        "region",
        "length",
        "ttl",
        "expiry",
        "expiration",
        "type",
        "header",
        "enabled",
        "prefix",
        "bucket",
        "version",
        "stage",
        "field",
        "policy",
        "role",
        "timeout",
        "seconds",
        "minutes",
        "hours",
        "days",
        "count",
        "size",
        "limit",
        "duration",
        "port",
        "host",
        "hostname",
        "user",
        "username",
        "email",
        "format",
        "mode",
        "provider",
        "source",
        "store",
        "scope",
        "scopes",
        "audience",
        "issuer",
        "algorithm",
    }
)

#: Values whose shape alone gives them away, with what they are.
SHAPES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Z0-9])"), "an AWS access key ID"),
    (re.compile(r"(?<![A-Za-z0-9])gh[pousr]_[A-Za-z0-9]{36,}"), "a GitHub token"),
    (re.compile(r"(?<![A-Za-z0-9])github_pat_[A-Za-z0-9_]{22,}"), "a GitHub token"),
    (re.compile(r"(?<![A-Za-z0-9])glpat-[A-Za-z0-9_\-]{20,}"), "a GitLab token"),
    (re.compile(r"(?<![A-Za-z0-9])xox[abprs]-[A-Za-z0-9\-]{10,}"), "a Slack token"),
    (re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"), "a private key"),
)
#: A long random-looking string (entropy in bits per character, length).
ENTROPY_BITS = 4.2
ENTROPY_LENGTH = 24
HIGH_ENTROPY = "a random-looking string that may be a secret"
#: The shortest value taken for a credential by its name alone (``abc`` is a dummy).
MIN_LENGTH = 6

_PLACEHOLDER = re.compile(
    r"""(?ix)
    \s* (?:
        | <[^>]*> | \[[^\]]*\] | \{[^{}]*\}
        | x+ | \*+ | \.+ | -+ | _+ | 0+ | ~ | \?+
        | change[-_ ]?me | replace[-_ ]?me | to[-_ ]?do | tbd | fixme | dummy | example
        | placeholder | none | null | nil | n/?a | undefined | empty | default | test | fake
        | your[-_ \w]* | my[-_ ]?(?:token|secret|password|pass|key|api[-_]?key)
        | [-\w ]*[-_ ]here | insert[-_ ]\w* | \$[A-Za-z_]\w* | %\w+%
        | password | secret | token | pass | passwd | pwd | key | apikey | api[-_]key
        | true | false | yes | no | on | off | enabled? | disabled? | required | optional
    ) \s*
    """
)
#: Text that is expanded before it is used: the value is not written here.
_EXPANDED = re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|#\{[^}]*\}|\{\{[^}]*\}\}")
#: Values that name or address something rather than hold a secret (a URL's credentials
#: are PL602's concern).
_REFERENCE_VALUE = re.compile(r"^(?:arn:|/|[A-Za-z][\w+.-]*://|ssm:|secretsmanager:)")
_SECRET_STORE_ARN = re.compile(r"^arn:aws[\w-]*:(?:secretsmanager|ssm):")


def is_credential_name(name: str | None) -> bool:
    """Whether a variable or key name names a credential (not a reference to one)."""
    if not name:
        return False
    words = split_words(name)
    if not words:
        return False
    if words[-1] in REFERENCE_WORDS and words[-3:] != ["access", "key", "id"]:
        return False
    return not CREDENTIAL_WORDS.isdisjoint(words) or any(
        pair in CREDENTIAL_PAIRS for pair in pairwise(words)
    )


def is_placeholder(text: str) -> bool:
    """Whether ``text`` is no secret at all: empty, a placeholder, masked, expanded later
    (``${VAR}``, ``#{ns.var}``, ``$(cmd)``) or a dynamic reference (``{{resolve:…}}``)."""
    if _PLACEHOLDER.fullmatch(text) or is_dynamic_reference(text) or _EXPANDED.search(text):
        return True
    return "example" in text.lower()  # AWS's documented sample keys end in EXAMPLE


def shape_of(text: str, *, random: bool = True) -> str | None:
    """What ``text`` looks like when its shape alone says it is a secret, else ``None``;
    with ``random``, a long random-looking string is one too."""
    for pattern, kind in SHAPES:
        if pattern.search(text):
            return kind
    if random and _looks_random(text):
        return HIGH_ENTROPY
    return None


def names_secret_store(text: str) -> bool:
    """Whether ``text`` is a Secrets Manager secret or Parameter Store parameter ARN."""
    return _SECRET_STORE_ARN.match(text) is not None


def _looks_random(text: str) -> bool:
    if len(text) < ENTROPY_LENGTH or any(char.isspace() for char in text):
        return False
    if _REFERENCE_VALUE.match(text):
        return False
    if not (
        any(c.islower() for c in text)
        and any(c.isupper() for c in text)
        and any(c.isdigit() for c in text)
    ):
        return False
    counts = Counter(text)
    bits = -sum(n / len(text) * math.log2(n / len(text)) for n in counts.values())
    return bits >= ENTROPY_BITS


def credential_kind(text: str, *, by_name: bool, random: bool = True) -> str | None:
    """What ``text`` is when it is a credential written in plain text, else ``None``.

    ``by_name``: what holds it names a credential, so any real value is one, unless it
    is the name of where the secret is kept (a path, an ARN, ``prod/github-token``).
    ``random``: a long random-looking string counts too (not for values such as
    configuration keys, where generated names are common).
    """
    if is_placeholder(text):
        return None
    shape = shape_of(text, random=random and not by_name)
    if shape is not None:
        return shape
    if not by_name or len(text) < MIN_LENGTH or _REFERENCE_VALUE.match(text):
        return None
    words = split_words(text)
    if len(words) > 1 and not (CREDENTIAL_WORDS | REFERENCE_WORDS).isdisjoint(words):
        return None  # the name of a secret (``github-token``), not the secret
    return "a credential"


@dataclass(frozen=True)
class Exposure:
    """A secret found in plain text: what it is, where, and which parameter it came from."""

    kind: str
    location: Location
    parameter: Parameter | None = None


def find_secret(
    value: Scalar | None, ctx: RuleContext, *, by_name: bool, random: bool = True
) -> Exposure | None:
    """The plain-text secret ``value`` is, if any.

    A literal is judged by :func:`credential_kind`. A ``Ref`` to a template parameter is
    judged by the parameter: a ``NoEcho`` one is never a secret in plain text; the default
    of another is judged as a literal (located at the default); and, when ``by_name``, a
    parameter without ``NoEcho`` exposes the secret wherever the stack's parameters are
    shown (kind empty, located at the ``Ref``). Any other intrinsic is judged by the text
    written out in it (a ``!Sub`` or ``!Join`` piece) by shape alone: an AWS access key ID or
    a token there is in plain text (located at the whole value). ``random`` is as for
    :func:`credential_kind`.
    """
    if value is None:
        return None
    if value.is_literal:
        text = value.text
        kind = credential_kind(text, by_name=by_name, random=random) if text else None
        return Exposure(kind, value.loc) if kind is not None else None
    parameter = _parameter(value, ctx)
    if parameter is None:
        return _written_out(value)
    if parameter.no_echo:
        return None
    default = parameter.default
    if default is not None and default.is_literal and default.text:
        kind = credential_kind(default.text, by_name=by_name, random=random)
        if kind is not None:
            return Exposure(kind, default.loc, parameter)
    if by_name:
        return Exposure("", value.loc, parameter)
    return None


def _written_out(value: Scalar) -> Exposure | None:
    """A secret shaped piece of text written out inside the intrinsic ``value``."""
    intrinsic = value.intrinsic
    for text in _strings(intrinsic.args if intrinsic is not None else None):
        kind = shape_of(text, random=False)
        if kind is not None and not is_placeholder(text):
            return Exposure(kind, value.loc)
    return None


def _strings(raw: object) -> Iterator[str]:
    """Every string in plain (long-form) data."""
    if isinstance(raw, str):
        yield raw
    elif isinstance(raw, dict):
        for item in raw.values():
            yield from _strings(item)
    elif isinstance(raw, list):
        for item in raw:
            yield from _strings(item)


def _parameter(value: Scalar, ctx: RuleContext) -> Parameter | None:
    intrinsic = value.intrinsic
    template = ctx.model.template
    if intrinsic is None or template is None or intrinsic.function != "Ref":
        return None
    name = intrinsic.args
    return template.parameters.get(name) if isinstance(name, str) else None


def secret_violation(what: str, exposure: Exposure, advice: str = "") -> Violation:
    """The finding for ``exposure`` of the value ``what`` describes (``OAuthToken of action
    "Source"``), with ``advice`` after it; never quoting the value."""
    parameter = exposure.parameter
    if parameter is not None and not exposure.kind:
        return Violation(
            message=(
                f'{what} comes from parameter "{parameter.name}", which is not NoEcho: its '
                "value shows in plain text wherever the stack's parameters are shown"
            ),
            location=exposure.location,
            severity=Severity.HIGH,
        )
    source = f' comes from parameter "{parameter.name}", whose default' if parameter else ""
    return Violation(
        message=f"{what}{source} holds {exposure.kind} in plain text{advice}",
        location=exposure.location,
        confidence=Confidence.MEDIUM if exposure.kind == HIGH_ENTROPY else None,
        masked=(exposure.location,),
    )


def variable_secrets(
    variables: tuple[EnvironmentVariable, ...],
    owner: str,
    ctx: RuleContext,
    *,
    noun: str = "Environment variable",
    advice: str = "",
) -> Iterator[Violation]:
    """A finding for each plain-text variable of ``variables`` that holds a secret;
    ``owner`` says whose they are (``of action "Build"``), ``advice`` what to do instead."""
    for variable in variables:
        if not variable.is_plaintext or variable.name is None:
            continue
        name = variable.name.text
        exposure = find_secret(variable.value, ctx, by_name=is_credential_name(name))
        if exposure is not None:
            yield secret_violation(f'{noun} "{name}" {owner}', exposure, advice)
