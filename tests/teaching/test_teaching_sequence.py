"""The sequence diagram model of the Activity log: a real recorded sign-in, exact Mermaid and
SVG for a small fixed log, hostile text escaped, long logs bounded."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from botocore.exceptions import ClientError

from tests.teaching.teaching_helpers import entry, srp_sign_in, teaching_pool
from tokenexplorer.activity import ActivityLog
from tokenexplorer.teaching.sequence import arrow_near, build_sequence
from tokenexplorer.teaching.sequence_export import to_mermaid, to_svg


def test_diagram_of_a_recorded_srp_sign_in_credentials_and_s3(moto_endpoint):
    from tokenexplorer.aws.clients import make_client
    from tokenexplorer.aws.credentials import caller_identity, get_authenticated_credentials

    profile = teaching_pool(moto_endpoint)
    log = ActivityLog()
    signed_in = srp_sign_in(profile, log)
    creds = get_authenticated_credentials(profile, signed_in.tokens.id_token, activity=log)
    caller_identity(creds, profile, activity=log)
    s3 = make_client("s3", region="us-east-1", endpoint_url=moto_endpoint,
                     credentials=creds.credentials, activity=log, retries=1)
    with pytest.raises(ClientError):  # the role may not list a bucket: IAM says no
        s3.list_objects_v2(Bucket="not-yours")

    model = build_sequence(log.entries())

    assert [line.label for line in model.lifelines] == [
        "App", "Cognito user pool", "Identity pool", "STS", "S3"]
    calls = [(model.lifelines[c.lifeline].label, c.operation, c.outcome) for c in model.calls]
    assert calls == [
        ("Cognito user pool", "InitiateAuth", "success"),
        ("Cognito user pool", "RespondToAuthChallenge", "success"),
        ("Identity pool", "GetId", "success"),
        ("Identity pool", "GetCredentialsForIdentity", "success"),
        ("STS", "GetCallerIdentity", "success"),
        ("S3", "ListObjectsV2", "AccessDenied"),
    ]
    # Each call: an arrow out of the app, then its answer back, one row lower.
    app_x = model.lifelines[0].x
    for index, call in enumerate(model.calls):
        out, back = model.arrows[2 * index], model.arrows[2 * index + 1]
        far = model.lifelines[call.lifeline].x
        assert (out.kind, out.x1, out.x2, out.text) == ("call", app_x, far, call.operation)
        assert (back.kind, back.x1, back.x2, back.text) == ("answer", far, app_x, call.outcome)
        assert back.y > out.y and back.ok is (call.outcome == "success")
        assert model.calls[back.call].entry is log.entries()[index]
    assert model.omitted == 0 and model.note == ""


FIXED_LOG = [
    entry("cognito-idp", "InitiateAuth", seconds=1),
    entry("hosted-ui", "POST /oauth2/token", "invalid_grant", seconds=2),
    entry("s3", "PutObject", "AccessDenied", seconds=3),
]

EXPECTED_MERMAID = """\
sequenceDiagram
    participant App as App
    participant UserPool as Cognito user pool
    participant HostedUI as Hosted UI
    participant S3 as S3
    App->>UserPool: InitiateAuth
    UserPool-->>App: success
    App->>HostedUI: POST /oauth2/token
    HostedUI--xApp: invalid_grant
    App->>S3: PutObject
    S3--xApp: AccessDenied
