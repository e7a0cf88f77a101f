"""Ingesting what a support engineer pastes: traces, HARs, headers, error lines, log exports.

`ingest_text`, `ingest_path` and `ingest_stream` sort one input into an `Evidence`: the pieces
recognised (kind and where), facts with their provenance, and findings (known messages with
their meaning and first fix). Nothing keeps the raw input. Running checks on the facts and
choosing the playbook step is the flow layer's (`wizard.core.flow.ingested`).
"""

from wizard.core.ingest.intake import ACCEPTED, ingest_path, ingest_stream, ingest_text
from wizard.core.ingest.messages import MessageMatch, MessageRule, recognise_messages
from wizard.core.ingest.model import (
    SECRET_FACT_NAMES,
    Evidence,
    Fact,
    Finding,
    Piece,
    scrub_shown,
    shown_value,
)

__all__ = [
    "ACCEPTED",
    "SECRET_FACT_NAMES",
    "Evidence",
    "Fact",
    "Finding",
    "MessageMatch",
    "MessageRule",
    "Piece",
    "ingest_path",
    "ingest_stream",
    "ingest_text",
    "recognise_messages",
    "scrub_shown",
    "shown_value",
]
