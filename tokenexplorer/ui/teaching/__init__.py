"""The teaching views: Compare, the samples gallery, handouts."""
