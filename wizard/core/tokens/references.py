"""Where each rule comes from: the specs and provider pages that results cite."""

from __future__ import annotations

RFC_6749_SCOPE = "https://www.rfc-editor.org/rfc/rfc6749#section-3.3"
RFC_6750 = "https://www.rfc-editor.org/rfc/rfc6750"
RFC_7515 = "https://www.rfc-editor.org/rfc/rfc7515"
RFC_7516 = "https://www.rfc-editor.org/rfc/rfc7516"
RFC_7519 = "https://www.rfc-editor.org/rfc/rfc7519"
RFC_7519_EXP = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.4"
RFC_7519_AUD = "https://www.rfc-editor.org/rfc/rfc7519#section-4.1.3"
RFC_7662 = "https://www.rfc-editor.org/rfc/rfc7662"
RFC_8725 = "https://www.rfc-editor.org/rfc/rfc8725"
RFC_9068 = "https://www.rfc-editor.org/rfc/rfc9068"
OIDC_ID_TOKEN = "https://openid.net/specs/openid-connect-core-1_0.html#IDToken"
OIDC_ID_TOKEN_VALIDATION = "https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation"
OIDC_SCOPE_CLAIMS = "https://openid.net/specs/openid-connect-core-1_0.html#ScopeClaims"
OIDC_USERINFO = "https://openid.net/specs/openid-connect-core-1_0.html#UserInfo"

PROVIDER_DOCS: dict[str, tuple[str, ...]] = {
    "okta-org": ("https://developer.okta.com/docs/concepts/auth-servers/",),
    "okta-custom": (
        "https://developer.okta.com/docs/concepts/auth-servers/",
        "https://developer.okta.com/docs/guides/validate-access-tokens/",
    ),
    "auth0": (
        "https://auth0.com/docs/secure/tokens/access-tokens/get-access-tokens",
        "https://auth0.com/docs/secure/tokens/json-web-tokens/create-custom-claims",
    ),
    "keycloak": ("https://www.keycloak.org/docs/latest/server_admin/#_audience",),
    "entra-v1": ("https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens",),
    "entra-v2": ("https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens",),
    "google": ("https://developers.google.com/identity/openid-connect/openid-connect",),
    "cognito": (
        "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-the-access-token.html",
    ),
    "ping": ("https://docs.pingidentity.com/pingone/applications/p1_access_tokens.html",),
}

# Provider facts (docs/FLOWS.md, "Provider facts"): each rule cites one of these.
RFC_6749_REFRESH = "https://www.rfc-editor.org/rfc/rfc6749#section-1.5"
RFC_8705 = "https://www.rfc-editor.org/rfc/rfc8705#section-3"
RFC_9449 = "https://www.rfc-editor.org/rfc/rfc9449#section-7.1"
KEYCLOAK_HOSTNAME = "https://www.keycloak.org/server/hostname"
KEYCLOAK_AUDIENCE = "https://www.keycloak.org/docs/latest/server_admin/#_audience"
KEYCLOAK_ROLES_MAPPER = "https://www.keycloak.org/docs/latest/server_admin/#_protocol-mappers"
ENTRA_ACCESS_TOKENS = "https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens"
ENTRA_MANIFEST_VERSION = "https://learn.microsoft.com/en-us/entra/identity-platform/reference-microsoft-graph-app-manifest"
ENTRA_GROUP_OVERAGE = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference"
    "#groups-overage-claim"
)
ENTRA_APP_ROLES = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/howto-add-app-roles-in-apps"
)
ENTRA_MULTI_TENANT = (
    "https://learn.microsoft.com/en-us/entra/identity-platform/howto-convert-app-to-be-multi-tenant"
)
COGNITO_VERIFY = "https://docs.aws.amazon.com/cognito/latest/developerguide/amazon-cognito-user-pools-using-tokens-verifying-a-jwt.html"
API_GATEWAY_JWT = (
    "https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-jwt-authorizer.html"
)
GOOGLE_ID_TOKEN = (
    "https://developers.google.com/identity/openid-connect/openid-connect#validatinganidtoken"
)
GOOGLE_AZP = "https://developers.google.com/identity/sign-in/android/backend-auth"
OAUTH2_PROXY_BEARER = "https://oauth2-proxy.github.io/oauth2-proxy/configuration/overview"
ALB_AUTHENTICATE = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html"

AUTH0_JWE = "https://auth0.com/docs/secure/tokens/access-tokens/json-web-encryption"
AUTH0_USERINFO = "https://auth0.com/docs/api/authentication#user-profile"
OPENSEARCH_OIDC = (
    "https://opensearch.org/docs/latest/security/authentication-backends/openid-connect/"
)


def provider_docs(provider: str | None) -> tuple[str, ...]:
    """The provider's own pages on tokens, or nothing for a generic provider."""
    return PROVIDER_DOCS.get(provider or "", ())
