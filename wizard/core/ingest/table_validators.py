"""Messages of the libraries that validate JWTs inside an API: .NET, ASP.NET, Spring, node, Python.

Sources, per family: Microsoft.IdentityModel LogMessages (AzureAD identitymodel extensions),
ASP.NET Core JwtBearerHandler.CreateErrorDescription, Spring Security's resource server and
Nimbus JOSE, node jsonwebtoken / express-jwt, Auth0 express-oauth2-jwt-bearer, jwks-rsa, PyJWT.
"""

from __future__ import annotations

from wizard.core.ingest.message_rule import rule

DOTNET = "Microsoft.IdentityModel (.NET)"
ASPNET = "ASP.NET Core JwtBearer"
SPRING = "Spring Security / Nimbus JOSE"
NODE = "node jsonwebtoken / express-jwt"
PYJWT = "PyJWT"
# Most values IdentityModel quotes are in single quotes.
Q = r"'(?P<{}>[^']*)'"

RULES = (
    rule(
        "dotnet.idx10214",
        DOTNET,
        "IDX10214",
        r"IDX10214:.*?Audiences: "
        + Q.format("token_audience")
        + r".*?ValidAudience: "
        + Q.format("audience")
        + r"(?:.*?ValidAudiences: "
        + Q.format("audiences_also")
        + ")?",
        "The token's aud ({token_audience}) is not among the audiences the API is configured "
        "with ({audience}). Typical: api://GUID against the bare GUID on Entra, or a stray space.",
        "Make the API's Audience / ValidAudiences hold the value the token carries, or request "
        "the token for the API's audience.",
        "audience",
        "evidence.audience",
        "token.audience",
    ),
    rule(
        "dotnet.idx10205",
        DOTNET,
        "IDX10205",
        r"IDX10205:.*?Issuer: "
        + Q.format("token_issuer")
        + r".*?ValidIssuer: "
        + Q.format("issuer")
        + r"(?:.*?ValidIssuers: "
        + Q.format("issuers_also")
        + ")?",
        "The token's iss ({token_issuer}) is not the issuer the API trusts ({issuer}). On Entra "
        "this is often a v1 token (sts.windows.net) meeting a v2 authority, or the reverse.",
        "Set the API's authority / ValidIssuer to the token's issuer exactly, or get tokens from "
        "the endpoint version the API expects (accessTokenAcceptedVersion in the manifest).",
        "issuer",
        "evidence.issuer",
        "token.issuer",
    ),
    rule(
        "dotnet.idx10260",
        DOTNET,
        "IDX10260",
        r"IDX10260:.*?Issuer: " + Q.format("token_issuer"),
        "The token's iss ({token_issuer}) matches neither the configured issuers nor the one "
        "in the metadata the API loaded.",
        "Compare the API's authority with the issuer in the token, byte for byte.",
        "issuer",
        "evidence.issuer",
        "token.issuer",
        "discovery.document",
    ),
    rule(
        "dotnet.idx40001",
        "Microsoft.Identity.Web",
        "IDX40001",
        r"IDX40001:.*?Issuer: " + Q.format("token_issuer"),
        "Microsoft.Identity.Web found the token's issuer ({token_issuer}) among none of the "
        "issuers valid for this application (tenant or authority mismatch).",
        "Check the TenantId / Instance settings against the token's tid and iss.",
        "issuer",
        "evidence.issuer",
        "token.issuer",
    ),
    rule(
        "dotnet.idx10503",
        DOTNET,
        "IDX1050",
        r"IDX1050[13]:(?:.*?kid(?: is)?: "
        + Q.format("kid")
        + r")?(?:.*?Number of keys in Configuration: '(?P<configuration_keys>\d+)')?",
        "The token's key id ({kid}) is in none of the keys the API holds: the wrong authority or "
        "metadata, keys not refreshed after a rotation, or a token for another resource (a "
        "Graph token). 'Number of keys in Configuration: 0' means the metadata never loaded.",
        "Check that the API's authority serves a jwks_uri listing this kid; if Configuration "
        "holds 0 keys, fix the API's access to the discovery document first.",
        "keys",
        "jwks.keys",
        "discovery.document",
        "token.signature",
    ),
    rule(
        "dotnet.idx10511",
        DOTNET,
        "IDX10511",
        r"IDX10511:(?:.*?kid: " + Q.format("kid") + ")?",
        "A key was tried but the signature does not verify with it: other key material, a "
        "modified token, or a Graph token (its header has a nonce).",
        "Verify the token against the issuer's JWKS; never send Graph tokens to your own API.",
        "signature",
        "token.signature",
        "jwks.keys",
    ),
    rule(
        "dotnet.idx10223",
        DOTNET,
        "IDX10223",
        r"IDX10223:.*?ValidTo \(UTC\): '(?P<token_exp>[^']*)'"
        r"(?:.*?Current time \(UTC\): '(?P<validator_now>[^']*)')?",
        "The token had expired when the API checked it (exp {token_exp}, API clock "
        "{validator_now}).",
        "Get a fresh token; if the two times are close, compare the API's clock with the issuer's.",
        "lifetime",
        "evidence.lifetime",
        "token.lifetime",
        "clock.skew",
    ),
    rule(
        "dotnet.idx10222",
        DOTNET,
        "IDX10222",
        r"IDX10222:.*?ValidFrom \(UTC\): '(?P<token_nbf>[^']*)'"
        r"(?:.*?Current time \(UTC\): '(?P<validator_now>[^']*)')?",
        "The token was not yet valid for the API (nbf {token_nbf}, API clock {validator_now}): "
        "the API's clock is behind the issuer's.",
        "Synchronise the clocks (NTP) or allow a small clock skew in the API.",
        "lifetime",
        "evidence.lifetime",
        "clock.skew",
    ),
    rule(
        "dotnet.idx10208",
        DOTNET,
        "IDX10208",
        r"IDX10208:",
        "The API has no audience configured (ValidAudience and ValidAudiences are empty): a "
        "service provider configuration problem, not a token problem.",
        "Set the Audience (or ValidAudiences) of the API's JwtBearer options.",
        "sp-config",
        "token.audience",
    ),
    rule(
        "dotnet.idx10204",
        DOTNET,
        "IDX10204",
        r"IDX10204:",
        "The API has no issuer configured: a service provider configuration problem.",
        "Set the Authority (or ValidIssuer) of the API's JwtBearer options.",
        "sp-config",
        "token.issuer",
    ),
    rule(
        "dotnet.idx14100",
        DOTNET,
        "IDX14100",
        r"IDX14100:",
        "What reached the API is not a JWT (no dots): an opaque token, 'Bearer Bearer', a "
        "truncated token, or a cookie given to the JwtBearer handler.",
        "Send the JWT access token itself after 'Bearer '; for an opaque token, ask the issuer "
        "for a JWT access token (an API audience).",
        "format",
        "token.format",
    ),
    rule(
        "dotnet.pii_hidden",
        DOTNET,
        "PII",
        r"\[PII (?:of type '[^']*' )?is hidden",
        "IdentityModel hid the values in its message, so the mismatch cannot be read from it.",
        "Paste the token itself, or set IdentityModelEventSource.ShowPII = true in development "
        "only, and paste the new line.",
        "pii-hidden",
        "token.format",
        severity="warn",
    ),
    rule(
        "aspnet.audience_invalid",
        ASPNET,
        "The audience '",
        r"The audience '(?P<token_audience>[^']*)' is invalid",
        "ASP.NET's JwtBearer refused the token's audience {token_audience}.",
        "Make the API's Audience the token's aud, or request the token for the API.",
        "audience",
        "evidence.audience",
        "token.audience",
    ),
    rule(
        "aspnet.issuer_invalid",
        ASPNET,
        "The issuer '",
        r"The issuer '(?P<token_issuer>[^']*)' is invalid",
        "ASP.NET's JwtBearer refused the token's issuer {token_issuer}.",
        "Set the API's Authority to the token's issuer exactly (v1 vs v2 on Entra).",
        "issuer",
        "evidence.issuer",
        "token.issuer",
    ),
    rule(
        "aspnet.expired",
        ASPNET,
        "The token expired at '",
        r"The token expired at '(?P<token_exp>[^']*)'",
        "ASP.NET's JwtBearer says the token expired at {token_exp}.",
        "Get a fresh token; make the client renew before exp.",
        "lifetime",
        "evidence.lifetime",
        "token.lifetime",
    ),
    rule(
        "aspnet.not_yet_valid",
        ASPNET,
        "The token is not valid before '",
        r"The token is not valid before '(?P<token_nbf>[^']*)'",
        "ASP.NET's JwtBearer says the token is not valid before {token_nbf}: clock skew.",
        "Synchronise the clocks of the issuer and the API.",
        "lifetime",
        "evidence.lifetime",
        "clock.skew",
    ),
    rule(
        "aspnet.key_not_found",
        ASPNET,
        "The signature key was not found",
        r"The signature key was not found",
        "No key of the API's authority has the token's kid. With an Okta org issuer this is an "
        "org-server token, meant for Okta's own APIs only.",
        "Use a token of the authority the API trusts (an Okta custom authorization server for "
        "your own API).",
        "keys",
        "jwks.keys",
        "token.signature",
        "okta.server",
    ),
    rule(
        "aspnet.signature_invalid",
        ASPNET,
        "The signature is invalid",
        r"The signature is invalid",
        "The token's signature does not verify with the key it names.",
        "Check that the token is whole and comes from the issuer the API trusts.",
        "signature",
        "token.signature",
    ),
    rule(
        "aspnet.no_expiration",
        ASPNET,
        "The token has no expiration",
        r"The token has no expiration",
        "The token has no exp claim and the API requires one.",
        "Issue tokens with an expiry (every mainstream IdP does; check the token type).",
        "lifetime",
        "token.lifetime",
    ),
    rule(
        "spring.jwt_expired",
        SPRING,
        "Jwt expired at",
        r"Jwt expired at (?P<token_exp>\d{4}-\d\d-\d\dT[\d:.]+Z?)",
        "Spring Security found the token expired at {token_exp}.",
        "Get a fresh token; compare the time with the response's Date header for clock skew.",
        "lifetime",
        "evidence.lifetime",
        "token.lifetime",
    ),
    rule(
        "spring.nimbus_rejected",
        SPRING,
        "Signed JWT rejected",
        r"Signed JWT rejected: (?P<detail>[^\"\n]{0,200})",
        "Nimbus rejected the token: its alg is not the one the decoder accepts (Spring defaults "
        "to RS256; an ES256 token fails), or no key of the JWKS has its kid.",
        "Configure the decoder's algorithms to the token's alg (jws-algorithms), and check the "
        "kid against the issuer's jwks_uri.",
        "keys",
        "token.alg",
        "jwks.keys",
    ),
    rule(
        "spring.iss_invalid",
        SPRING,
        "The iss claim is not valid",
        r"The iss claim is not valid",
        "Spring's issuer validator refused iss: host or port differ (a Docker service name "
        "against localhost is the classic).",
        "Set spring.security.oauth2.resourceserver.jwt.issuer-uri to the token's iss exactly.",
        "issuer",
        "token.issuer",
        "evidence.issuer",
    ),
    rule(
        "spring.aud_invalid",
        SPRING,
        "The aud claim is not valid",
        r"The aud claim is not valid",
        "Spring's audience validator refused aud (Keycloak puts only 'account' there without "
        "an audience mapper).",
        "Add the API to the token's aud at the IdP, or set the accepted audiences.",
        "audience",
        "token.audience",
        "evidence.audience",
    ),
    rule(
        "node.audience_invalid",
        NODE,
        "jwt audience invalid",
        r"jwt audience invalid\. expected: (?P<audience>[^\n\"]+)",
        "The API (jsonwebtoken) expected the audience {audience}.",
        "Request the token for that audience, or change the API's audience option.",
        "audience",
        "evidence.audience",
        "token.audience",
    ),
    rule(
        "node.issuer_invalid",
        NODE,
        "jwt issuer invalid",
        r"jwt issuer invalid\. expected: (?P<issuer>[^\s\"]+)",
        "The API (jsonwebtoken) expected the issuer {issuer}.",
        "Make the API's issuer option and the token's iss identical.",
        "issuer",
        "evidence.issuer",
        "token.issuer",
    ),
    rule(
        "auth0express.unexpected_claim",
        "Auth0 express-oauth2-jwt-bearer",
        "Unexpected '",
        r"Unexpected '(?P<claim>aud|iss)' value",
        "Auth0's middleware refused the token's {claim}: the API Identifier (audience) or "
        "AUTH0_DOMAIN (issuer, which needs its trailing '/') differ.",
        "Set audience to the API Identifier and issuerBaseURL to https://TENANT.auth0.com/.",
        "claims",
        "token.audience",
        "token.issuer",
    ),
    rule(
        "jwks.signing_key_not_found",
        "jwks-rsa / PyJWT",
        "Unable to find a signing key that matches",
        r"Unable to find a signing key that matches:? ['\"](?P<kid>[^'\"]*)['\"]",
        'The JWKS has no key with kid {kid} ("None": the token has no kid, e.g. an HS256 '
        "token sent to a verifier of asymmetric keys).",
        "Check the kid against the issuer's jwks_uri and the token's alg.",
        "keys",
        "jwks.keys",
        "token.alg",
    ),
    rule(
        "pyjwt.expired",
        PYJWT,
        "Signature has expired",
        r"Signature has expired",
        "PyJWT found the token expired.",
        "Get a fresh token.",
        "lifetime",
        "token.lifetime",
    ),
    rule(
        "pyjwt.audience",
        PYJWT,
        "Audience doesn't match",
        r"Audience doesn't match|Token is missing the \"aud\" claim",
        "PyJWT refused the token's audience (or the token has none).",
        "Request the token for the API's audience.",
        "audience",
        "token.audience",
    ),
)
