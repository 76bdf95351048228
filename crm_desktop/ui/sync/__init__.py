"""Screens of the sync area: customers, vendors, bank accounts, employees and a contact's
business relations."""
