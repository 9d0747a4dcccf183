"""The teaching views: the calls as a sequence diagram, the session on a timeline."""
