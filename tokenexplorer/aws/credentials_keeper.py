"""Which identity-pool credentials the window holds, for whom, and what they replaced (no Qt).

The Credentials tab and the S3 tab share one CredentialsKeeper: it makes the
CredentialsManager for the kind wanted (picked with a button, else the signed-in user's own,
else a guest's), drops it when the profile or the user changes (an identity belongs to one
user), and remembers what was shown before, for the "switched from … to …" note. Calls
are made on the GUI thread; the managers it makes renew on workers.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tokenexplorer.aws.renewal import (
    CognitoSession,
    id_token_supplier,
    session_name,
    session_user,
    wanted_kind,
)

if TYPE_CHECKING:
    from tokenexplorer.activity import ActivityLog
    from tokenexplorer.aws.credentials import CredentialsManager
    from tokenexplorer.aws.identity_credentials import CallerIdentity, IdentityCredentials, Kind
    from tokenexplorer.aws.identity_pool import PoolProfile

Renewed = Callable[["CredentialsManager", "IdentityCredentials"], None]


@dataclass(frozen=True)
class Shown:
    """What the tab showed: compared with what it shows after a switch."""

    identity_id: str
    kind: str
    principal: str | None  # the role ARN (else the caller ARN) STS named, when known


@dataclass(frozen=True)
class Cleared:
    """Credentials put away because the signed-in user changed."""

    held: IdentityCredentials
    before: str  # the name of the user they were for ("" for none)
    now: str  # the name of the user signed in now ("" when signed out)
    signed_out: bool


@dataclass(frozen=True)
class Availability:
    """Which kinds of credentials can be asked for; `reason` says why one cannot."""

    guest: bool
    authenticated: bool
    reason: str


class CredentialsKeeper:
    """The held manager and credentials of one window; `on_renewed` is told of every
    renewal of the current manager (on the thread that renewed)."""

    def __init__(
        self,
        profile: Callable[[], PoolProfile | None],
        session: Callable[[], CognitoSession | None],
        activity: ActivityLog | None,
        on_renewed: Renewed,
    ) -> None:
        self._profile, self._session, self._activity = profile, session, activity
        self._on_renewed = on_renewed
        self.manager: CredentialsManager | None = None
        self._unsubscribe: Callable[[], None] | None = None
        self.credentials: IdentityCredentials | None = None  # shown now
        self.caller: CallerIdentity | None = None
        self._caller_for: tuple[str, str] | None = None
        self.previous: Shown | None = None
        self.chosen = False  # the kind was picked with a button (not by the S3 tab's default)
        self._user = session_user(session())  # whose session the credentials go with
        self._user_name = session_name(session())

    # ------------------------------------------------------------ choosing

    def source(self) -> CredentialsManager | None:
        """What S3 requests are signed with: authenticated credentials while signed in,
        guest ones otherwise; a kind picked with a button is kept (a learner comparing
        what the guest role may do while signed in)."""
        if self._profile() is None:
            return None
        wanted = wanted_kind(self._session() is not None)
        if self.manager is None or (self.manager.kind != wanted and not self.chosen):
            self._remember_previous()
            self._use(self._new_manager(wanted))
        return self.manager

    def refusal(self, kind: Kind) -> str | None:
        """Why credentials of `kind` cannot be got now, in words; None when they can."""
        if self._profile() is None:
            return "Choose a profile first: credentials come from its identity pool."
        if kind == "authenticated" and self._session() is None:
            return "Sign in first: authenticated credentials need your ID token."
        return None

    def choose(self, kind: Kind) -> CredentialsManager:
        """A new manager for `kind`, picked by the user (kept for the S3 tab too)."""
        self._remember_previous()
        manager = self._new_manager(kind)
        self._use(manager)
        self.chosen = True
        return manager

    def _new_manager(self, kind: Kind) -> CredentialsManager:
        from tokenexplorer.aws.credentials import CredentialsManager

        profile = self._profile()
        assert profile is not None  # callers check first
        supplier = id_token_supplier(self._session) if kind == "authenticated" else None
        return CredentialsManager(profile, kind, id_token_supplier=supplier,
                                  activity=self._activity)

    def _use(self, manager: CredentialsManager) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
        self.manager = manager
        report = self._on_renewed
        self._unsubscribe = manager.subscribe(lambda creds: report(manager, creds))

    def _remember_previous(self) -> None:
        """Keep what is shown now, for the "switched from … to …" note."""
        if self.credentials is not None:
            principal = self.caller.principal if self.caller else None
            self.previous = Shown(self.credentials.identity_id, self.credentials.kind,
                                  principal)

    def availability(self) -> Availability:
        """Which kinds the buttons may ask for now, and why not."""
        profile = self._profile()
        has_pool = profile is not None and bool(profile.identity_pool_id)
        signed_in = self._session() is not None
        if not has_pool:
            reason = "The profile has no identity pool ID."
        elif not signed_in:
            reason = "Sign in first: authenticated credentials need your ID token."
        else:
            reason = ""
        return Availability(guest=has_pool, authenticated=has_pool and signed_in,
                            reason=reason)

    # ------------------------------------------------------------ results

    def accept(self, manager: CredentialsManager, creds: IdentityCredentials) -> bool:
        """Take a renewal's result; False when it came from a manager replaced meanwhile."""
        if manager is not self.manager:
            return False
        self.credentials = creds
        return True

    def caller_needed(self) -> bool:
        """True once per new identity (or kind): STS is asked who it makes you."""
        creds = self.credentials
        if creds is None or self._caller_for == (creds.identity_id, creds.kind):
            return False
        self._caller_for = (creds.identity_id, creds.kind)
        self.caller = None
        return True

    def caller_lookup(self, creds: IdentityCredentials) -> Callable[[], CallerIdentity]:
        """STS GetCallerIdentity for `creds` with the profile of now, to run on a worker."""
        from tokenexplorer.aws.credentials import caller_identity

        profile, activity = self._profile(), self._activity
        assert profile is not None  # credentials are only held while a profile is
        return lambda: caller_identity(creds, profile, activity)

    def is_current(self, creds: IdentityCredentials) -> bool:
        """Whether an STS answer for `creds` still belongs to what is shown."""
        return self._caller_for == (creds.identity_id, creds.kind)

    def set_caller(self, creds: IdentityCredentials, caller: CallerIdentity) -> bool:
        if not self.is_current(creds):
            return False
        self.caller = caller
        return True

    # ------------------------------------------------------------ forgetting

    def clear(self) -> None:
        """Forget the credentials, their manager and identity ID (nothing is kept for a
        later renewal to pick up)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        if self.manager is not None:
            self.manager.clear()  # a renewal in flight will not bring them back
        self.manager = None
        self.chosen = False
        self.credentials = None
        self.caller = None
        self._caller_for = None
        self.previous = None

    def profile_changed(self) -> bool:
        """Drop everything of the previous profile; True when credentials were held."""
        had = self.credentials is not None
        self.clear()
        self._user = session_user(self._session())
        self._user_name = session_name(self._session())
        return had

    def user_changed(self, session: CognitoSession | None) -> bool:
        """True when `session` is another user's (sign-in, switch, sign-out): then the
        credentials must go (put_away). A refresh of the same user's session keeps them."""
        return session_user(session) != self._user

    def put_away(self, session: CognitoSession | None) -> Cleared | None:
        """Another user gets no credentials of the previous one: the manager and its
        identity ID go too (a guest identity is still remembered for the switch note).
        Returns what was put away, None when nothing was held."""
        user = session_user(session)
        before = self._user_name
        self._user, self._user_name = user, session_name(session)
        held = self.credentials
        previous = None
        if held is not None and held.kind == "guest":
            self._remember_previous()
            previous = self.previous
        self.clear()
        self.previous = previous
        if held is None:
            return None
        return Cleared(held, before, self._user_name, signed_out=session is None)


