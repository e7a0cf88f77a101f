"""Token sizes against the limits that turn a large token into a 401 or a failed login.

A browser keeps a cookie to about 4 KB (OpenSearch Dashboards stores the ID and refresh tokens in
its session cookie), and HTTP servers cap a request's headers near 8 KB (OpenSearch answers
`too_long_http_header_exception`).
"""

from __future__ import annotations

from wizard.core.vocab.findings import Findings

COOKIE_LIMIT = 4096
HEADER_LIMIT = 8192
# "Bearer " plus the rest of a typical request's headers.
HEADER_MARGIN = 1024
RFC_6265_LIMITS = "https://www.rfc-editor.org/rfc/rfc6265#section-6.1"


def size_findings(token: str, id_token: str | None, refresh_token: str | None) -> Findings:
    """Raw lengths of the tokens, and whether they fit a cookie and a request header."""
    found = Findings()
    found.refs.append(RFC_6265_LIMITS)
    found.evidence.update({"token_bytes": len(token)})
    if len(token) + HEADER_MARGIN > HEADER_LIMIT:
        found.add(
            f"The token is {len(token)} bytes: with the rest of the request it passes the 8 KB "
            "header limit of most servers (OpenSearch: too_long_http_header_exception).",
            "fail",
            "Make the token smaller (fewer groups or claims in it; Entra: app roles or only "
            "the groups assigned to the app), or raise the server's header limit "
            "(OpenSearch: http.max_header_size).",
        )
    else:
        found.add(f"The token is {len(token)} bytes, within the 8 KB header limit.")
    cookie = len(id_token or "") + len(refresh_token or "")
    if id_token or refresh_token:
        found.evidence["cookie_bytes"] = cookie
        if cookie > COOKIE_LIMIT:
            found.add(
                f"The ID and refresh tokens together are {cookie} bytes, more than a 4 KB "
                "cookie holds: a session cookie holding them (OpenSearch Dashboards) is dropped "
                "by the browser and the login loops or ends in 401.",
                "fail",
                "Trim the ID token's claims (fewer groups); recent Dashboards versions can also "
                "split the session over several cookies (opensearch_security.openid."
                "extra_storage).",
            )
        else:
            found.add(f"The ID and refresh tokens together are {cookie} bytes, within 4 KB.")
    return found
