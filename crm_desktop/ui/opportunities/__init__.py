"""Opportunities: the pipeline page, the card, the Create/Update/Close dialogs, and the
opportunity figures on a contact's card."""