def switch_note(previous: Shown | None, creds: IdentityCredentials | None,
                caller: CallerIdentity | None) -> str | None:
    """"Switched from guest to authenticated…": identity and role before and after; None
    when nothing switched."""
    if previous is None or creds is None:
        return None
    if previous.identity_id == creds.identity_id and previous.kind == creds.kind:
        return None
    same_identity = " (the same identity)" if previous.identity_id == creds.identity_id else ""
    lines = [
        f"Switched from {previous.kind} to {creds.kind} credentials.",
        f"Identity: {previous.identity_id} → {creds.identity_id}{same_identity}",
    ]
    now = caller.principal if caller else None
    if previous.principal or now:
        what = "Role" if caller is not None and caller.role_arn is not None else "Principal (STS)"
        same = f" (the same {what.split()[0].lower()})" if previous.principal == now else ""
        lines.append(f"{what}: {previous.principal or 'unknown'} → {now or 'unknown'}{same}")
    return "\n".join(lines)


def cleared_note(cleared: Cleared) -> str:
    """What happened to credentials put away on a change of user, and what to do next."""
    held = cleared.held
    if cleared.signed_out:
        what = "Signed out"
    elif held.kind == "authenticated":
        what = f"The signed-in user changed ({cleared.before or '?'} → now {cleared.now})"
    else:
        what = f"Signed in as {cleared.now}"
    whose = f"{cleared.before}'s " if held.kind == "authenticated" and cleared.before else ""
    return (
        f"{what}: {whose or 'the '}{held.kind} credentials of identity "
        f"{held.identity_id} were cleared. Get new ones above; the S3 tab gets them "
        "itself when it needs them."
    )


def credentials_file_profile(profile_name: str | None) -> str:
    """The `[tokenexplorer-…]` section name a copied credentials file uses."""
    name = profile_name or "tokenexplorer"
    return "tokenexplorer-" + "".join(
        ch if ch.isalnum() or ch in "-_" else "-" for ch in name.lower()
    )


__all__ = ["Availability", "Cleared", "CredentialsKeeper", "Shown", "cleared_note",
           "credentials_file_profile", "switch_note"]
