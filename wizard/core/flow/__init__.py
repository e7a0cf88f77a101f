"""Flows: the YAML playbooks, their model, loader, validator and the engine that walks them."""
