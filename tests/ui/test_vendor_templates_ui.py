"""Issue 12 point 9: Create as Vendor offers the vendor templates (the dialog says so), and the
Vendors page's Templates… opens them in Master Data."""

from __future__ import annotations

from crm_desktop.services import contacts, masterdata
from crm_desktop.services.app import AppContext
from crm_desktop.services.sync import accounts, from_contact
from crm_desktop.ui.sync.contact_relations import ContactRelationsWidget, TemplateDialog


def test_create_as_vendor_offers_the_vendor_templates(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    masterdata.save_row(ctx, "territory", {"code": "NORTH", "name": "North"})
    for code in ("IMPORT", "LOCAL"):
        masterdata.save_row(
            ctx, "vendor_template", {"code": code, "description": code, "territory_code": "NORTH"}
        )
    no = contacts.create_contact(ctx, {"type": "company", "name": "Leverancier"}).contact.no
    widget = ContactRelationsWidget(ctx)
    qtbot.addWidget(widget)
    widget.set_contact(no)
    offered: list[tuple[str, list[str]]] = []

    def pick(choice: from_contact.TemplateChoice) -> str | None:
        dialog = TemplateDialog(choice, widget)
        qtbot.addWidget(dialog)
        offered.append((dialog.windowTitle(), [t["code"] for t in choice.templates]))
        return "LOCAL"

    widget.pick_template = pick  # type: ignore[method-assign]
    created = widget.create_as("vendor")
    assert offered == [("Choose a Vendor Template", ["IMPORT", "LOCAL"])]
    assert created is not None
    assert accounts.get_record(ctx, "vendor", created.no)["territory_code"] == "NORTH"


def test_the_vendors_page_opens_vendor_templates(main_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    page = main_window.show_page("vendors")
    assert page.templates_button.isVisibleTo(page)
    page.templates_button.click()
    masterdata_page = main_window.page("masterdata")
    assert main_window.stack.currentWidget() is masterdata_page
    assert "vendor_template" in masterdata_page.panels
