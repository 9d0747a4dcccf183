import json

from token_factory import SEED, jwe, part

from tokenexplorer.tokens.find import find_tokens

REFRESH = jwe()


def raws(text):
    return [c.raw for c in find_tokens(text).candidates]


def test_raw_token_bearer_and_quotes():
    for text in (SEED, f"  {SEED}\n", f"Bearer {SEED}", f"Authorization: Bearer {SEED}",
                 f'"{SEED}"', f"'{SEED}',", f'"Bearer {SEED}"'):
        assert raws(text) == [SEED], text


def test_token_wrapped_across_lines():
    wrapped = "\n".join(SEED[i:i + 64] for i in range(0, len(SEED), 64))
    result = find_tokens(wrapped)
    assert [c.raw for c in result.candidates] == [SEED]
    assert "lines" in result.candidates[0].source


def test_token_inside_a_log_line_or_curl_command():
    text = f"curl -H 'Authorization: Bearer {SEED}' https://api.example.com/items"
    assert raws(text) == [SEED]


def test_redirect_fragment_tokens_with_sources():
    url = f"https://app.example.com/cb#id_token={SEED}&access_token={REFRESH}&token_type=Bearer"
    result = find_tokens(url)
    assert [(c.raw, c.source) for c in result.candidates] == [
        (SEED, "URL fragment id_token"), (REFRESH, "URL fragment access_token")]
    assert result.problem is None


def test_authorization_code_is_explained_not_decoded():
    result = find_tokens("http://localhost:8000/callback?code=abc-123&state=xyz")
    assert result.candidates == []
    assert "authorization code" in result.notices[0] and "/oauth2/token" in result.notices[0]
    assert "abc-123" not in result.notices[0]
    assert "authorization code" in result.problem


def test_redirect_error_is_reported():
    result = find_tokens("https://app/cb?error=access_denied&error_description=User+said+no")
    assert any("access_denied" in notice for notice in result.notices)


def test_initiate_auth_response():
    doc = {"ChallengeParameters": {}, "AuthenticationResult": {
        "AccessToken": SEED + "x", "ExpiresIn": 3600, "TokenType": "Bearer",
        "RefreshToken": REFRESH, "IdToken": SEED}}
    result = find_tokens(json.dumps(doc, indent=2))
    assert [c.source for c in result.candidates] == [
        "JSON AuthenticationResult.AccessToken", "JSON AuthenticationResult.RefreshToken",
        "JSON AuthenticationResult.IdToken"]


def test_amplify_local_storage_dump_with_json_in_json():
    prefix = "CognitoIdentityServiceProvider.5abc.user1"
    doc = {f"{prefix}.idToken": SEED, f"{prefix}.refreshToken": REFRESH,
           "amplify-session": json.dumps({"tokens": {"accessToken": SEED + "y"}}),
           "unrelated": "hello"}
    result = find_tokens(json.dumps(doc))
    assert [c.raw for c in result.candidates] == [SEED, REFRESH, SEED + "y"]
    assert result.candidates[2].source == "JSON amplify-session → tokens.accessToken"


def test_duplicates_are_merged_and_any_token_shaped_value_found():
    doc = {"a": [SEED, {"deep": SEED}], "b": {"anything": REFRESH}}
    assert raws(json.dumps(doc)) == [SEED, REFRESH]


def test_named_field_with_garbage_is_passed_on_for_a_precise_error():
    assert raws('{"IdToken": "not-a-token"}') == ["not-a-token"]


def test_problems_say_why_nothing_was_found():
    assert "empty" in find_tokens("  \n").problem
    assert "No token-shaped text" in find_tokens("hello world").problem
    assert "JSON holds no token" in find_tokens('{"a": 1, "b": "x"}').problem


def test_a_lone_dotted_word_is_passed_to_the_decoder():
    assert raws("abc.def") == ["abc.def"]
    assert raws(f"{part({'alg': 'none'})}.e30.") == [f"{part({'alg': 'none'})}.e30."]


def test_tokens_on_separate_lines_are_not_joined_into_one():
    access = SEED[::-1].replace(".", "x")[:40] + "." + "eyJ" + "a" * 20 + ".sig"
    access = "eyJ" + access
    text = f"{SEED}\n{access}\n"
    assert raws(text) == [SEED, access]
    assert raws(f"{SEED} {REFRESH}") == [SEED, REFRESH]


def test_prose_is_not_mistaken_for_a_wrapped_token():
    assert find_tokens("Here is it. Done").problem.startswith("No token-shaped text")
    assert raws(f"Here {SEED}") == [SEED]
    assert raws(f"{SEED}\nsome other words") == [SEED]


