"""Calls, e-mails, meetings and letters from the contact card (issue 19)."""
