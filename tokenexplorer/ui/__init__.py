"""Qt user interface. Renders core results and delegates; holds no token or AWS logic."""
