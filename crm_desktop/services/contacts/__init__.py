"""Contacts: companies and persons, their inheritance and defaults (spec §2, §3, §10).

Modules: `edit` creates, changes and deletes contacts; `deletion` deletes a selection so that
Undo can take it back; `derive` works out a new contact's inherited and default values (for the
save and, writing nothing, for the card's preview); `queries` reads them (rows, persons,
salutations); `rules` holds the checks and look-ups edit needs (type change, deletion, company
resolution); `listing` is the windowed contact list with its search; `bulk` writes many contacts
at once (import, demo); `relation_summary` is the business relation summary a contact shows;
`hooks` is how a save reaches the capabilities above.

Arrows: contacts imports duplicates (search strings kept on save), numbering (Contact Nos.),
setup (work date) and datafile, never sync or exchange. Sync sits above contacts because it
creates and updates contacts for linked records; contacts tells sync about saves and deletes
through `hooks`, whose listeners `open_app` registers. The names below are the capability's
public face for the screens.
"""

from __future__ import annotations

from crm_desktop.services.contacts.deletion import (
    DeletedContacts,
    delete_contacts,
    undo_delete,
)
from crm_desktop.services.contacts.derive import ContactPreview, preview_new_contact
from crm_desktop.services.contacts.edit import (
    create_contact,
    create_in,
    delete_contact,
    refresh_business_relation_in,
    update_contact,
    update_in,
)
from crm_desktop.services.contacts.queries import (
    ContactRow,
    ContactSaved,
    count_persons,
    get_contact,
    get_in,
    get_salutation,
    inherited_fields,
    list_contacts,
    list_persons,
    resolve_company,
    to_row,
    values_of,
)

__all__ = [
    "ContactPreview",
    "ContactRow",
    "DeletedContacts",
    "delete_contacts",
    "undo_delete",
    "ContactSaved",
    "count_persons",
    "create_contact",
    "create_in",
    "delete_contact",
    "get_contact",
    "get_in",
    "get_salutation",
    "inherited_fields",
    "list_contacts",
    "list_persons",
    "preview_new_contact",
    "refresh_business_relation_in",
    "resolve_company",
    "to_row",
    "update_contact",
    "update_in",
    "values_of",
]
