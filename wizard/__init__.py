"""oidc-401 wizard: guided troubleshooting for 401 Unauthorized in OpenID Connect integrations."""

__version__ = "0.1.0"
