"""Every row of the message table is found in a line shaped like the one its emitter writes."""

from __future__ import annotations

import pytest

from wizard.core.ingest.messages import all_rules, recognise_messages

# message id → (a line as the emitter writes it, facts the line must give).
EXAMPLES: dict[str, tuple[str, dict[str, str]]] = {
    "dotnet.idx10214": (
        "IDX10214: Audience validation failed. Audiences: 'api://a'. Did not match: "
        "validationParameters.ValidAudience: 'a' or validationParameters.ValidAudiences: 'b'.",
        {"token_audience": "api://a", "audience": "a", "audiences_also": "b"},
    ),
    "dotnet.idx10205": (
        "IDX10205: Issuer validation failed. Issuer: 'https://x/'. Did not match: "
        "validationParameters.ValidIssuer: 'https://y/' or "
        "validationParameters.ValidIssuers: 'null'.",
        {"token_issuer": "https://x/", "issuer": "https://y/"},
    ),
    "dotnet.idx10260": ("IDX10260: Issuer validation failed. Issuer: 'https://x/'.", {}),
    "dotnet.idx40001": (
        "IDX40001: Issuer: 'https://login.microsoftonline.com/t/v2.0', does not match any of "
        "the valid issuers provided for this application.",
        {"token_issuer": "https://login.microsoftonline.com/t/v2.0"},
    ),
    "dotnet.idx10503": (
        "IDX10503: Signature validation failed. The token's kid is: 'abc', but did not match "
        "any keys in TokenValidationParameters or Configuration. Keys tried: 'x'. Number of "
        "keys in TokenValidationParameters: '0'. Number of keys in Configuration: '0'.",
        {"kid": "abc", "configuration_keys": "0"},
    ),
    "dotnet.idx10511": ("IDX10511: Signature validation failed. Keys tried: 'k'. kid: 'abc'.", {}),
    "dotnet.idx10223": (
        "IDX10223: Lifetime validation failed. The token is expired. ValidTo (UTC): "
        "'5/6/2025 4:18:32 PM', Current time (UTC): '5/6/2025 4:20:00 PM'.",
        {"token_exp": "5/6/2025 4:18:32 PM", "validator_now": "5/6/2025 4:20:00 PM"},
    ),
    "dotnet.idx10222": (
        "IDX10222: Lifetime validation failed. The token is not yet valid. ValidFrom (UTC): "
        "'5/6/2025 4:18:32 PM', Current time (UTC): '5/6/2025 4:17:00 PM'.",
        {"token_nbf": "5/6/2025 4:18:32 PM"},
    ),
    "dotnet.idx10208": ("IDX10208: Unable to validate audience. validationParameters.", {}),
    "dotnet.idx10204": ("IDX10204: Unable to validate issuer. validationParameters.", {}),
    "dotnet.idx14100": ("IDX14100: JWT is not well formed, there are no dots (.).", {}),
    "dotnet.pii_hidden": ("Audiences: '[PII of type 'System.String' is hidden.", {}),
    "aspnet.audience_invalid": (
        'Bearer error="invalid_token", error_description="The audience \'api://x\' is invalid"',
        {"token_audience": "api://x"},
    ),
    "aspnet.issuer_invalid": ("The issuer 'https://i/' is invalid", {"token_issuer": "https://i/"}),
    "aspnet.expired": ("The token expired at '05/06/2025 16:18:32'", {}),
    "aspnet.not_yet_valid": ("The token is not valid before '05/06/2025 16:18:32'", {}),
    "aspnet.key_not_found": ('error_description="The signature key was not found"', {}),
    "aspnet.signature_invalid": ('error_description="The signature is invalid"', {}),
    "aspnet.no_expiration": ('error_description="The token has no expiration"', {}),
    "spring.jwt_expired": (
        "An error occurred while attempting to decode the Jwt: Jwt expired at 2025-05-06T16:18:32Z",
        {"token_exp": "2025-05-06T16:18:32Z"},
    ),
    "spring.nimbus_rejected": (
        "An error occurred while attempting to decode the Jwt: Signed JWT rejected: Another "
        "algorithm expected, or no matching key(s) found",
        {},
    ),
    "spring.iss_invalid": ("The iss claim is not valid", {}),
    "spring.aud_invalid": ("The aud claim is not valid", {}),
    "node.audience_invalid": (
        "UnauthorizedError: jwt audience invalid. expected: api://orders",
        {"audience": "api://orders"},
    ),
    "node.issuer_invalid": ("jwt issuer invalid. expected: https://i/", {"issuer": "https://i/"}),
    "auth0express.unexpected_claim": ("InvalidTokenError: Unexpected 'aud' value", {}),
    "jwks.signing_key_not_found": (
        "SigningKeyNotFoundError: Unable to find a signing key that matches 'k9'",
        {"kid": "k9"},
    ),
    "pyjwt.expired": ("jwt.exceptions.ExpiredSignatureError: Signature has expired", {}),
    "pyjwt.audience": ("jwt.exceptions.InvalidAudienceError: Audience doesn't match", {}),
    "envoy.issuer_not_configured": ("Jwt issuer is not configured", {}),
    "envoy.jwks_no_key": ("Jwks doesn't have key to match kid or alg from Jwt", {}),
    "envoy.audience_not_allowed": ("Audiences in Jwt are not allowed", {}),
    "envoy.jwt_missing": ('"GET / HTTP/1.1" 401 - jwt_authn_access_denied{Jwt_is_missing}', {}),
    "envoy.jwt_expired": ("Jwt is expired", {}),
    "envoy.jwt_not_yet_valid": ("Jwt not yet valid", {}),
    "envoy.jwt_verification_fails": ("Jwt verification fails", {}),
    "envoy.jwt_malformed": (
        "Jwt is not in the form of Header.Payload.Signature with two dots and 3 sections",
        {},
    ),
    "envoy.jwks_fetch_failed": ("Jwks remote fetch is failed", {}),
    "oauth2proxy.audience": (
        "audience from claim aud with value [a b] does not match with any of allowed "
        "audiences map[c:{} d:{}]",
        {"token_audience": "a b", "audience": "c d"},
    ),
    "oauth2proxy.no_audience": ("audience claims [aud] do not exist in claims: map[sub:x]", {}),
    "oauth2proxy.other_provider": (
        'oidc: id token issued by a different provider, expected "https://a" got "https://b"',
        {"issuer": "https://a", "token_issuer": "https://b"},
    ),
    "oauth2proxy.email_unverified": (
        "Error redeeming code during OAuth2 callback: email in id_token (a@example.com) "
        "isn't verified",
        {"email": "a@example.com"},
    ),
    "nginx.auth_request_status": (
        "auth request unexpected status: 302 while sending to client",
        {"upstream_status": "302"},
    ),
    "awsapigw.invalid_audience": (
        'www-authenticate: Bearer scope="" error="invalid_token" error_description="the token '
        'does not have a valid audience"',
        {},
    ),
    "awsapigw.invalid_issuer": ('error_description="the token does not have a valid issuer"', {}),
    "apisix.introspection_failed": (
        'Bearer realm="apisix", error="invalid_token", error_description="response indicates '
        'failure, status=401, body="',
        {"upstream_status": "401"},
    ),
    "kube.oidc_audience": (
        'err="[invalid bearer token, oidc: verify token: oidc: expected audience \\"kubernetes\\" '
        'got [\\"headlamp\\"]]"',
        {"audience": "kubernetes", "token_audience": "headlamp"},
    ),
    "kube.invalid_bearer": ('"Unable to authenticate the request" err="invalid bearer token"', {}),
    "kubectl.unauthorized": ("error: You must be logged in to the server (Unauthorized)", {}),
    "keycloak.token_verification_failed": (
        'WWW-Authenticate: Bearer realm="main", error="invalid_token", '
        'error_description="Token verification failed"',
        {},
    ),
    "keycloak.userinfo_event": (
        "type=USER_INFO_REQUEST_ERROR, realmId=main, clientId=null, userId=null, "
        "ipAddress=10.0.0.1, error=invalid_token, auth_method=validate_access_token",
        {"realm": "main", "error": "invalid_token"},
    ),
    "keycloak.adapter_issuer": (
        "Invalid token issuer. Expected 'https://kc/realms/main'",
        {"issuer": "https://kc/realms/main"},
    ),
    "keycloak.adapter_kid": ("Didn't find publicKey for specified kid", {}),
    "keycloak.not_active": ("Token is not active", {}),
    "auth0.userinfo_invalid_credentials": (
        '{"error":"unauthorized","error_description":"invalid credentials"}',
        {},
    ),
    "auth0log.failure": (
        '{"type": "fepft", "description": "Wrong email or password."}',
        {"log_type": "fepft"},
    ),
    "okta.policy_evaluation_failed": (
        "Policy evaluation failed for this request, please check the policy configurations",
        {},
    ),
    "okta.no_matching_policy": ('"reason": "no_matching_policy"', {}),
    "okta.scope_denied": ("eventType: app.oauth2.as.authorize.scope_denied", {}),
    "okta.token_granted": ("app.oauth2.token.grant.id_token", {"kind": "id_token"}),
    "graph.invalid_audience": (
        '{"error":{"code":"InvalidAuthenticationToken","message":"Access token validation '
        'failure. Invalid audience."}}',
        {},
    ),
    "opensearch.roles_key_missing": (
        "Failed to get roles from JWT claims with roles_key 'groups'.",
        {"roles_key": "groups"},
    ),
    "opensearch.roles_type": (
        "Expected type String or Collection for roles in the JWT for roles_key groups",
        {},
    ),
    "opensearch.subject_key_missing": (
        "Failed to get subject from JWT claims, check if subject_key 'upn' is correct.",
        {"subject_key": "upn"},
    ),
    "opensearch.no_subject": ("No subject found in JWT token", {}),
    "opensearch.invalid_signature": ("Invalid JWT signature", {}),
    "opensearch.unknown_kid": ("Unknown kid k1", {}),
    "opensearch.invalid_audience": ("Invalid audience", {}),
    "opensearch.invalid_issuer": ("Invalid issuer", {}),
    "opensearch.authentication_failed": (
        "Authentication finally failed for alice from 10.0.0.1:4444",
        {"opensearch_user": "alice"},
    ),
    "opensearch.basic_challenge": (
        "No 'Authorization' header, send 401 and 'WWW-Authenticate Basic'",
        {},
    ),
    "opensearch.no_permissions": (
        "no permissions for [indices:data/read/search] and User [name=a]",
        {"actions": "indices:data/read/search"},
    ),
    "dashboards.openid_failed": (
        "OpenId authentication failed: Error: [too_long_http_header_exception] HTTP header is "
        "larger than 8192 bytes",
        {},
    ),
    "dashboards.idp_endpoints": ("Failed when trying to obtain the endpoints from your IdP", {}),
    "dashboards.unauthorized_body": (
        '{"statusCode":401,"error":"Unauthorized","message":"Unauthorized"}',
        {},
    ),
}


def test_every_rule_has_an_example():
    assert sorted(rule.message_id for rule in all_rules()) == sorted(EXAMPLES)


def test_message_ids_are_unique():
    ids = [rule.message_id for rule in all_rules()]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("message_id", sorted(EXAMPLES))
def test_the_rule_finds_its_example(message_id: str):
    line, facts = EXAMPLES[message_id]
    found = {match.message_id: match for match in recognise_messages(line)}
    assert message_id in found, list(found)
    match = found[message_id]
    for name, value in facts.items():
        assert match.facts.get(name) == value, (name, match.facts)
    assert "?" not in match.explanation or not facts
    assert match.rule.fix and match.rule.check_ids


def test_a_stem_on_every_line_of_a_huge_paste_stays_bounded():
    text = "Invalid audience but nothing more\n" * 200_000 + "Jwt issuer is not configured\n"
    ids = [match.message_id for match in recognise_messages(text)]
    assert "envoy.issuer_not_configured" in ids
