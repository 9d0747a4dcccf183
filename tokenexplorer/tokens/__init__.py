"""Token finding, decoding, explanation and verification.

Plain Python: no Qt, and decoding never touches the network.
"""
