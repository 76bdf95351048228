"""Interactions: the one logging service, Create Interaction, attachments, comments, the log.

- `log`: every feature logs through `log_kind` / `log_in` (calls, e-mails, documents, segments,
  opportunities); the contact is resolved from the account as BC's spec §4.5 says.
- `create`: Create Interaction, Postpone and Resume, cancel and evaluation.
- `attachments`: embedded or on disk, opened through a private copy, relocated.
- `comments`: dated notes on a contact.
- `listing`: the log's filters, the timeline, statistics, the CSV export.

Arrows: interactions imports sync (its privacy-blocked message and the business relations that
lead from a customer or vendor to its contact), setup (work date), datafile and storage. The
features that log (calls and e-mails, documents, opportunities, segments) sit above it and call
`log.log_in` / `log.log_kind`; nothing below imports it.
"""
