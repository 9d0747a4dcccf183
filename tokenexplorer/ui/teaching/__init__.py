"""The teaching views: Compare, samples, handouts, the calls as a sequence diagram, the
session on a timeline."""