"""


def test_mermaid_of_a_small_log_is_exact():
    assert to_mermaid(build_sequence(FIXED_LOG)) == EXPECTED_MERMAID


EXPECTED_SVG = """\
<svg xmlns="http://www.w3.org/2000/svg" width="680" height="276" viewBox="0 0 680 276" \
font-family="sans-serif" font-size="13">
<title>Sequence diagram</title>
<style>.box{fill:#eef3fb;stroke:#35557f}.life{stroke:#8a9bb0;stroke-dasharray:4 4}\
.call{stroke:#1d3557;marker-end:url(#head)}\
.ok{stroke:#2a7a3b;stroke-dasharray:6 3;marker-end:url(#head-ok)}\
.err{stroke:#b3261e;stroke-dasharray:6 3;marker-end:url(#head-err)}\
.label{fill:#1d3557}.ok-t{fill:#2a7a3b}.err-t{fill:#b3261e}.note{fill:#5f6b7a}</style>
<defs><marker id="head" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto">\
<path d="M0,0 L10,4 L0,8 z" fill="#1d3557"/></marker>\
<marker id="head-ok" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto">\
<path d="M0,0 L10,4 L0,8 z" fill="#2a7a3b"/></marker>\
<marker id="head-err" markerWidth="10" markerHeight="8" refX="9" refY="4" orient="auto">\
<path d="M0,0 L10,4 L0,8 z" fill="#b3261e"/></marker></defs>
<rect width="680" height="276" fill="#ffffff"/>
<line class="life" x1="97" y1="50" x2="97" y2="260"/>
<rect class="box" x="24" y="16" width="146" height="34" rx="4"/>
<text class="label" x="97" y="38" text-anchor="middle">App</text>
<line class="life" x1="259" y1="50" x2="259" y2="260"/>
<rect class="box" x="186" y="16" width="146" height="34" rx="4"/>
<text class="label" x="259" y="38" text-anchor="middle">Cognito user pool</text>
<line class="life" x1="421" y1="50" x2="421" y2="260"/>
<rect class="box" x="348" y="16" width="146" height="34" rx="4"/>
<text class="label" x="421" y="38" text-anchor="middle">Hosted UI</text>
<line class="life" x1="583" y1="50" x2="583" y2="260"/>
<rect class="box" x="510" y="16" width="146" height="34" rx="4"/>
<text class="label" x="583" y="38" text-anchor="middle">S3</text>
<line class="call" x1="97" y1="80" x2="259" y2="80"/>
<text class="label" x="178" y="75" text-anchor="middle">InitiateAuth</text>
<line class="ok" x1="259" y1="110" x2="97" y2="110"/>
<text class="ok-t" x="178" y="105" text-anchor="middle">success</text>
<line class="call" x1="97" y1="140" x2="421" y2="140"/>
<text class="label" x="259" y="135" text-anchor="middle">POST /oauth2/token</text>
<line class="err" x1="421" y1="170" x2="97" y2="170"/>
<text class="err-t" x="259" y="165" text-anchor="middle">invalid_grant</text>
<line class="call" x1="97" y1="200" x2="583" y2="200"/>
<text class="label" x="340" y="195" text-anchor="middle">PutObject</text>
<line class="err" x1="583" y1="230" x2="97" y2="230"/>
<text class="err-t" x="340" y="225" text-anchor="middle">AccessDenied</text>
</svg>
"""


def test_svg_of_a_small_log_is_exact():
    assert to_svg(build_sequence(FIXED_LOG)) == EXPECTED_SVG


HOSTILE_OPERATION = "Put;x\n#1 <br> A->>B: hi %%{init: {}}%%"
HOSTILE_OUTCOME = "Bad\u202eCode</text><script>alert(1)</script>&amp;"


def test_hostile_operation_and_outcome_cannot_break_mermaid():
    text = to_mermaid(build_sequence([entry("s3", HOSTILE_OPERATION, HOSTILE_OUTCOME),
                                      entry("evil\nservice;x", "Get")]))
    lines = text.splitlines()
    # Exactly the statements we wrote: header, 3 participants, 2 × (call, answer).
    assert len(lines) == 1 + 3 + 4
    call, answer = lines[4], lines[5]
    assert call.startswith("    App->>S3: ") and answer.startswith("    S3--xApp: ")
    for line in (call, answer):
        message = line.split(": ", 1)[1]
        bare = re.sub(r"#[0-9]+;", "", message)  # entity codes are all that may hold # or ;
        assert re.fullmatch(r"[A-Za-z0-9 _.\-/(),]+", bare), message
    assert "#59;" in call and "#60;br#62;" in call and "#62;#62;" in call
    assert "participant Svc1 as evil_service_x" in text


def test_hostile_text_is_escaped_in_svg():
    svg = to_svg(build_sequence([entry("s3", HOSTILE_OPERATION, HOSTILE_OUTCOME)]))
    root = ET.fromstring(svg)  # still one well-formed document
    ns = "{http://www.w3.org/2000/svg}"
    assert not root.findall(f".//{ns}script")
    texts = [t.text for t in root.iter(f"{ns}text")]
    # Shown visibly and bounded (40 characters): the override is named, never obeyed.
    assert "Bad⟨U+202E⟩Code</text><script>alert(1)<…" in texts
    assert "\u202e" not in svg and "<script>" not in svg


def test_a_long_log_shows_its_last_calls_with_a_note():
    log = [entry("cognito-idp", f"Call{n}") for n in range(75)]
    model = build_sequence(log, limit=60)
    assert model.omitted == 15 and len(model.calls) == 60
    assert model.calls[0].operation == "Call15" and model.calls[-1].entry is log[-1]
    assert model.note == "15 earlier calls not shown (showing the last 60 calls)"
    assert "    Note over App: 15 earlier calls not shown (showing the last 60 calls)" in \
        to_mermaid(model)
    assert model.arrows[0].y == model.first_arrow_y


def test_unknown_services_get_lifelines_after_the_known_ones_and_are_bounded():
    log = [entry(f"svc{n}", "Op") for n in range(7)] + [entry("sts", "GetCallerIdentity")]
    model = build_sequence(log)
    labels = [line.label for line in model.lifelines]
    assert labels == ["App", "STS", "svc0", "svc1", "svc2", "svc3", "Other services"]
    assert [model.lifelines[c.lifeline].label for c in model.calls][4:7] == ["Other services"] * 3


def test_a_click_finds_the_arrow_on_its_row():
    model = build_sequence(FIXED_LOG)
    answer = model.arrows[3]
    found = arrow_near(model, (answer.x1 + answer.x2) / 2, answer.y - 3)
    assert found is answer and model.calls[found.call].entry is FIXED_LOG[1]
    assert arrow_near(model, model.width - 2, answer.y) is None  # right of a short arrow
    assert arrow_near(model, 40, 10) is None  # the header
