"""Sync: contacts kept in step with customers, vendors, bank accounts and employees (spec §5).

Modules: `relations` holds the contact business relations (BC tables 5053/5054) and their
rules; `accounts` the customer, vendor, bank account and employee records; `push` copies fields
in both directions and `connect`s to the contact hooks; `from_contact` is Create as
Customer/Vendor/... and Link with Existing; `batch` creates contacts for many records at once.

Arrows: sync sits above contacts: it calls `contacts.edit.create_in`/`update_in` for linked
records, and contacts reaches sync only through `contacts.hooks` (registered by `open_app`).
Sync imports numbering, setup and datafile below it; exchange (above) imports sync.
"""
