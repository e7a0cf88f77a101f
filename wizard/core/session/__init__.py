"""Sessions: facts, the event log, transcripts, redaction and autosave."""
