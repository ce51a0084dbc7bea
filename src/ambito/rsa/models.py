"""The models of this app (issue 19): see the module docstrings of scoping.py and services/."""
