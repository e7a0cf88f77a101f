"""Messages of gateways and proxies in front of an API: Envoy/Istio, oauth2-proxy, NGINX, AWS.

Sources: google/jwt_verify_lib src/status.cc (the texts Envoy's jwt_authn filter answers with;
its access log writes them with '_' for spaces), oauth2-proxy's OIDC provider and session code
(with go-oidc's verifier texts), ingress-nginx auth_request, the AWS API Gateway HTTP API JWT
authorizer troubleshooting guide, Apache APISIX openid-connect, kube-apiserver's OIDC
authenticator.
"""

from __future__ import annotations

from wizard.core.ingest.message_rule import rule

ENVOY = "Envoy / Istio jwt_authn"
OAUTH2_PROXY = "oauth2-proxy"
KUBE = "kube-apiserver"

RULES = (
    rule(
        "envoy.issuer_not_configured",
        ENVOY,
        "Jwt issuer is not configured",
        r"Jwt issuer is not configured",
        "The token's iss is not exactly the issuer of any jwt_authn provider (localhost vs "
        "127.0.0.1, http vs https, a trailing slash), or the rule reads the token from another "
        "header than the one it came in.",
        "Make the RequestAuthentication / provider issuer identical to the token's iss, and "
        "check fromHeaders if the token is not in Authorization.",
        "issuer",
        "token.issuer",
        "evidence.issuer",
    ),
    rule(
        "envoy.jwks_no_key",
        ENVOY,
        "Jwks doesn't have key to match kid or alg from Jwt",
        r"Jwks doesn't have key to match kid or alg from Jwt",
        "No key of the provider's JWKS fits the token's kid and alg. On Istio, istiod may have "
        "failed to fetch jwksUri and put a placeholder key in its place.",
        "Check the kid against the issuer's jwks_uri; on Istio look at istiod's log for the "
        "JWKS fetch and at the inline JWKS in istioctl proxy-config.",
        "keys",
        "jwks.keys",
        "token.signature",
    ),
    rule(
        "envoy.audience_not_allowed",
        ENVOY,
        "Audiences in Jwt are not allowed",
        r"Audiences in Jwt are not allowed",
        "The token's aud is not in the provider's audiences list; Envoy answers this with 403, "
        "not 401.",
        "Add the token's audience to the provider's audiences, or request the token for it.",
        "audience",
        "token.audience",
        "evidence.audience",
    ),
    rule(
        "envoy.jwt_missing",
        ENVOY,
        "Jwt is missing",
        r"Jwt is missing",
        "Envoy found no token where the rule looks for it: another header or prefix, or a hop "
        "before Envoy removed it.",
        "Send 'Authorization: Bearer <token>' (or set fromHeaders), and trace where the header "
        "is lost.",
        "token-missing",
        "challenge.no_error",
    ),
    rule(
        "envoy.jwt_expired",
        ENVOY,
        "Jwt is expired",
        r"Jwt is expired",
        "Envoy found the token expired.",
        "Get a fresh token.",
        "lifetime",
        "token.lifetime",
    ),
    rule(
        "envoy.jwt_not_yet_valid",
        ENVOY,
        "Jwt not yet valid",
        r"Jwt not yet valid",
        "Envoy found the token not yet valid: the proxy's clock is behind the issuer's.",
        "Synchronise the clocks.",
        "lifetime",
        "token.lifetime",
        "clock.skew",
    ),
    rule(
        "envoy.jwt_verification_fails",
        ENVOY,
        "Jwt verification fails",
        r"Jwt verification fails",
        "The token's signature does not verify with the provider's keys.",
        "Check that the token comes from the provider's issuer and the keys are current.",
        "signature",
        "token.signature",
        "jwks.keys",
    ),
    rule(
        "envoy.jwt_malformed",
        ENVOY,
        "Jwt is not in the form of Header.Payload.Signature",
        r"Jwt is not in the form of Header\.Payload\.Signature",
        "What reached Envoy is not a three-part JWT (an opaque token, or a cut one).",
        "Send a JWT access token; opaque tokens need an introspecting gateway.",
        "format",
        "token.format",
    ),
    rule(
        "envoy.jwks_fetch_failed",
        ENVOY,
        "Jwks remote fetch is failed",
        r"Jwks remote fetch is failed",
        "Envoy could not fetch the provider's JWKS (cluster, DNS, TLS).",
        "Fix the remote_jwks cluster so Envoy reaches the jwks_uri.",
        "keys",
        "jwks.keys",
        "discovery.document",
    ),
    rule(
        "oauth2proxy.audience",
        OAUTH2_PROXY,
        "audience from claim",
        r"audience from claim (?P<audience_claim>\S+) with value \[(?P<token_audience>[^\]]*)\]"
        r" does not match with any of allowed audiences (?:map)?\[(?P<audience>[^\]]*)\]",
        "The token's aud ({token_audience}) lacks the proxy's client id ({audience}); "
        "oauth2-proxy answers the callback with 500.",
        "Add the client id to aud at the IdP (Keycloak: an Audience mapper), or list the "
        "audience in oidc_extra_audiences.",
        "audience",
        "evidence.audience",
        "token.audience",
    ),
    rule(
        "oauth2proxy.no_audience",
        OAUTH2_PROXY,
        "do not exist in claims",
        r"audience claims \[(?P<audience_claim>[^\]]*)\] do not exist in claims",
        "The token has no aud claim at all (Keycloak without an audience mapper, Cognito "
        "client_credentials).",
        "Make the IdP put the client id in aud.",
        "audience",
        "token.audience",
    ),
    rule(
        "oauth2proxy.other_provider",
        OAUTH2_PROXY,
        "issued by a different provider",
        r"issued by a different provider, expected \\?\"(?P<issuer>[^\"\\]*)\\?\" got "
        r"\\?\"(?P<token_issuer>[^\"\\]*)\\?\"",
        "The token's issuer ({token_issuer}) is not the one the verifier is configured for "
        "({issuer}).",
        "Set oidc_issuer_url to the token's iss exactly (or skip_oidc_discovery with the right "
        "URLs).",
        "issuer",
        "evidence.issuer",
        "token.issuer",
    ),
    rule(
        "oauth2proxy.email_unverified",
        OAUTH2_PROXY,
        "isn't verified",
        r"email in id_token \((?P<email>[^)]*)\) isn't verified",
        "The ID token says email_verified false; oauth2-proxy refuses it (500).",
        "Verify the user's email at the IdP, or allow unverified emails knowingly "
        "(insecure_oidc_allow_unverified_email).",
        "claims",
        "token.claims",
    ),
    rule(
        "nginx.auth_request_status",
        "NGINX auth_request",
        "auth request unexpected status",
        r"auth request unexpected status: (?P<upstream_status>\d{3})",
        "The auth service NGINX asks answered {upstream_status}, neither 2xx nor 401/403, so "
        "NGINX answers 500: a wrong auth-url path or a redirect, not a token problem.",
        "Point auth-url (auth_request) at the auth service's check endpoint and make it answer "
        "2xx, 401 or 403.",
        "gateway",
        "evidence.responder",
    ),
    rule(
        "awsapigw.invalid_audience",
        "AWS API Gateway JWT authorizer",
        "does not have a valid audience",
        r"the token does not have a valid audience",
        "The authorizer found neither aud nor (when aud is absent) client_id among its "
        "audiences: Cognito access tokens carry client_id, not aud.",
        "Add the token's aud, or for Cognito the app client id, to the authorizer's audience.",
        "audience",
        "token.audience",
    ),
    rule(
        "awsapigw.invalid_issuer",
        "AWS API Gateway JWT authorizer",
        "does not have a valid issuer",
        r"the token does not have a valid issuer",
        "The authorizer's issuer differs from the token's iss.",
        "Set the authorizer's issuer to the token's iss exactly.",
        "issuer",
        "token.issuer",
    ),
    rule(
        "apisix.introspection_failed",
        "Apache APISIX openid-connect",
        "response indicates failure",
        r"response indicates failure, status=(?P<upstream_status>\d{3})",
        "The gateway's own introspection call failed ({upstream_status}): its client "
        "credentials, not the user's token.",
        "Check the gateway's client_id and client_secret at the introspection endpoint.",
        "introspection",
        "introspection.request",
    ),
    rule(
        "kube.oidc_audience",
        KUBE,
        "expected audience",
        r"expected audience \\?\"(?P<audience>[^\"\\]*)\\?\" got \[(?P<token_audience>[^\]]*)\]",
        "kube-apiserver expected the audience {audience} (its --oidc-client-id) and the token "
        "has {token_audience}.",
        "Request the token for the apiserver's client id, or change --oidc-client-id.",
        "audience",
        "evidence.audience",
        "token.audience",
    ),
    rule(
        "kube.invalid_bearer",
        KUBE,
        "invalid bearer token",
        r"invalid bearer token",
        "kube-apiserver refused the token (1.34 and later say no more): audience, issuer or an "
        "unverified email under the email username claim.",
        "Read the token's aud, iss and email_verified against the apiserver's --oidc-* flags.",
        "claims",
        "token.audience",
        "token.issuer",
        "token.claims",
    ),
    rule(
        "kubectl.unauthorized",
        KUBE,
        "You must be logged in to the server",
        r"You must be logged in to the server \(Unauthorized\)",
        "kubectl got a 401: the apiserver's log line says which rule the token broke.",
        "Look for 'Unable to authenticate the request' in the apiserver's log.",
        "claims",
        "token.audience",
        "token.issuer",
        severity="warn",
    ),
)
