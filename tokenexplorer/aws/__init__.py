"""Using tokens with AWS: identity-pool credentials and S3. No Qt."""
