"""Importing text copied out of the print layout as draft stories."""
