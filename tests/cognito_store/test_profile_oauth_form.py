"""The editor's hosted-UI settings without Qt: shown as text, checked, saved, reverted."""

from __future__ import annotations

from tokenexplorer.cognito.ids import ProfileField
from tokenexplorer.cognito.profile_form import ProfileForm
from tokenexplorer.cognito.profile_oauth_form import OAuthField, OAuthOptions
from tokenexplorer.cognito.profiles import Profile

WORK = Profile("Work", "eu-west-1", "eu-west-1_AbC123", "abcdef123456",
               hosted_ui_domain="work.auth.eu-west-1.amazoncognito.com",
               hosted_ui_scopes=("openid", "email"), callback_ports=(53682, 53683),
               identity_providers=("Google",), logout_uri="https://work.example/bye")


def test_a_profile_is_shown_as_text():
    assert OAuthOptions.of(WORK) == OAuthOptions("openid email", "53682, 53683", "Google",
                                                 "https://work.example/bye")
    assert OAuthOptions.of(None).scopes == "openid email profile"
    assert OAuthOptions.of(None).ports == "53682"


def test_edited_settings_are_what_a_save_writes():
    form = ProfileForm()
    form.show(WORK)
    assert not form.is_dirty()
    form.oauth = OAuthOptions("openid  phone", "8080 9090,8080", "Google SignInWithApple",
                              "http://localhost:3000/out")
    assert form.is_dirty() and form.can_save
    plan = form.attempt_save()
    assert plan is not None
    saved = plan.profile
    assert saved.hosted_ui_scopes == ("openid", "phone")
    assert saved.callback_ports == (8080, 9090)
    assert saved.identity_providers == ("Google", "SignInWithApple")
    assert saved.logout_uri == "http://localhost:3000/out"


def test_the_same_values_written_differently_are_not_an_edit():
    form = ProfileForm()
    form.show(WORK)
    form.oauth = OAuthOptions("openid,email", "53682 53683", " Google ", "https://work.example/bye")
    assert not form.is_dirty()


def test_bad_values_have_plain_problems_and_block_save():
    form = ProfileForm()
    form.show(WORK)
    for ports in ("70000", "abc", "80"):
        form.oauth = OAuthOptions("openid", ports, "", "")
        problems = form.oauth.problems()
        assert set(problems) == {OAuthField.PORTS}
        message = problems[OAuthField.PORTS]
        assert message.endswith(".") and "'" not in message and message[0] in "“C"
        assert not form.can_save and form.attempt_save() is None
    form.oauth = OAuthOptions(logout_uri="ftp://work.example/bye")
    assert set(form.oauth.problems()) == {OAuthField.LOGOUT_URI}
    assert "https" in form.oauth.problems()[OAuthField.LOGOUT_URI]
    assert not form.can_save
    form.oauth = OAuthOptions(logout_uri="http://work.example/bye")  # http only to localhost
    assert not form.can_save
    form.oauth = OAuthOptions(scopes='openid "x"', providers="COGNITO")
    assert set(form.oauth.problems()) == {OAuthField.SCOPES, OAuthField.PROVIDERS}


def test_revert_restores_the_saved_settings():
    form = ProfileForm()
    form.show(WORK)
    form.oauth = OAuthOptions(ports="abc")
    assert form.can_revert
    form.show(form.saved)
    assert form.oauth == OAuthOptions.of(WORK) and not form.is_dirty()


def test_a_profile_without_hosted_ui_saves_the_defaults():
    form = ProfileForm()
    form.start_draft("New")
    form.set(ProfileField.USER_POOL_ID, "eu-west-1_AbC123")
    form.set(ProfileField.CLIENT_ID, "abcdef123456")
    plan = form.attempt_save()
    assert plan is not None, form.problems
    assert plan.profile.hosted_ui_domain is None
    assert plan.profile.hosted_ui_scopes == ("openid", "email", "profile")
    assert plan.profile.callback_ports == (53682,)
    assert plan.profile.identity_providers == () and plan.profile.logout_uri is None
    form.oauth = OAuthOptions("", "", "", "")  # emptied: the defaults again
    again = form.attempt_save()
    assert again is not None and again.profile.callback_ports == (53682,)


def test_a_file_with_a_bad_logout_url_keeps_the_fields_open():
    # The file reader checks the list fields but not the logout URL: the editor says why.
    form = ProfileForm()
    form.show(Profile("Work", "eu-west-1", "eu-west-1_AbC123", "abcdef123456",
                      logout_uri="ftp://work.example/bye"))
    assert not form.complete and OAuthField.LOGOUT_URI in form.oauth.problems()
    form.show(WORK)
    assert form.complete
