"""Opportunities: the Create Opportunity wizard, stage moves, closing, the pipeline (spec §8).

Modules by role: `edit` (create, change, delete), `stages` (Update and Close wizards),
`listing` (lists, history, pipeline figures), `documents` (the quote/order/invoice hooks), `rows` (what the screens get), `entries` (the one
place entries are written). The rules are `domain.opportunities` and `domain.date_formula`.

Arrows: opportunities imports sync (Won creates a customer for the contact), numbering
(Opportunity Nos.), setup (work date, my salesperson) and datafile. The interaction log (being
built) will import opportunities to make an opportunity from an entry
(`create_from_interaction_in`); the documents capability will call `link_sales_document_in`.
"""

from crm_desktop.services.opportunities.documents import (
    QUOTE_TO_ORDER_QUESTION,
    open_opportunity_of_quote_in,
    order_invoiced_in,
    quote_made_into_order_in,
)
from crm_desktop.services.opportunities.edit import (
    InteractionSource,
    LinkIn,
    NewOpportunity,
    WizardDefaults,
    activate_first_stage,
    create_from_interaction_in,
    create_opportunity,
    delete_opportunity,
    link_sales_document_in,
    update_opportunity,
    wizard_defaults,
)
from crm_desktop.services.opportunities.listing import (
    ContactFigures,
    MonthFigures,
    OpportunityFilter,
    StageFigures,
    close_codes,
    contact_figures,
    count_opportunities,
    cycle_statistics,
    default_sales_cycle,
    fetch_opportunities,
    get_opportunity,
    list_entries,
    list_opportunities,
    pipeline,
    sales_cycles,
    salespeople,
    won_lost_by_month,
)
from crm_desktop.services.opportunities.rows import EntryRow, OpportunityRow
from crm_desktop.services.opportunities.stages import (
    Close,
    CustomerQuestion,
    UpdateChoices,
    close_opportunity,
    move_stage,
    update_choices,
)

__all__ = [
    "QUOTE_TO_ORDER_QUESTION",
    "open_opportunity_of_quote_in",
    "order_invoiced_in",
    "quote_made_into_order_in",
    "Close",
    "ContactFigures",
    "CustomerQuestion",
    "EntryRow",
    "InteractionSource",
    "LinkIn",
    "MonthFigures",
    "NewOpportunity",
    "OpportunityFilter",
    "OpportunityRow",
    "StageFigures",
    "UpdateChoices",
    "WizardDefaults",
    "activate_first_stage",
    "close_codes",
    "close_opportunity",
    "contact_figures",
    "count_opportunities",
    "create_from_interaction_in",
    "create_opportunity",
    "cycle_statistics",
    "default_sales_cycle",
    "delete_opportunity",
    "fetch_opportunities",
    "get_opportunity",
    "link_sales_document_in",
    "list_entries",
    "list_opportunities",
    "move_stage",
    "pipeline",
    "sales_cycles",
    "salespeople",
    "update_choices",
    "update_opportunity",
    "wizard_defaults",
    "won_lost_by_month",
]
