"""The Marketing Setup page: General and the six sections in tabs, with Save, Apply and Cancel."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain.errors import CrmError
from crm_desktop.domain.masterdata import TABLES_BY_KEY
from crm_desktop.services import setup as setup_service
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.codes import CodeCache
from crm_desktop.ui.common.form import ERROR_STYLE
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.common.write_wait import SaveCancelled, save_when_writable
from crm_desktop.ui.hub import hub
from crm_desktop.ui.setup import duplicates
from crm_desktop.ui.setup.defaults import DefaultsSection
from crm_desktop.ui.setup.duplicates import DuplicatesSection
from crm_desktop.ui.setup.general import GeneralSection
from crm_desktop.ui.setup.inheritance import InheritanceSection
from crm_desktop.ui.setup.interactions import InteractionsSection
from crm_desktop.ui.setup.numbering import NumberingSection
from crm_desktop.ui.setup.section import SetupSection
from crm_desktop.ui.setup.sync import SyncSection

# Kinds of change (hub) after which the code combos must offer the codes again.
CODE_KINDS = set(TABLES_BY_KEY) | {"no_series"}


class MarketingSetupPage(QWidget):
    """Edit the Marketing Setup, the Interaction Template Setup and the user's own settings.

    Save (Ctrl+S) and Apply store what changed; Cancel shows the stored values again and stores
    nothing. A refused value is shown under its field, on its tab, and nothing is stored."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.codes = CodeCache(ctx)
        self.general = GeneralSection(ctx, codes=self.codes)
        self.inheritance = InheritanceSection(ctx, codes=self.codes)
        self.defaults = DefaultsSection(ctx, codes=self.codes)
        self.interactions = InteractionsSection(ctx, codes=self.codes)
        self.sync = SyncSection(ctx, codes=self.codes)
        self.numbering = NumberingSection(ctx, codes=self.codes)
        self.duplicates = DuplicatesSection(ctx, codes=self.codes)
        self.sections: dict[str, SetupSection] = {
            "general": self.general,
            "inheritance": self.inheritance,
            "defaults": self.defaults,
            "interactions": self.interactions,
            "sync": self.sync,
            "numbering": self.numbering,
            "duplicates": self.duplicates,
        }
        titles = {
            "general": self.tr("General"),
            "inheritance": self.tr("Inheritance"),
            "defaults": self.tr("Defaults"),
            "interactions": self.tr("Interactions"),
            "sync": self.tr("Sync"),
            "numbering": self.tr("Numbering"),
            "duplicates": self.tr("Duplicates"),
        }
        self.tabs = QTabWidget()
        self.tabs.setObjectName("setup_tabs")
        for key, section in self.sections.items():
            section.setObjectName(f"section_{key}")
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(section)
            self.tabs.addTab(scroll, titles[key])
            section.edited.connect(self._update_buttons)

        title = QLabel(f"<h2>{self.tr('Marketing Setup')}</h2>")
        self.error = QLabel()
        self.error.setObjectName("setup_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("button_save")
        self.save_button.setToolTip(self.tr("Store the changes (Ctrl+S)"))
        self.save_button.setDefault(True)
        self.apply_button = QPushButton(self.tr("Apply"))
        self.apply_button.setObjectName("button_apply")
        self.apply_button.setToolTip(self.tr("Store the changes and keep editing"))
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("button_cancel")
        self.cancel_button.setToolTip(self.tr("Forget the changes and show the stored values"))
        self.save_button.clicked.connect(self.save)
        self.apply_button.clicked.connect(self.apply)
        self.cancel_button.clicked.connect(self.cancel)
        # Ctrl+S comes with the tracker; leaving the page or quitting asks about the changes.
        self.unsaved = UnsavedChanges(
            self,
            save=self.save,
            discard=self.load,
            name=self.tr("Marketing Setup"),
            is_dirty=self.has_changes,
            save_buttons=[self.save_button],
        )

        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.apply_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.tabs, 1)
        layout.addLayout(buttons)

        hub().data_changed.connect(self._data_changed)
        self.load()

    # ---- loading

    def load(self) -> None:
        """Show the stored values in every section; nothing counts as changed afterwards."""
        values = setup_service.get_marketing_setup(self.ctx)
        for key, section in self.sections.items():
            if key != "interactions":
                section.load(values)
        self.interactions.load(setup_service.get_interaction_template_setup(self.ctx))
        self.defaults.load_user(setup_service.get_user_setup(self.ctx))
        self._clear_errors()
        self._update_buttons()

    def _update_buttons(self) -> None:
        # Save, Apply and Cancel only mean something while there are changes.
        changed = self.has_changes()
        self.apply_button.setEnabled(changed)
        self.cancel_button.setEnabled(changed)
        self.unsaved.refresh()

    def has_changes(self) -> bool:
        """True while some widget differs from the stored value."""
        setup, templates, user = self._changes()
        return bool(setup or templates or user)

    def _changes(self) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
        setup: dict[str, Any] = {}
        for key, section in self.sections.items():
            if key != "interactions":
                setup.update(section.apply())
        return setup, self.interactions.apply(), self.defaults.apply_user()

    # ---- actions

    def save(self) -> bool:
        """Store the changes (the OK of BC's page); True when stored."""
        if not self.apply():
            return False
        hub().status_message.emit(self.tr("Marketing Setup saved."))
        return True

    def apply(self) -> bool:
        """Store what changed; on a refused value show it and store nothing. True when stored."""
        setup, templates, user = self._changes()
        self._clear_errors()
        if not (setup or templates or user):
            return True
        ask_generate = False
        try:
            ask_generate = save_when_writable(
                self.ctx,
                self,
                lambda: setup_service.save_setup_page(self.ctx, setup, templates, **user),
            ).ask_generate_search_strings
        except SaveCancelled as exc:
            self.error.setText(messages.error_text(exc))
            return False
        except CrmError as exc:
            self._show_error(exc)
            return False
        kinds = ["marketing_setup"]
        if templates:
            kinds.append("interaction_template_setup")
        if user:
            kinds.append("user_setup")
        hub().changed(*kinds)
        self.load()
        if {"attachment_storage_type", "attachment_storage_location"} & set(setup):
            from crm_desktop.ui.interactions.relocate_dialog import relocate_if_needed

            self.relocation = relocate_if_needed(self.ctx, self)
        if ask_generate and messages.ask(
            self,
            self.tr("Marketing Setup"),
            QCoreApplication.translate(
                "setup", "Do you want to generate duplicate search strings?"
            ),
        ):
            duplicates.on_generate_requested(self.ctx, self)
        return True

    def cancel(self) -> None:
        """Forget the changes: show the stored values again; nothing is stored."""
        self.load()
        hub().status_message.emit(self.tr("Changes to the Marketing Setup were discarded."))

    # ---- errors

    def _show_error(self, error: CrmError) -> None:
        text = messages.error_text(error)
        for index, section in enumerate(self.sections.values()):
            if error.field and section.show_error(error.field, text):
                self.tabs.setCurrentIndex(index)
                section.show_error(error.field, text)  # focus now that its tab shows
                self.error.setText(
                    self.tr("{field}: {message} Nothing was saved.").format(
                        field=section.caption_of(error.field), message=text
                    )
                )
                return
        self.error.setText(self.tr("{message} Nothing was saved.").format(message=text))

    def _clear_errors(self) -> None:
        self.error.clear()
        for section in self.sections.values():
            section.clear_errors()

    def _data_changed(self, kinds: set[str], _keys: object) -> None:
        # A renamed code changes the setup too (the reference follows), so the stored values are
        # shown again unless the user is in the middle of editing.
        setup_kinds = {"marketing_setup", "interaction_template_setup", "user_setup"}
        if kinds & CODE_KINDS:
            self.codes.clear()
            for section in self.sections.values():
                section.reload_choices()
        if kinds & (CODE_KINDS | setup_kinds) and not self.has_changes():
            self.load()
