"""The Textual face of the wizard: home, chat-style session, token inspector.

Everything here draws the engine's state and forwards the user's answers to it; the
decisions (routing, checks, redaction) all live in `wizard.core`.
"""
