"""Sign-in through the hosted UI (managed login) the RFC 8252 way, and client credentials.

System browser, authorization code with PKCE (S256), `state` and `nonce`, answered by a
one-shot listener on http://localhost:PORT/callback bound to 127.0.0.1. No Qt here: the CLI
(`commands/signin_hosted.py`) and the window (`ui/cognito/hosted_ui_*.py`) drive `flow`.
"""

from tokenexplorer.cognito.hosted_ui.errors import HostedUIError
from tokenexplorer.cognito.hosted_ui.flow import HostedResult, HostedSignIn, run_sign_in
from tokenexplorer.cognito.hosted_ui.oauth_calls import MachineToken, OAuthClient

__all__ = ["HostedResult", "HostedSignIn", "HostedUIError", "MachineToken", "OAuthClient",
           "run_sign_in"]
