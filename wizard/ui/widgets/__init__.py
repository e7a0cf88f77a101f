"""Widgets of the session screen: conversation entries, answer boxes, the side panel."""
