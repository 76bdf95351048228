"""The contact's picture on the card (BC's Contact Image): shown, set by drag and drop or a
file dialog, removed. A picture is stored at once, scaled, in its own transaction (it is not
one of the card's field values, so Save is not needed for it)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QMimeData, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QPixmap
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.app import AppContext
from crm_desktop.services.contacts import picture as pictures
from crm_desktop.ui import messages

SIDE = 80  # small enough that the card fits a 1366×768 screen at 200 %


class ContactPictureWidget(QWidget):
    """A contact's picture with Choose… and Remove; drop an image file or image on it."""

    changed = Signal(str)  # contact no.

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.no: str | None = None
        self.setObjectName("contact_picture")
        self.setAcceptDrops(True)
        self.image = QLabel()
        self.image.setObjectName("contact_picture_image")
        self.image.setFixedSize(SIDE, SIDE)
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setWordWrap(True)
        self.image.setStyleSheet("QLabel { border: 1px dashed palette(mid); }")
        self.choose_button = QPushButton(self.tr("Choose…"))
        self.choose_button.setObjectName("contact_picture_choose")
        self.choose_button.setToolTip(self.tr("Choose a picture file, or drop one on the frame"))
        self.choose_button.clicked.connect(self.choose)
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("contact_picture_remove")
        self.remove_button.clicked.connect(self.remove)
        buttons = QVBoxLayout()
        buttons.addWidget(self.choose_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.image)
        layout.addLayout(buttons)
        self.set_contact(None)

    def set_contact(self, no: str | None) -> None:
        """Show the picture of contact `no` (None: a contact not saved yet)."""
        self.no = no
        self.refresh()

    def refresh(self) -> None:
        """Read the picture again."""
        pic = pictures.get_picture(self.ctx, self.no) if self.no else None
        if pic is not None:
            pixmap = QPixmap()
            pixmap.loadFromData(QByteArray(pic.data))
            self.image.setPixmap(
                pixmap.scaled(
                    SIDE, SIDE, Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )  # fmt: skip
        else:
            self.image.clear()
            self.image.setText(
                self.tr("Drop a picture here") if self.no else self.tr("Save the contact first")
            )
        self.choose_button.setEnabled(self.no is not None)
        self.remove_button.setEnabled(pic is not None)
        self.setAcceptDrops(self.no is not None)

    def set_data(self, data: bytes) -> bool:
        """Store a picture's bytes for the contact (scaled); False with a message when it
        is no picture."""
        if self.no is None:
            return False
        try:
            pictures.set_picture(self.ctx, self.no, data)
        except CrmError as exc:
            messages.show_error(self, exc)
            return False
        self.refresh()
        self.changed.emit(self.no)
        return True

    def set_file(self, path: str) -> bool:
        """Store the picture in a file."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            messages.show_error(
                self,
                self.tr("The file {path} cannot be read ({reason}).").format(
                    path=path, reason=exc.strerror or str(exc)
                ),
            )
            return False
        return self.set_data(data)

    def choose(self) -> None:
        """Pick a picture file."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Choose a Picture"),
            "",
            self.tr("Pictures (*.jpg *.jpeg *.png *.gif *.bmp *.webp);;All files (*)"),
        )
        if path:
            self.set_file(path)

    def remove(self) -> None:
        """Remove the picture (after a question)."""
        if self.no is None:
            return
        if not messages.ask(self, self.tr("Remove Picture"), self.tr("Remove the picture?")):
            return
        pictures.remove_picture(self.ctx, self.no)
        self.refresh()
        self.changed.emit(self.no)

    @staticmethod
    def _usable(mime: QMimeData) -> bool:
        return mime.hasImage() or any(u.isLocalFile() for u in mime.urls())

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt override
        """Accept image files and images."""
        if self.no is not None and self._usable(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt override
        """Store the dropped file or image."""
        mime = event.mimeData()
        files = [u.toLocalFile() for u in mime.urls() if u.isLocalFile()]
        if files:
            ok = self.set_file(files[0])
        elif mime.hasImage():
            from PySide6.QtCore import QBuffer, QIODevice
            from PySide6.QtGui import QImage

            image = QImage(mime.imageData())
            buffer = QBuffer()
            buffer.open(QIODevice.OpenModeFlag.WriteOnly)
            image.save(buffer, "PNG")
            ok = self.set_data(bytes(buffer.data().data()))
        else:
            ok = False
        if ok:
            event.acceptProposedAction()


def title_with_picture(
    ctx: AppContext, card: QWidget
) -> tuple[QLabel, ContactPictureWidget, QHBoxLayout]:
    """The card's header: its title (large, bold) and the picture widget beside it."""
    title = QLabel()
    title.setObjectName("card_title")
    font = title.font()
    font.setPointSizeF(font.pointSizeF() * 1.4)
    font.setBold(True)
    title.setFont(font)
    picture = ContactPictureWidget(ctx, card)
    row = QHBoxLayout()
    row.addWidget(title, 1)
    row.addWidget(picture)
    return title, picture, row
