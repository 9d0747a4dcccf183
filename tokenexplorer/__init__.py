"""Token Explorer: explore AWS Cognito user-pool tokens."""

from importlib import metadata

APP_NAME = "Token Explorer"
APP_ID = "tokenexplorer"

try:
    __version__ = metadata.version("tokenexplorer")
except metadata.PackageNotFoundError:  # running from a bare source tree
    __version__ = "0.0.0+source"
