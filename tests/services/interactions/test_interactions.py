"""The interaction log (spec §4; scenarios of section F that apply here).

Not applicable here (or finished by a later issue):
- 85, 90, 95, 100, 105 are kept back as acceptance checks.
- 93 (the E-mail action logs with the E-Mails template) and 94 (cover sheet logged with the Cover
  Sheets template) are the calls/e-mails/letters issue's: they need its actions. The logging
  they go through is tested here with the same setup fields.
- 96-99, 101-104 are document reports: the documents issue adds the documents; the setup-kind
  logging, the contact found through the business relation and "no template, no entry" that
  they rest on are tested here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from sqlalchemy import select

from crm_desktop.domain.errors import CrmError, ValidationError
from crm_desktop.domain.interactions import InteractionDraft
from crm_desktop.services import contacts, masterdata, setup
from crm_desktop.services.app import AppContext
from crm_desktop.services.interactions import comments, create, listing, log
from crm_desktop.services.interactions.attachments import NewAttachment, read_attachment
from crm_desktop.services.sync import from_contact
from crm_desktop.storage import models as m

DAY = dt.date(2026, 11, 30)


def company(ctx: AppContext, name: str = "Acme", **values: object) -> str:
    return contacts.create_contact(ctx, {"type": "company", "name": name, **values}).contact.no


def person(ctx: AppContext, company_no: str = "", **values: object) -> str:
    data: dict[str, object] = {"type": "person", "first_name": "Jan", "surname": "Vries"}
    if company_no:
        data["company_no"] = company_no
    return contacts.create_contact(ctx, {**data, **values}).contact.no


@pytest.fixture
def sp(ctx: AppContext) -> AppContext:
    for code in ("SP1", "SP2"):
        masterdata.save_row(ctx, "salesperson", {"code": code, "name": code})
    template(
        ctx,
        "T1",
        description="Visit",
        unit_cost_lcy="12.50",
        unit_duration_min=30,
        initiated_by="us",
        information_flow="outbound",
    )
    template(ctx, "T2", description="Lunch", unit_cost_lcy="40", unit_duration_min=90)
    return ctx


def draft(contact_no: str, template: str = "T1", **values: object) -> InteractionDraft:
    base: dict[str, object] = {"date": DAY, "salesperson_code": "SP1"}
    return InteractionDraft(
        contact_no=contact_no,
        template_code=template,
        **{**base, **values},  # type: ignore[arg-type]
    )


def template(ctx: AppContext, code: str, **values: object) -> None:
    row: dict[str, object] = {
        "code": code,
        "interaction_group_code": "MEETING",
        "description": "",
        "unit_cost_lcy": "0",
        "unit_duration_min": 0,
        "information_flow": "",
        "initiated_by": "",
        "correspondence_type": "",
        "language_code": "",
        "ignore_contact_corres_type": False,
        "wizard_action": "",
    }
    masterdata.save_row(ctx, "interaction_template", {**row, **values})


def test_bc087_cost_and_duration_come_from_the_template(sp: AppContext) -> None:
    no = company(sp)
    entry_no = create.create_interaction(sp, draft(no))
    row = listing.get_entry(sp, entry_no)
    assert row is not None
    assert (row.cost_lcy, row.duration_min) == (Decimal("12.50"), 30)
    assert (row.interaction_group_code, row.description, row.initiated_by) == (
        "MEETING",
        "Visit",
        "us",
    )
    assert row.user_id == log.current_user()


def test_bc086_a_cancelled_interaction_does_not_count(sp: AppContext) -> None:
    no = company(sp)
    entry_no = create.create_interaction(sp, draft(no))
    assert listing.statistics(sp, no).no_of_interactions == 1
    create.set_canceled(sp, entry_no, True)
    stats = listing.statistics(sp, no)
    assert (stats.no_of_interactions, stats.cost_lcy, stats.duration_min) == (0, 0, 0)


def test_bc088_typed_cost_and_duration_win_and_template_and_group_statistics(
    sp: AppContext,
) -> None:
    no = company(sp)
    create.create_interaction(sp, draft(no))
    create.create_interaction(
        sp,
        draft(no, "T2", cost_lcy=Decimal("99.99"), duration_min=500),
        typed=frozenset({"cost_lcy", "duration_min"}),
    )
    rows = listing.fetch_entries(sp, listing.LogFilter(template_code="T2"), 0, 10)
    assert [(r.cost_lcy, r.duration_min) for r in rows] == [(Decimal("99.99"), 500)]
    t2 = listing.template_statistics(sp, "T2")
    assert (t2.no_of_interactions, t2.cost_lcy, t2.duration_min) == (1, Decimal("99.99"), 500)
    group = listing.group_statistics(sp, "MEETING")
    assert (group.no_of_interactions, group.cost_lcy, group.duration_min) == (
        2,
        Decimal("112.49"),
        530,
    )


def test_bc089_blank_template_and_blank_description_are_refused(sp: AppContext) -> None:
    no = company(sp)
    with pytest.raises(ValidationError) as blank_template:
        create.create_interaction(sp, draft(no, ""))
    assert str(blank_template.value) == "You must fill in the Interaction Template Code field."
    template(sp, "NODESC")
    with pytest.raises(ValidationError) as blank_description:
        create.create_interaction(sp, draft(no, "NODESC"))
    assert str(blank_description.value) == "You must fill in the Description field."
    assert listing.count_entries(sp, listing.LogFilter()) == 0


def test_bc091_my_salesperson_beats_the_contacts(sp: AppContext) -> None:
    setup.update_user_setup(sp, salesperson_code="SP1")
    no = company(sp, salesperson_code="SP2")
    assert create.defaults_for(sp, no).salesperson_code == "SP1"
    setup.update_user_setup(sp, salesperson_code="")
    assert create.defaults_for(sp, no).salesperson_code == "SP2"


def test_salesperson_is_required_for_a_manual_interaction(sp: AppContext) -> None:
    no = company(sp)
    with pytest.raises(ValidationError) as refused:
        create.create_interaction(sp, draft(no, salesperson_code=""))
    assert refused.value.field == "salesperson_code"


def test_bc092_resume_lands_on_the_resumed_entry_only(sp: AppContext) -> None:
    no = company(sp)
    first = create.create_interaction(sp, draft(no, "T1"), postpone=True)
    second = create.create_interaction(sp, draft(no, "T2"), postpone=True)
    assert {r.entry_no for r in listing.postponed_entries(sp, no)} == {first, second}
    assert listing.statistics(sp, no).no_of_interactions == 0
    resumed = create.draft_of(sp, first)
    create.resume_interaction(
        sp,
        first,
        InteractionDraft(**{**resumed.__dict__, "cost_lcy": Decimal("7.77"), "duration_min": 77}),
    )
    one, two = listing.get_entry(sp, first), listing.get_entry(sp, second)
    assert one is not None and two is not None
    assert (one.cost_lcy, one.duration_min, one.postponed) == (Decimal("7.77"), 77, False)
    assert (two.cost_lcy, two.duration_min, two.postponed) == (Decimal("40.00"), 90, True)
    assert [r.entry_no for r in listing.postponed_entries(sp, no)] == [second]
    with pytest.raises(ValidationError):
        create.resume_interaction(sp, first, resumed)


def test_privacy_blocked_contact_is_refused_with_the_services_message(sp: AppContext) -> None:
    no = company(sp, name="Hidden")
    contacts.update_contact(sp, no, {"privacy_blocked": True})
    with pytest.raises(ValidationError) as refused:
        create.create_interaction(sp, draft(no))
    assert str(refused.value) == (
        f"You cannot use contact {no} Hidden because they are marked as blocked due to privacy."
    )
    with pytest.raises(ValidationError):
        create.defaults_for(sp, no)


def test_no_template_no_entry_and_the_note_once_per_kind(sp: AppContext) -> None:
    log.forget_notes()
    no = company(sp)
    setup.update_interaction_template_setup(sp, {"outg_calls": "", "e_mails": ""})
    first = log.log_kind(sp, "outg_calls", log.Account("contact", no))
    again = log.log_kind(sp, "outg_calls", log.Account("contact", no))
    other = log.log_kind(sp, "e_mails", log.Account("contact", no))
    assert (first.entry_no, again.entry_no, other.entry_no) == (None, None, None)
    assert first.note is not None and first.note_params == {"kind": "outgoing calls"}
    assert again.note is None
    assert other.note is not None
    assert listing.count_entries(sp, listing.LogFilter()) == 0


def test_contact_resolved_through_the_business_relation(sp: AppContext) -> None:
    no = company(sp, salesperson_code="SP2")
    customer = from_contact.create_as_customer(sp, no).no
    when = dt.datetime(2026, 12, 1, 9, 30)
    outcome = log.log_kind(
        sp,
        "sales_invoices",
        log.Account("customer", customer),
        document_no="1001",
        correspondence_type="hard_copy",
        now=when,
    )
    assert outcome.entry_no is not None and outcome.contact_no == no
    row = listing.get_entry(sp, outcome.entry_no)
    assert row is not None
    assert (row.document_type, row.document_no, row.kind) == ("Sales Inv.", "1001", "document")
    assert (row.interaction_template_code, row.correspondence_type) == ("S-INVOICE", "hard_copy")
    assert (row.date, row.salesperson_code) == (when.date(), "SP2")
    # A vendor without a contact: nothing is logged, silently (spec §4.5).
    assert log.log_kind(sp, "purch_orders", log.Account("vendor", "NOSUCH")).entry_no is None


def test_template_with_languages_is_refused_for_system_logging(sp: AppContext) -> None:
    no = company(sp)
    with sp.db.uow() as s:
        s.add(m.InteractionTmplLanguage(interaction_template_code="CALL-OUT", language_code=""))
    with pytest.raises(ValidationError) as refused:
        log.log_kind(sp, "outg_calls", log.Account("contact", no))
    assert str(refused.value) == (
        "Interaction Template CALL-OUT has assigned Interaction Template Language ''. It is not "
        "allowed to have languages assigned to templates used for system document logging."
    )


def test_company_aggregates_its_persons(sp: AppContext) -> None:
    co = company(sp)
    p1, p2 = person(sp, co), person(sp, co, first_name="Piet")
    create.create_interaction(sp, draft(p1, date=dt.date(2026, 11, 1)))
    create.create_interaction(sp, draft(p2, "T2", date=dt.date(2026, 11, 20)))
    create.create_interaction(sp, draft(p2, "T1", date=dt.date(2026, 11, 25), attempt_failed=True))
    company_stats = listing.statistics(sp, co)
    assert (company_stats.no_of_interactions, company_stats.cost_lcy) == (3, Decimal("65.00"))
    assert company_stats.duration_min == 150
    assert company_stats.date_of_last_interaction == dt.date(2026, 11, 20)
    assert company_stats.last_date_attempted == dt.date(2026, 11, 25)
    assert listing.statistics(sp, p1).no_of_interactions == 1
    assert listing.statistics(sp, p1).last_date_attempted == dt.date(2026, 11, 1)


def test_a_comment_on_a_person_shows_in_its_companys_timeline(sp: AppContext) -> None:
    co = company(sp)
    p = person(sp, co)
    comments.add_comment(sp, p, "Prefers calls after 3 pm", code="PHONE", date=DAY)
    create.create_interaction(sp, draft(co, date=dt.date(2026, 11, 29)))
    timeline = listing.fetch_timeline(sp, co)
    assert [(i.kind, i.text) for i in timeline] == [
        ("comment", "Prefers calls after 3 pm"),
        ("manual", "Visit"),
    ]
    assert listing.count_timeline(sp, co) == 2
    assert [i.kind for i in listing.fetch_timeline(sp, p)] == ["comment"]
    found = listing.fetch_entries(sp, listing.LogFilter(text="after 3 pm"), 0, 10)
    assert found == []  # the comment is the person's; the company's entry is not its
    create.create_interaction(sp, draft(p))
    found = listing.fetch_entries(sp, listing.LogFilter(text="after 3 pm"), 0, 10)
    assert [r.contact_no for r in found] == [p]


def test_log_filters_and_csv_export(sp: AppContext, tmp_path) -> None:  # type: ignore[no-untyped-def]
    co = company(sp)
    other = company(sp, name="Other")
    create.create_interaction(sp, draft(co, date=dt.date(2026, 10, 1)))
    create.create_interaction(sp, draft(co, "T2", salesperson_code="SP2"))
    create.create_interaction(sp, draft(other))
    comments.add_comment(sp, co, 'Sent, brochure; "big" order')
    F = listing.LogFilter
    assert listing.count_entries(sp, F(company_no=co)) == 2
    assert listing.count_entries(sp, F(salesperson_code="SP2")) == 1
    assert listing.count_entries(sp, F(template_code="T1")) == 2
    assert listing.count_entries(sp, F(date_from=dt.date(2026, 11, 1))) == 2
    assert listing.count_entries(sp, F(date_to=dt.date(2026, 10, 31))) == 1
    assert listing.count_entries(sp, F(kind="manual")) == 3
    assert listing.count_entries(sp, F(kind="call")) == 0
    target = tmp_path / "log.csv"
    assert listing.export_csv(sp, F(company_no=co), target) == 2
    import csv

    with target.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["interaction_template_code"] for r in rows] == ["T2", "T1"]
    assert rows[0]["comments"].endswith('Sent, brochure; "big" order')
    assert oct(target.stat().st_mode & 0o777) == "0o600"


def test_attachment_stored_with_the_entry(sp: AppContext) -> None:
    no = company(sp)
    payload = bytes(range(256)) * 10
    entry_no = create.create_interaction(
        sp, draft(no), attachment=NewAttachment("offer.pdf", payload)
    )
    row = listing.get_entry(sp, entry_no)
    assert row is not None and row.attachment_no is not None
    assert read_attachment(sp, row.attachment_no) == ("offer.pdf", payload)
    with sp.db.read() as s:
        assert s.scalar(select(m.Attachment.storage_type)) == "embedded"


def test_setup_refuses_a_template_with_languages_for_system_logging(sp: AppContext) -> None:
    with sp.db.uow() as s:
        s.add(m.InteractionTmplLanguage(interaction_template_code="T1", language_code=""))
    with pytest.raises(ValidationError) as refused:
        setup.update_interaction_template_setup(sp, {"sales_invoices": "T1"})
    assert "has assigned Interaction Template Language" in str(refused.value)
    # Meeting Invitation may use any template.
    setup.update_interaction_template_setup(sp, {"meeting_invitation": "T1"})
    assert setup.get_interaction_template_setup(sp)["meeting_invitation"] == "T1"


def test_template_language_attachment_is_copied_onto_the_entry(sp: AppContext) -> None:
    from crm_desktop.services.interactions import templates

    masterdata.save_row(
        sp,
        "interaction_tmpl_language",
        {"interaction_template_code": "T1", "language_code": "", "description": "Visit"},
    )
    templates.set_language_attachment(sp, "T1", "", NewAttachment("agenda.txt", b"agenda"))
    no = company(sp)
    entry = listing.get_entry(sp, create.create_interaction(sp, draft(no)))
    assert entry is not None and entry.attachment_no is not None
    assert read_attachment(sp, entry.attachment_no) == ("agenda.txt", b"agenda")
    # A template the setup uses for system logging may not get one (SegManagement's rule).
    masterdata.save_row(
        sp,
        "interaction_tmpl_language",
        {"interaction_template_code": "CALL-OUT", "language_code": "", "description": "x"},
    )
    with pytest.raises(ValidationError):
        templates.set_language_attachment(sp, "CALL-OUT", "", NewAttachment("a.txt", b"a"))


def test_a_contact_with_history_is_refused_naming_the_table_as_the_user_knows_it(
    sp: AppContext,
) -> None:
    no = company(sp, name="Kept")
    assert log.log_kind(sp, "outg_calls", log.Account("contact", no)).entry_no is not None
    with pytest.raises(CrmError) as refused:
        contacts.delete_contact(sp, no)
    assert "Interaction Log Entries" in str(refused.value)
    assert "interaction_log_entry" not in str(refused.value)
