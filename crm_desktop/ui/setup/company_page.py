"""Company Information (our company as printed on documents, with its logo) and the Sales &
Purchases setup (each document type's number series, the default VAT rate): two one-record
pages on one base, each with Save (Ctrl+S), Cancel and the unsaved-changes question."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from crm_desktop.domain import documents as document_rules
from crm_desktop.domain.errors import CrmError
from crm_desktop.services import documents
from crm_desktop.services.app import AppContext
from crm_desktop.ui import messages
from crm_desktop.ui.common.codes import CodeCache
from crm_desktop.ui.common.fields import FieldSpec
from crm_desktop.ui.common.form import ERROR_STYLE, FieldForm
from crm_desktop.ui.common.unsaved import UnsavedChanges
from crm_desktop.ui.hub import hub

LOGO_SIDE = 400  # the logo is stored at most this many pixels wide or high


def _tr(text: str) -> str:
    return QCoreApplication.translate("CompanyPage", text)


class RecordPage(QWidget):
    """One stored record edited in a form: Save stores it in one go, Cancel shows it again;
    an error is shown under its field, nothing is stored until every value is right."""

    def __init__(
        self,
        ctx: AppContext,
        title: str,
        specs: list[FieldSpec],
        load: Callable[[AppContext], dict[str, Any]],
        store: Callable[[AppContext, dict[str, Any]], dict[str, Any]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.title = title
        self._load = load
        self._store = store
        self.codes = CodeCache(ctx)
        self.form = FieldForm(specs, self.codes)
        self.extra = QVBoxLayout()  # what a page adds beside its form (the logo)
        self.error = QLabel()
        self.error.setObjectName("page_error")
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.setWordWrap(True)
        self.save_button = QPushButton(_tr("Save"))
        self.save_button.setObjectName("button_save")
        self.save_button.setToolTip(_tr("Store the changes (Ctrl+S)"))
        self.cancel_button = QPushButton(_tr("Cancel"))
        self.cancel_button.setObjectName("button_cancel")
        self.cancel_button.setToolTip(_tr("Forget the changes and show the stored values"))
        self.save_button.clicked.connect(self.save)
        self.cancel_button.clicked.connect(self.cancel)
        body = QWidget()
        row = QHBoxLayout(body)
        row.addWidget(self.form, 3)
        row.addLayout(self.extra, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        buttons = QHBoxLayout()
        buttons.addWidget(self.error, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<h2>{title}</h2>"))
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.stored: dict[str, Any] = {}
        self.unsaved = UnsavedChanges(
            self,
            save=self.save,
            name=title,
            discard=self.load,
            is_dirty=self.is_dirty,
            save_buttons=[self.save_button, self.cancel_button],
        )
        self.unsaved.watch(self.form)
        hub().data_changed.connect(self._data_changed)
        # The page calls load() once it has built what it adds (the logo box).

    def shown_values(self) -> dict[str, Any]:
        """What the page shows now (codes upper-case, text trimmed)."""
        return {k: ("" if v is None else str(v).strip()) for k, v in self.form.values().items()}

    def is_dirty(self) -> bool:
        """True while the page shows something else than what is stored."""
        stored = {k: str(self.stored.get(k) or "") for k in self.form.specs}
        return self.shown_values() != stored

    def load(self) -> None:
        """Show the stored record."""
        self.stored = self._load(self.ctx)
        self.form.set_values(self.stored)
        self.form.clear_errors()
        self.error.clear()
        self.unsaved.refresh()

    def save(self) -> bool:
        """Store what is shown; False (with the error under its field) when a value is wrong."""
        self.form.clear_errors()
        self.error.clear()
        try:
            self.stored = self._store(self.ctx, self.values_to_store())
        except CrmError as err:
            text = messages.error_text(err)
            if not (err.field and self.form.set_error(err.field, text)):
                self.error.setText(text)
            return False
        self.form.set_values(self.stored)
        self.unsaved.refresh()
        hub().data_changed.emit({"setup"}, None)
        return True

    def values_to_store(self) -> dict[str, Any]:
        """The values Save hands to the service."""
        return self.shown_values()

    def cancel(self) -> None:
        """Forget the changes."""
        self.load()

    def _data_changed(self, kinds: set[str], _keys: object) -> None:
        if kinds & {"masterdata", "no_series"}:
            self.codes.clear()
            self.form.reload_choices()


def _company_specs() -> list[FieldSpec]:
    return [
        FieldSpec(
            name,
            caption,
            "ref" if name == "country_region_code" else "text",
            "company",
            max_len=0,  # no cut: the service refuses too long text with BC's message
            ref_table="country_region" if name == "country_region_code" else None,
        )
        for name, caption, _length in documents.COMPANY_FIELDS
    ]


class CompanyInformationPage(RecordPage):
    """Our company's name, address, VAT registration no., IBAN and logo, as documents print
    them at the top of every page."""

    logo: bytes | None = None  # the logo shown (stored on Save)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            _tr("Company Information"),
            _company_specs(),
            documents.company_information,
            documents.save_company_information,
            parent,
        )
        self.logo_view = QLabel()
        box = QGroupBox(_tr("Logo"))
        inner = QVBoxLayout(box)
        self.logo_view.setObjectName("company_logo")
        self.logo_view.setFixedSize(200, 120)
        self.logo_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_view.setStyleSheet("border: 1px dashed #999;")
        choose = QPushButton(_tr("Choose…"))
        choose.setObjectName("button_logo_choose")
        choose.clicked.connect(self.choose_logo)
        self.remove_logo_button = QPushButton(_tr("Remove"))
        self.remove_logo_button.setObjectName("button_logo_remove")
        self.remove_logo_button.clicked.connect(lambda: self.set_logo(None))
        inner.addWidget(self.logo_view)
        inner.addWidget(choose)
        inner.addWidget(self.remove_logo_button)
        self.extra.addWidget(box)
        self.extra.addStretch(1)
        self.load()

    def load(self) -> None:
        """Show the stored details and logo."""
        super().load()
        self.logo = self.stored.get("logo_png")
        self._show_logo()
        self.unsaved.refresh()

    def is_dirty(self) -> bool:
        """Changed fields, or another logo than the stored one."""
        return super().is_dirty() or self.logo != self.stored.get("logo_png")

    def values_to_store(self) -> dict[str, Any]:
        """The fields and the logo."""
        return {**self.shown_values(), "logo_png": self.logo}

    def choose_logo(self) -> None:
        """Pick an image file; it is scaled to at most 400 px and kept as PNG."""
        path, _f = QFileDialog.getOpenFileName(
            self, _tr("Choose the logo"), "", _tr("Images (*.png *.jpg *.jpeg *.bmp *.gif)")
        )
        if path:
            self.load_logo_file(path)

    def load_logo_file(self, path: str) -> bool:
        """Take an image file as the logo (not stored until Save); False when unreadable."""
        image = QImage(path)
        if image.isNull():
            messages.show_error(
                self, _tr("{path} is not an image this app can read.").format(path=path)
            )
            return False
        if max(image.width(), image.height()) > LOGO_SIDE:
            image = image.scaled(
                LOGO_SIDE,
                LOGO_SIDE,
                Qt.AspectRatioMode.KeepAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        self.set_logo(bytes(data.data()))
        return True

    def set_logo(self, png: bytes | None) -> None:
        """Show another logo (or none); Save stores it."""
        self.logo = png
        self._show_logo()
        self.unsaved.refresh()

    def _show_logo(self) -> None:
        if self.logo:
            pixmap = QPixmap()
            pixmap.loadFromData(self.logo)
            self.logo_view.setPixmap(
                pixmap.scaled(
                    self.logo_view.size(),
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )
        else:
            self.logo_view.setPixmap(QPixmap())
            self.logo_view.setText(_tr("No logo: Choose… adds one"))
        self.remove_logo_button.setEnabled(bool(self.logo))


def _sales_purchase_specs() -> list[FieldSpec]:
    specs = [
        FieldSpec(
            kind.setup_field,
            QCoreApplication.translate("documents", kind.label) + " " + _tr("Nos."),
            "ref",
            "CompanyPage",
            ref_table="no_series",
        )
        for kind in document_rules.DOCUMENT_TYPES
    ]
    specs.append(
        FieldSpec(
            "default_vat_rate_code", "Default VAT Rate", "ref", "CompanyPage", ref_table="vat_rate"
        )
    )
    return specs


class SalesPurchasesSetupPage(RecordPage):
    """The Sales & Purchases setup: which number series numbers each kind of document (the
    No. Series page edits the series themselves) and the VAT rate of a new line."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(
            ctx,
            _tr("Sales & Purchases Setup"),
            _sales_purchase_specs(),
            documents.sales_purchase_setup,
            documents.save_sales_purchase_setup,
            parent,
        )
        self.load()