def test_wrapped_with_indentation_and_crlf():
    wrapped = "\r\n".join("    " + SEED[i:i + 76] for i in range(0, len(SEED), 76))
    assert raws(wrapped) == [SEED]


# --- opaque refresh tokens (moto's is a UUID) ------------------------------------------------

UUID = "f9d57c4c-9255-46e8-ae7d-9a324bb263dc"
OPAQUE_NOTICE = ("RefreshToken is an opaque value (36 chars): refresh tokens are opaque to "
                 "clients; nothing to decode")


def test_an_opaque_refresh_token_is_a_notice_not_a_candidate():
    doc = {"AuthenticationResult": {"AccessToken": SEED + "x", "RefreshToken": UUID,
                                    "IdToken": SEED, "ExpiresIn": 3600}}
    result = find_tokens(json.dumps(doc))
    assert [c.source for c in result.candidates] == [
        "JSON AuthenticationResult.AccessToken", "JSON AuthenticationResult.IdToken"]
    assert result.notices == [OPAQUE_NOTICE] and result.problem is None
    assert UUID not in " ".join(result.notices)  # the value itself is never echoed


def test_opaque_refresh_tokens_in_amplify_keys_and_redirects():
    amplify = {"CognitoIdentityServiceProvider.5abc.user1.refreshToken": UUID,
               "CognitoIdentityServiceProvider.5abc.user1.idToken": SEED}
    result = find_tokens(json.dumps(amplify))
    assert raws(json.dumps(amplify)) == [SEED]
    assert result.notices[0].startswith("refreshToken is an opaque value (36 chars)")
    url = find_tokens(f"https://app/cb#refresh_token={UUID}&id_token={SEED}")
    assert [c.raw for c in url.candidates] == [SEED]
    assert url.notices[0].startswith("refresh_token is an opaque value")


def test_only_an_opaque_refresh_token_says_there_is_nothing_to_decode():
    result = find_tokens(json.dumps({"RefreshToken": UUID}))
    assert result.candidates == [] and result.notices == [OPAQUE_NOTICE]
    assert "opaque refresh token" in result.problem


def test_token_shaped_or_damaged_refresh_tokens_are_still_decoded():
    assert raws(json.dumps({"RefreshToken": REFRESH})) == [REFRESH]
    damaged = REFRESH.rsplit(".", 2)[0]  # a JWE cut short: say what is wrong with it
    assert raws(json.dumps({"RefreshToken": damaged})) == [damaged]


# --- characters stuck to a token are kept, so decoding names them ----------------------------

def test_garbage_after_a_token_is_kept_and_named_by_decode():
    from tokenexplorer.tokens.decode import decode
    from tokenexplorer.tokens.model import TokenDecodeError

    header, payload = part({"alg": "HS256"}), part({"sub": "x"})
    for text, raw in ((f"{header}.{payload}.!!!", f"{header}.{payload}.!!!"),
                      (f"log: {header}.{payload}.ab+c/d end", f"{header}.{payload}.ab+c/d")):
        [candidate] = find_tokens(text).candidates
        assert candidate.raw == raw
        try:
            decode(candidate.raw)
        except TokenDecodeError as error:
            assert error.segment == "signature" and "not valid base64url" in error.problem
        else:
            raise AssertionError("a signature with '!', '+' or '/' must not decode")


def test_punctuation_around_a_token_in_text_still_ends_it():
    for text in (f'token="{SEED}";', f"({SEED}), then", f"see {SEED}.", f"[{SEED}]",
                 f"x={SEED}&y=1 z", f"log {SEED}\\n", f"{SEED}%22"):
        assert raws(text) == [SEED], text


def test_tokens_handed_over_by_a_sign_in():
    from tokenexplorer.tokens.find import find_given

    where = "sign-in as demo (Sandbox)"
    result = find_given([(where, SEED), (where, SEED + "x"), (f"RefreshToken, {where}", UUID)])
    assert [(c.source, c.raw) for c in result.candidates] == [(where, SEED), (where, SEED + "x")]
    assert result.notices == [OPAQUE_NOTICE] and result.problem is None
    real = find_given([("Refresh token", REFRESH), ("refresh_token", "")])
    assert [c.raw for c in real.candidates] == [REFRESH] and real.notices == []
    only = find_given([("RefreshToken", UUID)])
    assert only.candidates == [] and "opaque refresh token" in only.problem
