"""Integration tests against a real OpenID Provider run on loopback."""
