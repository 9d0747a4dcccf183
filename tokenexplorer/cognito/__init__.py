"""Cognito user pools: profiles, sign-up/sign-in flows, sessions and the embedded sandbox. No Qt."""
