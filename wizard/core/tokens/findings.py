"""Where the token rules found `Findings` before it moved to the shared vocabulary."""

from wizard.core.vocab.findings import Findings

__all__ = ["Findings"]
