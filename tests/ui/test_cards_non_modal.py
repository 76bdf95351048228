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
