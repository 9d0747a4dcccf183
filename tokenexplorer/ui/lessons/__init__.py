"""The Lessons pane: guided, self-checking lessons on the sandbox."""
