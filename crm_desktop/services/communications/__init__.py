"""Communications: the everyday contact moments logged with a click or a drop (issue 19).

- `calls`: the number to dial, outgoing and incoming calls logged.
- `mails`: dropped `.eml`/`.msg` files matched to contacts and logged; e-mail drafts.
- `meetings`: held meetings logged, invitations written as `.ics` and logged.
- `letters`: letters (formal/informal salutation, address block, Word merge fields) and cover
  sheets logged with their file.

Arrows: communications imports interactions (the one logging service `log.log_in`, with the
template the Interaction Template Setup names, or a template code for the kinds the setup has
no field for), contacts (salutations), setup (work date), datafile and storage. Nothing below
imports it.
"""
