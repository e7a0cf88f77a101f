"""The shared vocabulary of the core: what every layer above may speak of."""
