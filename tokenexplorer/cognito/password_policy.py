"""A user pool's password policy: described in words and checked as the user types."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class PasswordPolicy:
    minimum_length: int = 8
    require_uppercase: bool = False
    require_lowercase: bool = False
    require_numbers: bool = False
    require_symbols: bool = False

    @classmethod
    def from_pool(cls, pool: dict[str, Any]) -> PasswordPolicy | None:
        policy = (pool.get("Policies") or {}).get("PasswordPolicy")
        if not isinstance(policy, dict):
            return None
        return cls(
            minimum_length=int(policy.get("MinimumLength") or 8),
            require_uppercase=bool(policy.get("RequireUppercase")),
            require_lowercase=bool(policy.get("RequireLowercase")),
            require_numbers=bool(policy.get("RequireNumbers")),
            require_symbols=bool(policy.get("RequireSymbols")),
        )

    def _needs(self) -> list[str]:
        needs = []
        if self.require_uppercase:
            needs.append("an uppercase letter")
        if self.require_lowercase:
            needs.append("a lowercase letter")
        if self.require_numbers:
            needs.append("a number")
        if self.require_symbols:
            needs.append("a symbol")
        return needs

    def describe(self) -> str:
        """'Passwords need at least 8 characters, with an uppercase letter and a number.'"""
        needs = self._needs()
        text = f"Passwords need at least {self.minimum_length} characters"
        if needs:
            joined = needs[0] if len(needs) == 1 else ", ".join(needs[:-1]) + " and " + needs[-1]
            text += f", with {joined}"
        return text + "."

    def problems(self, password: str) -> list[str]:
        """What `password` lacks, as the user types (Cognito still decides)."""
        out = []
        if len(password) < self.minimum_length:
            out.append(f"at least {self.minimum_length} characters")
        checks = [
            (self.require_uppercase, any(c.isupper() for c in password), "an uppercase letter"),
            (self.require_lowercase, any(c.islower() for c in password), "a lowercase letter"),
            (self.require_numbers, any(c in "0123456789" for c in password), "a number"),
            (self.require_symbols, any(not c.isalnum() and not c.isspace() for c in password),
             "a symbol"),
        ]
        out.extend(text for wanted, present, text in checks if wanted and not present)
        return out
