"""Guided lessons: steps that wait for something to happen in the app, then explain it."""
