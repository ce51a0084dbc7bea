"""One module per concept (see services/__init__.py)."""
