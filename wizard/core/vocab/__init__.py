"""The core's shared vocabulary: results and statuses, events, redaction, errors, environment.

Every other layer of the core may import these modules; they import nothing of the core
above them (an import-linter contract holds this).
"""
