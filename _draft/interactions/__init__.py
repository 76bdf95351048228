"""Interactions: the one logging service, Create Interaction, attachments, comments, the log.

- `log`: every feature logs through `log_kind` / `log_in` (calls, e-mails, documents, segments,
  opportunities); the contact is resolved from the account as BC's spec §4.5 says.
- `create`: Create Interaction, Postpone and Resume, cancel and evaluation.
- `attachments`: embedded or on disk, opened through a private copy, relocated.
- `comments`: dated notes on a contact.
- `listing`: the log's filters, the timeline, statistics, the CSV export.
"""
