"""The contact list and the contact card."""
