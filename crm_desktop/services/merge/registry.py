"""The one registry: for every table that refers to contacts, the rule a merge applies to it.

Keys are table names exactly as in the schema; the set of tables that need a key is read from
the schema's foreign keys to contact.no (storage.contact_refs), so a new table without an entry
here stops every merge with a message naming it, and fails tests/services/test_merge_schema.py.

To add a table whose rows simply follow the contact, add one line:

    "interaction_log_entry": REPOINT,

Use UNITE when the contact may appear once per key (the survivor's row wins, the other is
dropped and comes back on undo), Refuse("why") when such rows must stop a merge, and
Custom(fn, "what it does", order=N) for anything else (see moves.py).
"""

from __future__ import annotations

from crm_desktop.services.merge import moves
from crm_desktop.services.merge.rules import REPOINT, UNITE, Custom, Refuse, Rule

RULES: dict[str, Rule] = {
    "contact": Custom(moves.move_persons, "persons of a company that goes move", order=40),
    "contact_business_relation": Custom(
        moves.unite_relations, "business relations united", order=10
    ),
    "customer": Custom(moves.follow_primary_contact, "primary contact and Contact text follow"),
    "vendor": Custom(moves.follow_primary_contact, "primary contact and Contact text follow"),
    "contact_duplicate": Custom(moves.move_pairs, "kept-separate pairs move", order=80),
    "cont_duplicate_search_string": Custom(
        moves.rebuild_search_strings, "search strings rebuilt, pairs recomputed", order=90
    ),
    # Opportunities (issue 21): the contact and its company follow the survivor.
    "opportunity": REPOINT,
    "opportunity_entry": REPOINT,
    # The contact picture (issue 22): one per contact; the survivor keeps its own, else takes
    # the other's (undo brings the dropped one back).
    "contact_picture": UNITE,
    # Interactions (issue 18): log entries (contact and its company) and comments follow the
    # survivor; attachments hang on their entries, not on contacts.
    "interaction_log_entry": REPOINT,
    "contact_comment": REPOINT,
    # The fuzzy method's keys and scan staging (issue 16): computed data. United onto the
    # survivor, then rebuilt with its search strings (the rule at order 90 refreshes its keys).
    "contact_duplicate_key": UNITE,
    "contact_duplicate_key_state": UNITE,
    "contact_duplicate_staging": UNITE,
    # Sales and purchase documents (issue 20): sell-to, bill-to and buy-from contacts follow
    # the survivor.
    "document_header": REPOINT,
}

# Data computed from contacts (duplicate pairs, search strings): a later save of another contact
# may change these rows without making the merge's undo wrong, so the undo does not refuse for
# them; it puts them back by key and computes both contacts' duplicates again.
DERIVED_TABLES = frozenset(
    {
        "contact_duplicate",
        "cont_duplicate_search_string",
        "contact_duplicate_key",
        "contact_duplicate_key_state",
        "contact_duplicate_staging",
    }
)

__all__ = ["DERIVED_TABLES", "REPOINT", "RULES", "UNITE", "Custom", "Refuse"]
