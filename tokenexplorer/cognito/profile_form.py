"""The profile editor's state without Qt: what is typed, what is shown, what a save writes.

The window's profile pane renders a `ProfileForm` and feeds it the user's edits; every rule
lives here so it is tested without widgets: dirty tracking, the region filled in from the
user pool ID until the user types one, which problems a new profile shows before Save is
tried, and what a save changes (including whether it points the profile at another server).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from tokenexplorer.cognito import binding, ids
from tokenexplorer.cognito.ids import FieldProblem, ProblemCode, ProfileField
from tokenexplorer.cognito.profile_oauth_form import OAuthOptions
from tokenexplorer.cognito.profiles import Profile

F = ProfileField

# The editable text fields, in the order the form shows them.
FORM_FIELDS: tuple[ProfileField, ...] = (
    F.USER_POOL_ID, F.CLIENT_ID, F.REGION, F.IDENTITY_POOL_ID, F.BUCKET, F.HOSTED_UI_DOMAIN,
    F.ENDPOINT_URL,
)

Values = dict[ProfileField, str]
# The USER_AUTH first factors a profile may prefer ("" = let Cognito offer its choices).
PREFERRED_CHOICES = ("", "PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP")


@dataclass(frozen=True)
class SignInOptions:
    """The two sign-in settings that are not text fields: rotation and the first factor."""

    rotate_refresh_tokens: bool = False
    preferred_challenge: str = ""

    @classmethod
    def of(cls, profile: Profile | None) -> SignInOptions:
        if profile is None:
            return cls()
        preferred = profile.preferred_challenge or ""
        return cls(profile.rotate_refresh_tokens,
                   preferred if preferred in PREFERRED_CHOICES else "")


def values_of(profile: Profile | None) -> Values:
    """The form's text for `profile` (empty for None); optional fields absent are ""."""
    if profile is None:
        return dict.fromkeys(FORM_FIELDS, "")
    return {
        F.USER_POOL_ID: profile.user_pool_id,
        F.CLIENT_ID: profile.client_id,
        F.REGION: profile.region,
        F.IDENTITY_POOL_ID: profile.identity_pool_id or "",
        F.BUCKET: profile.bucket or "",
        F.HOSTED_UI_DOMAIN: profile.hosted_ui_domain or "",
        F.ENDPOINT_URL: profile.endpoint_url or "",
    }


def validate(values: Mapping[ProfileField, str]) -> list[FieldProblem]:
    return ids.validate_profile_fields(
        user_pool_id=values[F.USER_POOL_ID],
        client_id=values[F.CLIENT_ID],
        region=values[F.REGION],
        identity_pool_id=values[F.IDENTITY_POOL_ID],
        bucket=values[F.BUCKET],
        hosted_ui_domain=values[F.HOSTED_UI_DOMAIN],
        endpoint_url=values[F.ENDPOINT_URL],
    )


def new_name_problem(name: str, taken: Iterable[str]) -> FieldProblem | None:
    """Why `name` cannot name a new (or renamed) profile, or None when it can."""
    problems = ids.errors_only(ids.validate_profile_fields(name=name))
    if problems:
        return problems[0]
    if name in taken:
        return FieldProblem(F.NAME, "error", f"A profile named “{name}” already exists.",
                            ProblemCode.NAME_TAKEN)
    return None


@dataclass(frozen=True)
class SavePlan:
    """What pressing Save writes: `profile` (and `secret`, when one was typed) over `old`."""

    old: Profile | None
    profile: Profile
    secret: str

    @property
    def changed(self) -> tuple[ProfileField, ...]:
        """The form fields that differ from the saved profile (all of them for a new one)."""
        before, after = values_of(self.old), values_of(self.profile)
        return tuple(field for field in FORM_FIELDS
                     if self.old is None or before[field] != after[field])

    @property
    def retargets(self) -> list[str]:
        """The parts of the server that change ("endpoint URL", …): remembered secrets of a
        saved profile would be orphaned by such a save. Empty for a new profile."""
        return binding.changed_fields(self.old, self.profile) if self.old is not None else []


