"""The Cognito part of the window: pool profiles, sign-in/up dialogs, session and activity.

Mounted into the main window by `install.install_cognito_ui(window, state)`; every panel
renders and delegates to tokenexplorer.cognito / keyring_store through `run_task`.
"""
