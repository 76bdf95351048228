"""Interactions in the GUI: a new user logs an interaction from the contact card in one dialog,
attaches a file, opens it again, and finds the entry in the contact's and its company's
timeline and on the Interaction Log page; BC's messages in the dialog; Postpone and Resume; a
comment in one step; filters and CSV export; the models pass qtmodeltester."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices

from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import listing
from crm_desktop.ui import messages
from crm_desktop.ui.contacts.card import ContactCard
from crm_desktop.ui.interactions.create_dialog import CreateInteractionDialog
from crm_desktop.ui.interactions.log_page import InteractionLogPage

SHOTS = Path("/tmp/shots/interactions")


class _Opened(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @Slot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


@pytest.fixture
def opened():  # type: ignore[no-untyped-def]
    catcher = _Opened()
    QDesktopServices.setUrlHandler("file", catcher, "open")
    yield catcher
    QDesktopServices.unsetUrlHandler("file")


@pytest.fixture
def people(ctx: AppContext) -> tuple[str, str]:
    masterdata.save_row(ctx, "salesperson", {"code": "AH", "name": "Annette Hill"})
    setup.update_user_setup(ctx, salesperson_code="AH")
    co = contacts.create_contact(ctx, {"type": "company", "name": "Adatum"}).contact.no
    p = contacts.create_contact(
        ctx, {"type": "person", "first_name": "Rob", "surname": "Townes", "company_no": co}
    ).contact.no
    return co, p


def _card(ctx: AppContext, qtbot, no: str) -> ContactCard:  # type: ignore[no-untyped-def]
    card = ContactCard(ctx, no)
    qtbot.addWidget(card)
    card.show()
    card.persons_model.wait()
    card.interactions.model.wait()
    return card


def _choose(dialog: CreateInteractionDialog, code: str) -> None:
    dialog.template.setCurrentIndex(dialog.template.findData(code))


def test_log_with_attachment_from_the_card_open_it_and_see_it_everywhere(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, opened, tmp_path: Path
) -> None:
    co, p = people
    card = _card(ctx, qtbot, p)
    dialog = card.interactions.create_interaction()
    assert dialog is not None
    assert dialog.salesperson.currentData() == "AH"
    assert not dialog.log_interaction.isChecked()
    _choose(dialog, "MEETING")
    assert dialog.log_interaction.isChecked()
    assert dialog.description.text() == "Meeting"
    dialog.description.setText("Visit at the plant")
    offer = tmp_path / "offer.pdf"
    offer.write_bytes(b"%PDF-1.4 offer")
    dialog.attach(offer)
    qtbot.mouseClick(dialog.finish_button, Qt.MouseButton.LeftButton)
    assert dialog.result_entry is not None
    assert card.interactions.stat_labels["no_of_interactions"].text() == "1"
    card.interactions.model.wait()
    item = card.interactions.model.item(0)
    assert item is not None and item.text == "Visit at the plant"
    assert item.attachment_no is not None
    # Opened again from the timeline: an embedded file opens as a private copy.
    card.interactions._open_row(card.interactions.model.index(0, 0))
    assert len(opened.urls) == 1
    copy = Path(opened.urls[0].toLocalFile())
    assert copy.read_bytes() == b"%PDF-1.4 offer" and copy.name == "offer.pdf"
    assert oct(copy.stat().st_mode & 0o777) == "0o600"
    company_card = _card(ctx, qtbot, co)
    company_card.interactions.model.wait()
    assert company_card.interactions.model.total == 1
    assert company_card.interactions.model.item(0).text == "Visit at the plant"  # type: ignore[union-attr]
    assert company_card.interactions.stat_labels["no_of_interactions"].text() == "1"
    page = InteractionLogPage(ctx)
    qtbot.addWidget(page)
    page.model.wait()
    assert page.model.total == 1
    page.view.selectRow(0)
    assert page.open_button.isEnabled()
    page.open_selected()
    assert len(opened.urls) == 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    card.resize(1366, 768)
    card.grab().save(str(SHOTS / "card.png"))


def test_dialog_shows_bcs_messages(ctx: AppContext, qtbot, people) -> None:  # type: ignore[no-untyped-def]
    co, _p = people
    dialog = CreateInteractionDialog(ctx, co)
    dialog.log_interaction.setChecked(True)
    assert not dialog.finish()
    assert dialog.error.text() == "You must fill in the Interaction Template Code field."
    _choose(dialog, "MEETING")
    dialog.description.setText("")
    assert not dialog.finish()
    assert dialog.error.text() == "You must fill in the Description field."
    assert listing.count_entries(ctx, listing.LogFilter()) == 0
    messages.answer_next.append(messages.DISCARD)
    assert dialog.close()


def test_privacy_blocked_contact_cannot_open_create_interaction(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people
) -> None:
    co, _p = people
    contacts.update_contact(ctx, co, {"privacy_blocked": True})
    card = _card(ctx, qtbot, co)
    assert card.interactions.create_interaction() is None
    assert "blocked due to privacy" in messages.shown[-1][1]


def test_postpone_then_resume_from_the_list(ctx: AppContext, qtbot, people) -> None:  # type: ignore[no-untyped-def]
    co, _p = people
    card = _card(ctx, qtbot, co)
    dialog = card.interactions.create_interaction()
    assert dialog is not None
    _choose(dialog, "CALL-OUT")
    assert dialog.postpone()
    assert card.interactions.stat_labels["no_of_interactions"].text() == "0"
    postponed = card.interactions.show_postponed()
    qtbot.addWidget(postponed)
    assert len(postponed.rows) == 1
    resume = postponed.resume_selected()
    assert resume is not None
    resume.duration.setValue(12)
    assert resume.finish()
    assert postponed.rows == []
    assert card.interactions.stat_labels["no_of_interactions"].text() == "1"
    assert card.interactions.stat_labels["duration_min"].text() == "12"
    card.interactions.model.wait()
    assert card.interactions.model.item(0).kind == "call"  # type: ignore[union-attr]


def test_comment_on_a_person_in_one_step_shows_in_the_company_timeline(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people
) -> None:
    co, p = people
    card = _card(ctx, qtbot, p)
    card.interactions.comment_code.setText("phone")
    qtbot.keyClicks(card.interactions.comment_text, "Call after 3 pm")
    qtbot.keyClick(card.interactions.comment_text, Qt.Key.Key_Return)
    assert card.interactions.comment_text.text() == ""
    company_card = _card(ctx, qtbot, co)
    item = company_card.interactions.model.item(0)
    assert item is not None
    assert (item.kind, item.text, item.detail, item.contact_no) == (
        "comment",
        "Call after 3 pm",
        "PHONE",
        p,
    )


def test_log_page_filters_cancel_evaluation_and_export(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, tmp_path: Path, qtmodeltester
) -> None:
    co, p = people
    for no, code in ((co, "MEETING"), (p, "CALL-OUT"), (p, "LETTER")):
        dialog = CreateInteractionDialog(ctx, no)
        _choose(dialog, code)
        assert dialog.finish()
    page = InteractionLogPage(ctx)
    qtbot.addWidget(page)
    page.model.wait()
    qtmodeltester.check(page.model)
    assert page.model.total == 3
    page.contact.setText(p)
    page.apply_filter()
    page.model.wait()
    assert page.model.total == 2
    page.kind.setCurrentIndex(page.kind.findData("call"))
    page.model.wait()
    assert page.model.total == 1
    page.view.selectRow(0)
    page.set_evaluation("positive")
    assert page.selected().evaluation == "positive"  # type: ignore[union-attr]
    page.cancel_selected()
    assert page.selected().canceled  # type: ignore[union-attr]
    assert listing.statistics(ctx, p).no_of_interactions == 1
    page.date_from.setText("31-12-2026")
    page.apply_filter()
    assert "YYYY-MM-DD" in page.filter_error.text()
    page.date_from.setText("")
    page.kind.setCurrentIndex(0)
    page.contact.setText("")
    page.company.setText(co)
    page.apply_filter()
    page.model.wait()
    assert page.model.total == 3
    target = tmp_path / "log.csv"
    assert page.export(target) == 3
    with target.open(encoding="utf-8-sig", newline="") as fh:
        assert len(list(csv.DictReader(fh))) == 3


def test_timeline_model_passes_the_model_tester(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, qtmodeltester
) -> None:
    co, _p = people
    card = _card(ctx, qtbot, co)
    card.interactions.add_comment()  # blank: refused, nothing written
    assert messages.shown[-1][1] == "You must fill in the Comment field."
    qtmodeltester.check(card.interactions.model)


def test_relocation_runs_in_the_background_with_progress(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, tmp_path: Path
) -> None:
    from crm_desktop.services.interactions import attachments
    from crm_desktop.ui.interactions.relocate_dialog import relocate_if_needed

    co, _p = people
    for i in range(3):
        dialog = CreateInteractionDialog(ctx, co)
        _choose(dialog, "MEETING")
        offer = tmp_path / f"f{i}.txt"
        offer.write_bytes(b"x" * (i + 1))
        dialog.attach(offer)
        assert dialog.finish()
    assert relocate_if_needed(ctx, None) is None  # nothing to move
    setup.update_marketing_setup(
        ctx,
        {
            "attachment_storage_type": "disk_file",
            "attachment_storage_location": str(tmp_path / "e"),
        },
    )
    dialog = relocate_if_needed(ctx, None)
    assert dialog is not None
    qtbot.waitUntil(lambda: dialog.result_value is not None, timeout=10000)
    assert dialog.result_value.moved == 3  # type: ignore[union-attr]
    assert attachments.pending_relocation(ctx) == 0
    assert sorted(p.stat().st_size for p in (tmp_path / "e").iterdir()) == [1, 2, 3]


def test_no_template_note_is_shown_once_per_kind(ctx: AppContext, qtbot, people) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.services.interactions import log
    from crm_desktop.ui.interactions.notes import show_outcome

    co, _p = people
    log.forget_notes()
    setup.update_interaction_template_setup(ctx, {"outg_calls": ""})
    for _ in range(2):
        show_outcome(log.log_kind(ctx, "outg_calls", log.Account("contact", co)), None)
    notes = [text for kind, text in messages.shown if "Nothing was logged" in text]
    assert notes == [
        "Nothing was logged for outgoing calls: the Interaction Template Setup has no template "
        "for it. Set one in Marketing Setup > Interactions to log them."
    ]
    assert log.note_text(log.LogOutcome(None)) is None


def test_template_language_attachment_from_the_master_data_page(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, tmp_path: Path, opened
) -> None:
    from crm_desktop.ui.masterdata.page import MasterDataPage

    masterdata.save_row(
        ctx,
        "interaction_tmpl_language",
        {"interaction_template_code": "LETTER", "language_code": "", "description": "Brief"},
    )
    page = MasterDataPage(ctx)
    qtbot.addWidget(page)
    page.show()
    templates_panel = page.show_table("interaction_template")
    row = next(
        r
        for r in range(templates_panel.proxy.rowCount())
        if templates_panel.proxy.index(r, 0).data() == "LETTER"
    )
    templates_panel.view.setCurrentIndex(templates_panel.proxy.index(row, 0))
    detail = page.panels["interaction_tmpl_language"]
    detail.view.setCurrentIndex(detail.proxy.index(0, 1))
    bar = page.template_attachments
    assert bar.attach_button.isEnabled() and not bar.open_button.isEnabled()
    letter = tmp_path / "letter.docx"
    letter.write_bytes(b"PK docx")
    assert bar.attach(letter)
    assert bar.label.text() == "Attachment: letter.docx"
    bar.open()
    assert Path(opened.urls[-1].toLocalFile()).read_bytes() == b"PK docx"


def test_template_statistics_on_the_master_data_page(ctx: AppContext, qtbot, people) -> None:  # type: ignore[no-untyped-def]
    from crm_desktop.ui.masterdata.page import MasterDataPage

    co, _p = people
    dialog = CreateInteractionDialog(ctx, co)
    _choose(dialog, "MEETING")
    dialog.duration.setValue(45)
    assert dialog.finish()
    page = MasterDataPage(ctx)
    qtbot.addWidget(page)
    page.show()
    panel = page.show_table("interaction_group")
    row = next(
        r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, 0).data() == "MEETING"
    )
    panel.view.setCurrentIndex(panel.proxy.index(row, 0))
    assert page.statistics.text() == (
        "MEETING: No. of Interactions 1 · Cost (LCY) 0.00 · Duration (Min.) 45"
    )


def test_wizard_action_open_logs_the_edited_copy(  # type: ignore[no-untyped-def]
    ctx: AppContext, qtbot, people, opened
) -> None:
    from crm_desktop.services.interactions import templates
    from crm_desktop.services.interactions.attachments import NewAttachment, read_attachment

    co, _p = people
    masterdata.save_row(
        ctx,
        "interaction_tmpl_language",
        {"interaction_template_code": "LETTER", "language_code": "", "description": "Brief"},
    )
    templates.set_language_attachment(ctx, "LETTER", "", NewAttachment("brief.txt", b"Dear X"))
    dialog = CreateInteractionDialog(ctx, co)
    _choose(dialog, "LETTER")
    copy = dialog.open_template_copy("LETTER")
    assert copy is not None and Path(opened.urls[-1].toLocalFile()) == copy
    copy.write_bytes(b"Dear Mr. Townes")  # the user edits it in the opened program
    assert dialog.finish()
    entry = listing.get_entry(ctx, dialog.result_entry)  # type: ignore[arg-type]
    assert entry is not None and entry.attachment_no is not None
    assert read_attachment(ctx, entry.attachment_no)[1] == b"Dear Mr. Townes"
