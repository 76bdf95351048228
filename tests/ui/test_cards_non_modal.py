"""Issue 12 point 6: cards are non-modal windows side by side; opening one that is open brings
it forward; the customer card's Contact button opens the contact card while the customer card
stays open and usable."""

from __future__ import annotations

from PySide6.QtCore import Qt

from crm_desktop.services import contacts, setup
from crm_desktop.services.app import AppContext
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.sync.card import RecordCard


def test_customer_card_and_its_contact_card_side_by_side(
    ctx: AppContext, qtbot, main_window
) -> None:  # type: ignore[no-untyped-def]
    setup.update_marketing_setup(ctx, {"bus_rel_code_for_customers": "CUST"})
    page = main_window.show_page("customers")
    card = page.new_record()
    qtbot.addWidget(card)
    assert isinstance(card, RecordCard)
    assert not card.isModal() and card.isVisible()
    name = card.form_of("name").editors["name"]
    qtbot.keyClicks(name, "Berg Bouw")
    assert card.save()
    page.refresh()
    page.model.wait()
    page.select_no(card.no)
    # Opening the same record again brings the open card forward, no second card.
    assert page.open_current() is card
    main_window.show_page("contacts")  # the contacts page opens contact cards
    qtbot.mouseClick(card.contact_button, Qt.MouseButton.LeftButton)
    contact_cards = [
        w for w in main_window.findChildren(ContactCard) if w.isVisible() and w.no is not None
    ]
    assert len(contact_cards) == 1
    contact = contact_cards[0]
    qtbot.addWidget(contact)
    assert not contact.isModal()
    assert card.isVisible() and card.isEnabled()  # still there and usable
    contact_no = contact.no
    assert contact_no is not None
    assert contacts.get_contact(ctx, contact_no).name == "Berg Bouw"
    # The contacts page brings the same card forward rather than opening a second one.
    again = main_window.show_page("contacts").open_contact(contact_no)
    assert again is contact


def test_buttons_act_only_when_they_can(ctx: AppContext, qtbot) -> None:  # type: ignore[no-untyped-def]
    # Issue 12 point 8: Open Linked Record and Remove Relation need a selected relation; Create
    # Contacts asks first and says what it did; Scan carries no ellipsis (it asks nothing).
    from crm_desktop.services.sync import from_contact
    from crm_desktop.ui import messages
    from crm_desktop.ui.duplicates.page import ContactDuplicatesPage
    from crm_desktop.ui.sync.contact_relations import ContactRelationsWidget
    from crm_desktop.ui.sync.pages import VendorListPage

    no = contacts.create_contact(ctx, {"type": "company", "name": "Berg Bouw"}).contact.no
    widget = ContactRelationsWidget(ctx)
    qtbot.addWidget(widget)
    widget.set_contact(no)
    assert not widget.buttons["open"].isEnabled() and not widget.buttons["remove"].isEnabled()
    from_contact.create_as_vendor(ctx, no)
    widget.refresh()
    assert not widget.buttons["open"].isEnabled()
    widget.table.selectRow(0)
    assert widget.buttons["open"].isEnabled() and widget.buttons["remove"].isEnabled()

    page = VendorListPage(ctx)
    qtbot.addWidget(page)
    messages.answer_next.append(False)
    assert not page.ask_create_contacts()
    assert page.thread_ is None  # nothing ran
    assert messages.shown[-1][0] == "question"
    messages.answer_next.append(True)
    assert page.ask_create_contacts()
    qtbot.waitUntil(lambda: page.last_batch is not None, timeout=20000)
    assert ("info", "Every vendor already has a contact: nothing was created.") in messages.shown

    duplicates = ContactDuplicatesPage(ctx)
    qtbot.addWidget(duplicates)
    assert duplicates.scan_button.text() == "Scan"


def test_marketing_setup_shows_the_customer_template_codes(ctx: AppContext, main_window) -> None:  # type: ignore[no-untyped-def]
    # Issue 12 point 9: the two codes are declared in domain/setup_fields.py, in the sync section.
    from crm_desktop.services.sync import from_contact
    from crm_desktop.ui.common.code_field import CodeField

    from_contact.save_template(
        ctx, {"code": "KLANT", "description": "Klant", "contact_type": "company"}
    )
    page = main_window.show_page("marketing_setup")
    page.codes.clear()
    page.sync.reload_choices()
    page.tabs.setCurrentIndex(list(page.sections).index("sync"))
    field = page.sync.editor("cust_template_company_code")
    assert isinstance(field, CodeField)
    assert field.combo.findData("KLANT") >= 0
    field.combo.setEditText("KLANT")
    assert page.unsaved.dirty
    assert page.save()
    assert setup.get_marketing_setup(ctx)["cust_template_company_code"] == "KLANT"
    main_window.grab().save("/tmp/shots/i12/setup_sync_templates.png")
