"""The sandbox's own panels (the Sandbox inbox)."""
