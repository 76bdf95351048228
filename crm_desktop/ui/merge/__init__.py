"""Merging duplicate contacts and undoing merges (issue 17): the Merge Duplicate dialog and the
Merges page."""