class ProfileForm:
    """One profile being edited: a saved one (`saved`) or a new draft (`draft_name`)."""

    def __init__(self) -> None:
        self.saved: Profile | None = None
        self.draft_name: str | None = None
        self.values: Values = values_of(None)
        self.secret = ""  # a client secret typed, not yet stored
        self.touched: set[ProfileField] = set()  # typed by the user (a draft shows only these)
        self.save_tried = False
        self.region_auto = False  # the region follows the user pool ID
        self.options = SignInOptions()
        self.oauth = OAuthOptions()  # the hosted-UI settings, as text
        self._checked: tuple[tuple[str, ...], list[FieldProblem]] = ((), [])

    # -- what is edited

    def show(self, profile: Profile | None) -> None:
        """Edit a saved profile (None: nothing); a draft stays a draft until dropped."""
        self.saved = profile
        self.values = values_of(profile)
        self.options = SignInOptions.of(profile)
        self.oauth = OAuthOptions.of(profile)
        self.secret = ""
        self.region_auto = profile is not None and not profile.region

    def start_draft(self, name: str, template: Profile | None = None) -> None:
        """A new profile called `name`, filled from `template` (e.g. an Amplify import)."""
        self.saved = None
        self.draft_name = name
        self.touched = set()
        self.save_tried = False
        self.values = values_of(template)
        self.options = SignInOptions.of(template)
        self.oauth = OAuthOptions.of(template)
        self.secret = ""
        pool_region = ids.region_from_user_pool_id(self.values[F.USER_POOL_ID])
        self.region_auto = pool_region is not None
        if pool_region and not self.values[F.REGION].strip():
            self.values[F.REGION] = pool_region

    def drop_draft(self) -> None:
        self.draft_name = None

    def set(self, field: ProfileField, text: str) -> bool:
        """A field's new text; True when that also filled in the region (from the pool ID)."""
        self.values[field] = text
        if field is not F.USER_POOL_ID:
            return False
        region = ids.region_from_user_pool_id(text)
        if region and (self.region_auto or not self.values[F.REGION].strip()):
            self.values[F.REGION] = region
            self.region_auto = True
            return True
        return False

    def typed(self, field: ProfileField, text: str) -> None:
        """The user typed in `field` (not code): its problems show from now on; a region
        the user types stops following the pool ID (until they empty it)."""
        self.touched.add(field)
        if field is F.REGION:
            self.region_auto = not text.strip()

    # -- what it says

    @property
    def name(self) -> str | None:
        """The name a save writes under."""
        if self.draft_name is not None:
            return self.draft_name
        return self.saved.name if self.saved is not None else None

    @property
    def editing(self) -> bool:
        return self.saved is not None or self.draft_name is not None

    @property
    def problems(self) -> list[FieldProblem]:
        """Every problem of the values (checked once per change: asked on every keystroke)."""
        if not self.editing:
            return []
        key = tuple(self.values[field] for field in FORM_FIELDS)
        if key != self._checked[0]:
            self._checked = (key, validate(self.values))
        return list(self._checked[1])

    @property
    def errors(self) -> list[FieldProblem]:
        return ids.errors_only(self.problems)

    def shown_problems(self, field: ProfileField) -> list[FieldProblem]:
        """A new profile shows only the problems of fields typed in, until Save is tried."""
        quiet = self.draft_name is not None and not self.save_tried
        if quiet and field not in self.touched:
            return []
        return [problem for problem in self.problems if problem.field == field]

    def is_dirty(self) -> bool:
        if self.draft_name is not None:
            return True
        if self.saved is None:
            return False
        return (bool(self.secret) or self.values != values_of(self.saved)
                or self.options != SignInOptions.of(self.saved)
                or not self.oauth.same_as(OAuthOptions.of(self.saved)))

    @property
    def can_save(self) -> bool:
        return (self.editing and not self.errors and not self.oauth.problems()
                and self.is_dirty())

    @property
    def can_revert(self) -> bool:
        return self.editing and self.is_dirty()

    @property
    def complete(self) -> bool:
        """A saved profile without errors (the pane folds its fields away)."""
        return self.saved is not None and not self.errors and not self.oauth.problems()

    def title(self) -> str:
        if self.draft_name is not None:
            return f"New profile “{self.draft_name}” — not saved yet"
        return f"Profile “{self.saved.name}”" if self.saved is not None else ""

    # -- saving

    def to_profile(self, name: str) -> Profile:
        """The form as a Profile (flags such as the sandbox mark kept from the saved one)."""
        values = self.values
        base = self.saved if self.saved is not None else Profile(name, "", "", "")
        base = dataclasses.replace(base, **(self.oauth.values() or {}))
        return dataclasses.replace(
            base,
            name=name,
            region=values[F.REGION],
            user_pool_id=values[F.USER_POOL_ID],
            client_id=values[F.CLIENT_ID],
            identity_pool_id=values[F.IDENTITY_POOL_ID] or None,
            bucket=values[F.BUCKET] or None,
            hosted_ui_domain=values[F.HOSTED_UI_DOMAIN] or None,
            endpoint_url=values[F.ENDPOINT_URL] or None,
            rotate_refresh_tokens=self.options.rotate_refresh_tokens,
            preferred_challenge=self.options.preferred_challenge or None,
        )

    def attempt_save(self) -> SavePlan | None:
        """What Save writes, or None when it cannot (then every problem shows, typed or not)."""
        name = self.name
        if name is None:
            return None
        if not self.can_save:
            self.save_tried = True
            return None
        return SavePlan(self.saved, self.to_profile(name), self.secret)
