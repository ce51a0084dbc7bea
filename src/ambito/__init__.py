"""Ambito: the information system of an Italian social-services zone."""
