"""What the Cognito dialogs say about the local emulator (Qt-free, shared by pages and tests)."""

EMULATOR_NO_CODE = ("The emulator sends no real email: its code is in the Sandbox inbox "
                    "(for the built-in sandbox always 123456).")
EMULATOR_CAUTION = ("Local emulator: it checks passwords and codes, but its codes are fixed "
                    "and its tokens are signed with a key kept on this machine.")
EMULATOR_NO_RESEND = ("The local emulator sends no real email: the code is in the Sandbox "
                      "inbox (for the built-in sandbox always 123456).")
