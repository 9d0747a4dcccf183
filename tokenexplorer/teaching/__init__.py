"""Teaching views' models (no Qt): the calls as a sequence diagram, a session on a timeline."""
