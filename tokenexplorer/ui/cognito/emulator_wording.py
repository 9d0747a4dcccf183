"""What the Cognito dialogs say about the local emulator (Qt-free, shared by pages and tests)."""

EMULATOR_NO_CODE = "The emulator sends no code: type any 6 digits."
EMULATOR_CAUTION = ("Local emulator: it does not check SRP proofs or codes, and anyone can "
                    "forge its tokens.")
EMULATOR_NO_RESEND = ("The local emulator does not implement ResendConfirmationCode (and sends "
                      "no codes): type any 6 digits instead.")
