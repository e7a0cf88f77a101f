"""The engine of the wizard: flows, checks and sessions, with no terminal UI.

Nothing under `wizard.core` may import Textual, Rich or `wizard.ui`; a test holds this.
"""
