"""What the commands' flags mean to the core: argparse destinations as facts and options.

The core knows facts and `CheckOptions`, never argparse; this module is the translation,
shared by `check`, `run`, `resume`, `replay`, the TUI and the demo's printed `wizard check` line.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from wizard.core.vocab.environment import CheckOptions
from wizard.core.vocab.errors import UserError

# argparse destination → fact name, for the flags whose names differ from the fact.
FLAG_FACTS = {
    "token": "token",
    "id_token": "id_token",
    "issuer": "issuer",
    "client_id": "client_id",
    "client_secret": "client_secret",
    "audience": "audience",
    "resource": "resource_url",
    "resource_header": "resource_header",
    "okta_domain": "okta_domain",
    "okta_api_token": "okta_api_token",
    "since": "since",
    "opensearch_config": "opensearch_config",
    "roles_mapping": "roles_mapping",
    "dashboards_config": "dashboards_config",
    "opensearch_version": "opensearch_version",
}


def facts_from_flags(values: Mapping[str, Any]) -> dict[str, str]:
    """Session facts from parsed flags (argparse dests); lists of scopes join with spaces."""
    from wizard.core.checks.batch import claim_expectations  # deferred: the catalog is heavy

    facts = {fact: str(values[dest]) for dest, fact in FLAG_FACTS.items() if values.get(dest)}
    if "id_token" in facts and "token" not in facts:
        # Given only an ID token (the one OpenSearch Dashboards forwards), the token checks
        # read it rather than skip for want of a token.
        facts["token"] = facts["id_token"]
    scopes = [part for item in values.get("scope") or [] for part in str(item).split()]
    if scopes:
        facts["scopes"] = " ".join(scopes)
    expectations = claim_expectations(values.get("expect_claim") or [])
    if expectations:
        facts["expect_claim"], value = expectations[0]
        if value is not None:
            facts["expect_value"] = value
    return facts


def requested_checks(values: Mapping[str, Any]) -> list[str]:
    """The checks declared `on_request` whose flag was given (`--userinfo`, `--resource URL`)."""
    from wizard.core.checks.catalog import load_registry  # deferred: the catalog is heavy

    return [
        spec.id
        for spec in load_registry().values()
        if spec.on_request and values.get(flag_dest(spec.on_request))
    ]


def flag_dest(flag: str) -> str:
    """The argparse destination of a flag as a check's declaration writes it: `--resource URL`."""
    return flag.split()[0].lstrip("-").replace("-", "_")


def options_from_flags(values: Mapping[str, Any]) -> CheckOptions:
    defaults = CheckOptions()
    return CheckOptions(
        offline=bool(values.get("offline")),
        timeout=float(values.get("timeout") or defaults.timeout),
        skew=float(values["skew"]) if values.get("skew") is not None else defaults.skew,
        allow_http=bool(values.get("allow_http")),
        insecure=bool(values.get("insecure")),
        ca_bundle=values.get("ca_bundle") or None,
    )


# A fact value read from a file is a token or a short config value: more is a mistake.
FACT_FILE_LIMIT = 64 * 1024


def parse_fact_args(pairs: list[str]) -> dict[str, str]:
    """`--fact NAME=VALUE` items as facts; `NAME=@FILE` reads the value from a file.

    The file form keeps tokens and secrets out of the shell's history and the process list.
    """
    facts: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            # The item is not echoed: a token pasted without its NAME= would be shown.
            raise UserError("--fact wants NAME=VALUE or NAME=@FILE (an item has no NAME=)")
        facts[name.strip()] = read_fact_file(value[1:]) if value.startswith("@") else value
    return facts


def read_fact_file(name: str) -> str:
    """The stripped text of a small regular file named in `--fact NAME=@FILE`."""
    from wizard.core.vocab.userfiles import read_user_file

    # The shared reader refuses FIFOs, devices, folders and files over the limit.
    data = read_user_file(name, limit=FACT_FILE_LIMIT, label="--fact")
    try:
        text = data.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise UserError(f"--fact {name} is not UTF-8 text") from None
    if not text:
        raise UserError(f"--fact {name} is empty")
    return text
