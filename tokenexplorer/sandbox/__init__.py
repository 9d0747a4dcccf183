"""The sandbox's engine: a local Cognito + S3 emulator (ministack) in a child process."""
