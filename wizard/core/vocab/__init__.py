"""The shared vocabulary at the bottom of the core: what every layer above may use."""
