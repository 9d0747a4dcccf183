"""Account calls of a user pool: sign-up and its confirmation, forgotten and changed
passwords, and the pool's password policy. Each method is one round trip."""

from __future__ import annotations

from tokenexplorer.cognito.errors import CognitoError
from tokenexplorer.cognito.idp_client import CognitoClient
from tokenexplorer.cognito.password_policy import PasswordPolicy
from tokenexplorer.cognito.steps import CodeDelivery, SignUpResult


class AccountCalls(CognitoClient):
    def sign_up(self, username: str, password: str,
                attributes: dict[str, str] | None = None) -> SignUpResult:
        response = self._call(
            "sign_up", secrets=(password,), ClientId=self.client_id, Username=username,
            Password=password,
            UserAttributes=[{"Name": k, "Value": v} for k, v in (attributes or {}).items()
                            if v not in (None, "")],
            **self._secret_param(username),
        )
        return SignUpResult(
            user_confirmed=bool(response.get("UserConfirmed")),
            delivery=CodeDelivery.from_response(response.get("CodeDeliveryDetails")),
            user_sub=response.get("UserSub"),
        )

    def confirm_sign_up(self, username: str, code: str) -> None:
        self._call("confirm_sign_up", secrets=(code,), ClientId=self.client_id,
                   Username=username, ConfirmationCode=code.strip(),
                   **self._secret_param(username))

    def resend_code(self, username: str) -> CodeDelivery | None:
        response = self._call("resend_confirmation_code", ClientId=self.client_id,
                              Username=username, **self._secret_param(username))
        return CodeDelivery.from_response(response.get("CodeDeliveryDetails"))

    def forgot_password(self, username: str) -> CodeDelivery | None:
        response = self._call("forgot_password", ClientId=self.client_id, Username=username,
                              **self._secret_param(username))
        return CodeDelivery.from_response(response.get("CodeDeliveryDetails"))

    def confirm_forgot_password(self, username: str, code: str, new_password: str) -> None:
        self._call("confirm_forgot_password", secrets=(code, new_password),
                   ClientId=self.client_id, Username=username, ConfirmationCode=code.strip(),
                   Password=new_password, **self._secret_param(username))

    def change_password(self, access_token: str, old_password: str, new_password: str) -> None:
        self._call("change_password", context="ChangePassword",
                   secrets=(access_token, old_password, new_password),
                   AccessToken=access_token, PreviousPassword=old_password,
                   ProposedPassword=new_password)

    def describe_password_policy(self) -> PasswordPolicy | None:
        """The pool's password policy via DescribeUserPool, or None when it cannot be read
        (real AWS wants credentials for it; emulators usually answer)."""
        try:
            response = self._call("describe_user_pool", UserPoolId=self.user_pool_id)
        except CognitoError:
            return None
        policy = PasswordPolicy.from_pool(response.get("UserPool") or {})
        if policy is not None:
            self.password_policy = policy
        return policy
