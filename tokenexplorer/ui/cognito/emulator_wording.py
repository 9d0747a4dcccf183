"""What the Cognito dialogs say about the local emulator (Qt-free, shared by pages and tests)."""

# The sandbox's engine checks codes but delivers no mail: it records it (the Sandbox inbox).
EMULATOR_NO_CODE = "A local emulator sends no mail: its code is in the Sandbox inbox."
EMULATOR_CAUTION = ("Local emulator: it checks passwords and codes, but its codes are fixed "
                    "and its tokens are signed with a key kept on this machine.")
EMULATOR_NO_RESEND = ("Resend is off for a local emulator: it sends no mail, and the code it "
                      "would have sent is in the Sandbox inbox already.")
