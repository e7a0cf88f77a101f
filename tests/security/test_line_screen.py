"""The line screen vouches for a `--batch` line only when scrubbing it would change nothing.

`LineScreen.unchanged` lets `wizard check --batch` write a line without scrubbing it. If it
ever said yes to a line the scrubber would have changed, a piece of a token could leave
unmasked: each test compares its answer with the scrubbing it stands for (every string alone,
made terminal-safe, then the whole line), over generated lines and over forged tokens.
"""

from __future__ import annotations

import asyncio
import base64
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard.core.checks import batch
from wizard.core.vocab.display import for_terminal
from wizard.core.vocab.environment import CheckEnvironment, CheckOptions
from wizard.core.vocab.line_screen import LineScreen
from wizard.core.vocab.redaction import scrub

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
CREDENTIAL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."
FRAGMENTS = [
    "The token expires in 49 min", "sha256:1eaf9f85f396", "https://idp.example.test/",
    "access_token", "client_secret", "Bearer ", "Authorization: ", "token", "=", ": ", "'",
    "eyJhbGciOi", "\x1b[31m", "\u202e", "\n", "Jos\u00e9", "\\", " ", "-", "_", ".",
]  # fmt: skip


def strings_of(value: object) -> list[str]:
    """Every string value of a JSON-like value (what the runner scrubs: keys are not)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_of(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_of(item)]
    return []


def scrubbing_changes(line: str, secrets: list[str]) -> bool:
    """Whether the `--batch` scrubbing (each string, then the line) would change `line`."""
    each = [s for s in strings_of(json.loads(line)) if for_terminal(scrub(s, secrets)) != s]
    return bool(each) or scrub(line, secrets) != line


@st.composite
def lines_and_secrets(draw: st.DrawFn) -> tuple[str, list[str]]:
    secret = draw(st.text(CREDENTIAL, min_size=8, max_size=60))
    pieces = [
        st.sampled_from(FRAGMENTS),
        st.just(secret[: draw(st.integers(4, len(secret)))]),
        st.just(base64.b64encode(f"id:{secret}".encode()).decode()),
        st.text(CREDENTIAL, max_size=12),
    ]
    words = st.lists(st.one_of(pieces), min_size=1, max_size=6).map("".join)
    record = draw(st.dictionaries(words, words, min_size=1, max_size=6))
    return json.dumps(record, ensure_ascii=False), [secret]


@SETTINGS
@given(lines_and_secrets())
def test_a_line_vouched_for_is_one_scrubbing_leaves_alone(case):
    line, secrets = case
    screen = LineScreen()
    if screen.unchanged(line, secrets):
        assert not scrubbing_changes(line, secrets)


@SETTINGS
@given(lines_and_secrets(), st.text(CREDENTIAL, min_size=8, max_size=60))
def test_parts_remembered_from_other_lines_are_still_judged_against_the_new_secret(case, other):
    """Known parts skip their own check: the windows kept of them must still catch a secret."""
    line, secrets = case
    screen = LineScreen()
    screen.unchanged(line, [other])
    screen.unchanged(line, [other])  # seen twice: its clean parts are now known
    if screen.unchanged(line, secrets):
        assert not scrubbing_changes(line, secrets)


def test_a_clean_line_is_vouched_for_and_a_piece_of_the_secret_is_not():
    secret = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789"
    clean = json.dumps({"detail": "The token expires in 49 min.", "sub": "user-00001"})
    screen = LineScreen()
    assert screen.unchanged(clean, [secret])
    # A bidi override is not escaped by JSON, and for_terminal shows it: not as it is.
    assert not screen.unchanged(json.dumps({"name": "a \u202eb"}, ensure_ascii=False), [secret])
    for leaked in (secret[5:13], base64.b64encode(secret[3:20].encode()).decode()):
        line = json.dumps({"detail": "The token expires in 49 min.", "sub": leaked})
        assert not screen.unchanged(line, [secret])
        assert scrubbing_changes(line, [secret])


def test_a_secret_the_screen_cannot_judge_is_left_to_the_scrubber():
    line = json.dumps({"detail": "nothing to see"})
    screen = LineScreen()
    assert not screen.unchanged(line, ["short7!"])  # 4 to 7 characters: masked anywhere
    assert not screen.unchanged(line, ['has "quotes" inside it'])
    assert screen.unchanged(line, ["abc"])  # under 4: the scrubber ignores it too


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forged_token(claims_of) -> str:
    """An unsigned-looking RS256 JWT whose claims may quote its own signature."""
    signature = _b64(bytes((7 * i + 3) % 256 for i in range(256)))
    header = _b64(json.dumps({"alg": "RS256", "kid": "k1", "typ": "JWT"}).encode())
    payload = _b64(json.dumps(claims_of(signature)).encode())
    return f"{header}.{payload}.{signature}"


BASE_CLAIMS = {"iss": "https://idp.example.test/", "sub": "u1", "aud": "api", "exp": 1_900_000_000}


def nested(depth: int) -> object:
    value: object = "bottom"
    for _ in range(depth):
        value = [value]
    return value


FORGED = {
    "own signature piece": lambda sig: {"note": sig[10:30]},
    "own signature in base64": lambda sig: {"note": base64.b64encode(sig[5:40].encode()).decode()},
    "a secret-named claim": lambda sig: {"access_token": "abcdefgh12345678"},
    "a bearer credential": lambda sig: {"hint": "Bearer abcdefgh12345678"},
    "terminal escapes": lambda sig: {"name": "\x1b]52;c;aGk=\x07 \u202eevil"},
    "a bidi override alone": lambda sig: {"name": "user \u202etxt.exe"},
    "deep nesting": lambda sig: {"deep": nested(70)},
    "non-ASCII": lambda sig: {"name": "Jos\u00e9 \u00c5ngstr\u00f6m"},
    "plain": lambda sig: {},
}


def run_batch(tokens: list[str]) -> list[str]:
    env = CheckEnvironment(options=CheckOptions(offline=True), clock=lambda: 1_800_000_000.0)
    out: list[str] = []
    lines = [(token + "\n").encode() for token in tokens]
    asyncio.run(batch.check_lines(lines, {}, env, out.append))
    return out


def scrubbed_as_always(tokens: list[str]) -> list[str]:
    """Each line the way `--batch` wrote it before the screen: every result scrubbed."""
    env = CheckEnvironment(options=CheckOptions(offline=True), clock=lambda: 1_800_000_000.0)

    async def each() -> list[str]:
        lines = []
        for number, token in enumerate(tokens, start=1):
            facts = {"token": token}
            results = await batch.run_all(facts, env)
            lines.append(batch.batch_line(number, results, facts, env))
        return lines

    return asyncio.run(each())


def test_batch_lines_are_those_of_scrubbing_every_result_forged_tokens_included(monkeypatch):
    tokens = [forged_token(lambda sig, f=f: {**BASE_CLAIMS, **f(sig)}) for f in FORGED.values()]
    tokens = tokens * 3  # the second and third time, their parts are known
    expected = scrubbed_as_always(tokens)
    vouched: set[int] = set()  # the numbers of the lines written unscrubbed
    real = LineScreen.unchanged

    def spy(self, line, secrets):
        if real(self, line, secrets):
            vouched.add(json.loads(line)["line"])
            return True
        return False

    monkeypatch.setattr(LineScreen, "unchanged", spy)
    assert run_batch(tokens) == expected
    # Only the lines that scrubbing leaves alone go out unscrubbed: the others were scrubbed
    # as always (and, above, came out the same).
    cases = list(FORGED) * 3
    assert {cases[number - 1] for number in vouched} == {"plain", "non-ASCII"}
    assert len(vouched) == 6
