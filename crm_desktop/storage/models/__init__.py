"""All tables; importing this module registers every model on `Base.metadata`."""

from crm_desktop.storage.models.base import Base
from crm_desktop.storage.models.contacts import Contact, ContactBusinessRelation
from crm_desktop.storage.models.documents import (
    CompanyInformation,
    DocumentHeader,
    DocumentLine,
    SalesPurchaseSetup,
    VatRate,
)
from crm_desktop.storage.models.duplicate_keys import (
    ContactDuplicateKey,
    ContactDuplicateKeyState,
    ContactDuplicateStaging,
)
from crm_desktop.storage.models.duplicates import (
    ContactDuplicate,
    ContDuplicateSearchString,
    DuplicateSearchStringSetup,
)
from crm_desktop.storage.models.interactions import (
    Attachment,
    ContactComment,
    InteractionLogEntry,
    InteractionTmplLanguage,
)
from crm_desktop.storage.models.master import (
    BusinessRelation,
    CountryRegion,
    Currency,
    InteractionGroup,
    InteractionTemplate,
    Language,
    SalesCycle,
    SalesCycleStage,
    Salesperson,
    Salutation,
    SalutationFormula,
    Territory,
)
from crm_desktop.storage.models.merges import ContactMerge, ContactMergeRow
from crm_desktop.storage.models.numbering import NoSeries, NoSeriesLine, NoSeriesRelationship
from crm_desktop.storage.models.opportunities import (
    CloseOpportunityCode,
    Opportunity,
    OpportunityEntry,
)
from crm_desktop.storage.models.pictures import ContactPicture, ImportMapping
from crm_desktop.storage.models.setup import (
    INTERACTION_SETUP_FIELDS,
    AppSetting,
    InteractionTemplateSetup,
    MarketingSetup,
    UserSetup,
)
from crm_desktop.storage.models.sync import (
    BankAccount,
    Customer,
    CustomerTemplate,
    Employee,
    PaymentTerms,
    SyncSetup,
    Vendor,
    VendorTemplate,
)

__all__ = [
    "INTERACTION_SETUP_FIELDS",
    "AppSetting",
    "Attachment",
    "ContactComment",
    "InteractionLogEntry",
    "InteractionTmplLanguage",
    "BankAccount",
    "Base",
    "BusinessRelation",
    "Contact",
    "ContactBusinessRelation",
    "ContactDuplicate",
    "ContactMerge",
    "ContactMergeRow",
    "ContactPicture",
    "ContactDuplicateKey",
    "ContactDuplicateKeyState",
    "ContactDuplicateStaging",
    "ContDuplicateSearchString",
    "CountryRegion",
    "Currency",
    "Customer",
    "CustomerTemplate",
    "VendorTemplate",
    "DuplicateSearchStringSetup",
    "Employee",
    "ImportMapping",
    "InteractionGroup",
    "InteractionTemplate",
    "InteractionTemplateSetup",
    "Language",
    "MarketingSetup",
    "NoSeries",
    "NoSeriesLine",
    "NoSeriesRelationship",
    "PaymentTerms",
    "SalesCycle",
    "SalesCycleStage",
    "Salesperson",
    "Salutation",
    "SalutationFormula",
    "SyncSetup",
    "Territory",
    "UserSetup",
    "Vendor",
    "CloseOpportunityCode",
    "Opportunity",
    "OpportunityEntry",
    "DocumentHeader",
    "DocumentLine",
    "SalesPurchaseSetup",
    "VatRate",
    "CompanyInformation",
]
