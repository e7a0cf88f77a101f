"""Messages of the OpenSearch security plugin and OpenSearch Dashboards' security plugin.

Their wording changed across versions (`No 'Basic Authorization' header` became `No
'Authorization' header`; the logger prefix moved from c.a.d.a.h.j to o.o.s), so the patterns
key on the part that stayed.
"""

from __future__ import annotations

from wizard.core.ingest.message_rule import rule

SECURITY = "OpenSearch security plugin"
DASHBOARDS = "OpenSearch Dashboards security plugin"

RULES = (
    rule(
        "opensearch.roles_key_missing",
        SECURITY,
        "Failed to get roles from JWT claims",
        r"Failed to get roles from JWT claims with roles_key '(?P<roles_key>[^']*)'",
        lambda m: (
            "roles_key is not configured (the plugin prints '[]' for an empty roles_key from "
            "3.2 on): it is not that a claim is missing. Set roles_key in config.yml's openid "
            "domain to the claim that holds the roles; without it the user has no backend roles."
            if m.get("roles_key") in (None, "[]")
            else f"The security plugin found no claim '{m['roles_key']}' (its roles_key) in the "
            "token, so the user gets no backend roles. The login itself can still succeed; "
            "without a role mapping by user name it then ends in 403 'no permissions'. "
            "Dashboards forwards the ID token: the claim must be in the ID token, at the top "
            "level before 3.1."
        ),
        "Add the claim to the ID token at the IdP, or set roles_key to a claim it has.",
        "opensearch",
        "opensearch.roles",
        "token.claims",
        "token.scopes",
        "opensearch.role_mapping",
    ),
    rule(
        "opensearch.roles_type",
        SECURITY,
        "Expected type String or Collection for roles",
        r"Expected type String or Collection for roles in the JWT for roles_key",
        "The roles claim is neither a string nor a list; the plugin uses its text form.",
        "Make the IdP send the roles claim as a list of strings.",
        "opensearch",
        "opensearch.roles",
    ),
    rule(
        "opensearch.subject_key_missing",
        SECURITY,
        "Failed to get subject from JWT claims",
        r"Failed to get subject from JWT claims, check if subject_key '(?P<subject_key>[^']*)'",
        "The token has no claim '{subject_key}' (the configured subject_key), so no user name "
        "can be taken from it and this authentication domain fails.",
        "Set subject_key to a claim the ID token has, or add the claim at the IdP.",
        "opensearch",
        "opensearch.subject",
        "token.claims",
    ),
    rule(
        "opensearch.no_subject",
        SECURITY,
        "No subject found in JWT token",
        r"No subject found in JWT token",
        "No user name came out of the token (no 'sub', or subject_key names a missing claim).",
        "Set subject_key to a claim the ID token has.",
        "opensearch",
        "opensearch.subject",
        "token.claims",
    ),
    rule(
        "opensearch.invalid_signature",
        SECURITY,
        "Invalid JWT signature",
        r"Invalid JWT signature",
        "The token's signature did not verify with the IdP's keys: a token from another issuer "
        "or realm, a rotated key, or a key-confusion attempt.",
        "Check that openid_connect_url names the token's issuer and its keys are current.",
        "signature",
        "token.signature",
        "jwks.keys",
        "opensearch.idp",
    ),
    rule(
        "opensearch.unknown_kid",
        SECURITY,
        "Unknown kid",
        r"Unknown kid",
        "The token names a key id the IdP's JWKS does not have: a different issuer than "
        "openid_connect_url, or keys rotated since OpenSearch cached them.",
        "Check openid_connect_url against the token's iss.",
        "keys",
        "token.signature",
        "jwks.keys",
        "opensearch.idp",
    ),
    rule(
        "opensearch.invalid_audience",
        SECURITY,
        "Invalid audience",
        r"Invalid audience",
        "The token's aud is not what required_audience in config.yml asks for.",
        "Make required_audience and the token's aud agree.",
        "opensearch",
        "opensearch.idp",
        "token.audience",
    ),
    rule(
        "opensearch.invalid_issuer",
        SECURITY,
        "Invalid issuer",
        r"Invalid issuer",
        "The token's iss is not what required_issuer in config.yml asks for.",
        "Make required_issuer and the token's iss agree.",
        "opensearch",
        "opensearch.idp",
        "token.issuer",
    ),
    rule(
        "opensearch.authentication_failed",
        SECURITY,
        "Authentication finally failed for",
        r"Authentication finally failed for (?P<opensearch_user>\S*) from (?P<address>\S+)",
        "No authentication domain accepted the request (user '{opensearch_user}', from "
        "{address}): every domain in config.yml was tried in order and none authenticated it. "
        "Look at the lines just before it for the reason.",
        "Turn on debug logging for the security plugin's BackendRegistry and read the lines "
        "before this one.",
        "opensearch",
        "opensearch.authc",
        "opensearch.idp",
        "opensearch.subject",
        "token.signature",
        "token.lifetime",
    ),
    rule(
        "opensearch.basic_challenge",
        SECURITY,
        "send 401 and 'WWW-Authenticate Basic'",
        r"No '(?:Basic )?Authorization' header, send 401 and 'WWW-Authenticate Basic'",
        "A request without a Basic Authorization header reached the basic (internal users) "
        "domain. With challenge: false on that domain and an openid domain after it, this line "
        "is harmless noise; with challenge: true it answers Bearer calls with a Basic challenge.",
        "Set challenge: false on the basic domain when the openid domain should answer.",
        "opensearch",
        "opensearch.authc",
    ),
    rule(
        "opensearch.no_permissions",
        SECURITY,
        "no permissions for [",
        r"no permissions for \[(?P<actions>[^\]]*)\]",
        "Authentication worked but no role grants [{actions}]: the user is mapped to no role "
        "that allows it (a 403, not a 401). Check roles_mapping.yml against the user name and "
        "backend roles.",
        "Map the user or one of its backend roles to a role that allows the action.",
        "opensearch",
        "opensearch.role_mapping",
        "opensearch.roles",
        "opensearch.subject",
    ),
    rule(
        "dashboards.openid_failed",
        DASHBOARDS,
        "OpenId authentication failed",
        r"OpenId authentication failed:?\s*(?P<reason>[^\"}\n]*)",
        "OpenSearch Dashboards could not complete the OpenID login ({reason}). 'Authentication "
        "Exception' means OpenSearch itself refused the ID token Dashboards forwarded: look at "
        "the OpenSearch nodes' log lines from the same moment; a header larger than 8192 bytes "
        "means the token or cookie is too big.",
        "Read the OpenSearch node's log from the same second; for the header size, raise "
        "http.max_header_size or slim the token.",
        "opensearch",
        "opensearch.authc",
        "opensearch.idp",
        "opensearch.subject",
        "opensearch.redirect",
    ),
    rule(
        "dashboards.idp_endpoints",
        DASHBOARDS,
        "Failed when trying to obtain the endpoints from your IdP",
        r"Failed when trying to obtain the endpoints from your IdP",
        "Dashboards could not fetch the discovery document at "
        "opensearch_security.openid.connect_url (wrong URL, TLS trust, proxy, or DNS).",
        "Fetch connect_url from the Dashboards host itself and fix what stops it.",
        "opensearch",
        "opensearch.idp",
        "discovery.document",
    ),
    rule(
        "dashboards.unauthorized_body",
        DASHBOARDS,
        '"statusCode":401',
        r"\{\"statusCode\":401,\"error\":\"Unauthorized\",\"message\":\"Unauthorized\"\}",
        "Dashboards answered 401: on /auth/openid/login?code=… the login callback failed "
        "(a token or cookie too large, an IdP mismatch, or OpenSearch refused the ID token).",
        "Run the OpenSearch playbook with config.yml and the ID token.",
        "opensearch",
        "opensearch.authc",
        "opensearch.idp",
    ),
)
