"""The JSON Schema of flow files, generated from the model (kept in flows/schema.json)."""

from __future__ import annotations

from typing import Any

from wizard.core.flow.model import Flow

SCHEMA_ID = "https://oidc-401-wizard.invalid/flow.schema.json"


def flow_schema() -> dict[str, Any]:
    """The schema editors use to complete and check flow files."""
    schema = Flow.model_json_schema(by_alias=True)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID, **schema}
