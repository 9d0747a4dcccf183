"""The Credentials and S3 tabs (issue 4): UI over tokenexplorer.aws; install via install.py."""
