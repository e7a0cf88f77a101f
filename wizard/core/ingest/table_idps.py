"""Messages of identity providers and their APIs: Keycloak, Auth0 (with log type codes), Okta,
Microsoft Graph.

Sources: Keycloak's userinfo endpoint and event log format, its adapters' messages; Auth0's log
event type codes and its /userinfo error body; Okta's access-policy error and System Log event
types; Microsoft Graph's error body for token validation.
"""

from __future__ import annotations

from wizard.core.ingest.message_rule import rule

KEYCLOAK = "Keycloak"
AUTH0 = "Auth0"
OKTA = "Okta"

# Auth0 log event codes that say a token was not issued (or not usable), with their meaning.
AUTH0_FAILURE_CODES = {
    "feacft": "a failed exchange of an authorization code for an access token",
    "fepft": "a failed exchange of a password for an access token",
    "feccft": "a failed exchange of client credentials for an access token",
    "fertft": "a failed exchange of a refresh token for an access token",
    "fco": "an origin not in the application's Allowed Origins (CORS)",
    "f": "a failed login",
    "fp": "a wrong password",
    "fu": "an unknown user name or email",
}

RULES = (
    rule(
        "keycloak.token_verification_failed",
        KEYCLOAK,
        "Token verification failed",
        r"Token verification failed",
        "Keycloak could not verify the token at userinfo or introspection: it was called through "
        "another host name than the token's issuer, the token is from another realm or "
        "instance, or its session is gone.",
        "Call userinfo through the same host name as the token's iss (set KC_HOSTNAME), with a "
        "token of this realm.",
        "issuer",
        "userinfo.request",
        "token.issuer",
    ),
    rule(
        "keycloak.userinfo_event",
        KEYCLOAK,
        "USER_INFO_REQUEST_ERROR",
        r"type=\"?USER_INFO_REQUEST_ERROR\"?.*?realmId=\"?(?P<realm>[^,\" ]*)\"?"
        r"(?:.*?error=\"?(?P<error>[^,\" ]*))?",
        "Keycloak's event log recorded a failed userinfo call in realm {realm} ({error}); the "
        "event gives no reason, so check the host name and realm of the token.",
        "Compare the token's iss with the URL userinfo is called at.",
        "issuer",
        "userinfo.request",
        "token.issuer",
    ),
    rule(
        "keycloak.adapter_issuer",
        KEYCLOAK,
        "Invalid token issuer. Expected",
        r"Invalid token issuer\. Expected '(?P<issuer>[^']*)'",
        "The Keycloak adapter expected the issuer {issuer}.",
        "Use tokens of that realm URL, or set the adapter's auth-server-url to the token's.",
        "issuer",
        "evidence.issuer",
        "token.issuer",
    ),
    rule(
        "keycloak.adapter_kid",
        KEYCLOAK,
        "Didn't find publicKey for specified kid",
        r"Didn't find publicKey for specified kid",
        "The Keycloak adapter has no key for the token's kid: another realm, or keys rotated.",
        "Check the token's realm and the realm's keys.",
        "keys",
        "jwks.keys",
    ),
    rule(
        "keycloak.not_active",
        KEYCLOAK,
        "Token is not active",
        r"Token is not active",
        "Keycloak considers the token expired or its session ended.",
        "Get a fresh token; check the SSO session idle and max settings.",
        "lifetime",
        "token.lifetime",
    ),
    rule(
        "auth0.userinfo_invalid_credentials",
        AUTH0,
        "invalid credentials",
        r"invalid credentials",
        "Auth0's /userinfo refused the access token: a JWT access token must carry the "
        "https://TENANT.auth0.com/userinfo audience, which Auth0 adds only when the scope "
        "includes openid and the API is not HS256.",
        "Request the openid scope (and an RS256 API), then call /userinfo with that token.",
        "auth0-userinfo",
        "auth0.userinfo",
        "token.audience",
        "token.scopes",
        "userinfo.request",
    ),
    rule(
        "auth0log.failure",
        AUTH0,
        '"type"',
        r"\"type\"\s*:\s*\"(?P<log_type>" + "|".join(AUTH0_FAILURE_CODES) + r")\""
        r"(?:.*?\"description\"\s*:\s*\"(?P<detail>[^\"]{0,300})\")?",
        "Auth0's log records event '{log_type}' ({detail}): no token came out of that request.",
        "Open the event in Auth0's logs: its description and client_id say which setting "
        "refused the request (grant types, audience, allowed origins).",
        "auth0-log",
        "token.audience",
    ),
    rule(
        "okta.policy_evaluation_failed",
        OKTA,
        "Policy evaluation failed for this request",
        r"Policy evaluation failed for this request",
        "No access policy rule of the Okta authorization server covers this client, grant and "
        "all the requested scopes, so no token was minted.",
        "Add or widen an access policy rule (clients, grant types, scopes) on the authorization "
        "server.",
        "okta-policy",
        "okta.system_log",
        "token.scopes",
    ),
    rule(
        "okta.no_matching_policy",
        OKTA,
        "no_matching_policy",
        r"no_matching_policy",
        "The Okta System Log says no access policy matched: no token was minted.",
        "Add or widen an access policy rule on the authorization server.",
        "okta-policy",
        "okta.system_log",
    ),
    rule(
        "okta.scope_denied",
        OKTA,
        "authorize.scope_denied",
        r"app\.oauth2(?:\.as)?\.authorize\.scope_denied",
        "Okta refused a requested scope for this app (a custom scope on the org server, or a "
        "scope not granted to the client).",
        "Request only scopes the authorization server defines and the client may use.",
        "okta",
        "okta.system_log",
        "token.scopes",
        "okta.server",
    ),
    rule(
        "okta.token_granted",
        OKTA,
        ".token.grant.",
        r"app\.oauth2(?P<custom>\.as)?\.token\.grant\.(?P<kind>id_token|access_token)",
        lambda m: (
            f"Okta issued an {m['kind'].replace('_', ' ')} from the "
            f"{'custom' if m.get('custom') else 'org'} authorization server: the tokens exist, "
            "so look at what the service provider expects of them."
        ),
        "Compare the token's aud, scopes and claims with what the service provider expects.",
        "okta",
        "okta.system_log",
        "token.audience",
        "token.claims",
        severity="warn",
    ),
    rule(
        "graph.invalid_audience",
        "Microsoft Graph",
        "InvalidAuthenticationToken",
        r"InvalidAuthenticationToken.*?(?:Invalid audience|(?P<detail>[^\"]{0,200}))",
        "Graph refused the token: a token for your own API (or an ID token) was sent to Graph, "
        "or a Graph token was sent to your API.",
        "Request a token with a Graph scope (https://graph.microsoft.com/.default) for Graph, "
        "and your API's scope for your API.",
        "audience",
        "token.audience",
    ),
)
