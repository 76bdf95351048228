"""One window per data directory: a second start brings the first window forward.

The first start takes the data directory's OS lock (storage/lock.py, the same lock the command
line honours) and listens on a QLocalServer named after the data directory. A second start
finds the lock taken, connects to that server and asks the first window to come forward; if
nobody answers (e.g. a command-line run holds the data), it says the data is already open.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QWidget

from crm_desktop.domain.errors import CrmError
from crm_desktop.services.datafile.opening import AlreadyOpenError, DataDirLock, lock_data_dir
from crm_desktop.ui import messages

ACTIVATE = b"activate\n"
CONNECT_TIMEOUT_MS = 1500
READ_TIMEOUT_MS = 500


def server_name(data_dir: Path) -> str:
    """The local server's name for a data directory (same folder, same name)."""
    key = str(data_dir.expanduser().resolve())
    return "crm-desktop-" + hashlib.sha256(key.encode()).hexdigest()[:24]


class SingleInstance(QObject):
    """Holds the data directory's lock and answers later starts by raising the window."""

    activation_requested = Signal()

    def __init__(self, data_dir: Path, lock: DataDirLock) -> None:
        super().__init__()
        self.data_dir = data_dir
        self.lock = lock
        self.window: QWidget | None = None
        self.server = QLocalServer(self)
        name = server_name(data_dir)
        # A server socket left by a killed first start would block listen(); we hold the lock,
        # so no live instance owns that name.
        QLocalServer.removeServer(name)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.listen(name)
        self.server.newConnection.connect(self._on_connection)

    def attach(self, window: QWidget) -> None:
        """The window to bring forward when another start asks."""
        self.window = window

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            # The message is one short line sent right after connecting: read it here, briefly
            # blocking, rather than keeping sockets alive across events.
            if socket.bytesAvailable() or socket.waitForReadyRead(READ_TIMEOUT_MS):
                message = bytes(socket.readAll().data())
            else:
                message = b""
            socket.abort()
            socket.deleteLater()
            if message.startswith(ACTIVATE.strip()):
                self._activate()

    def _activate(self) -> None:
        self.activation_requested.emit()
        if self.window is not None:
            if self.window.isMinimized():
                self.window.showNormal()
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()

    def release(self) -> None:
        """Stop answering and give the lock up."""
        self.server.close()
        self.lock.release()
        self.window = None


def ask_running_to_activate(data_dir: Path) -> bool:
    """Ask the window holding `data_dir` to come forward; True when it was reached."""
    socket = QLocalSocket()
    try:
        socket.connectToServer(server_name(data_dir))
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(ACTIVATE)
        ok = socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
        return ok
    finally:
        socket.abort()


def claim(data_dir: Path) -> tuple[SingleInstance | None, int]:
    """Take the data directory for this window, or hand over to the window that has it.

    Returns (instance, 0) when this start may go on; (None, exit code) when it should end:
    0 when the other window was brought forward, 1 when the user was told why the data cannot
    be opened.
    """
    try:
        lock = lock_data_dir(data_dir)
    except AlreadyOpenError as exc:
        if ask_running_to_activate(data_dir):
            return None, 0
        messages.show_error(None, exc)
        return None, 1
    except CrmError as exc:
        messages.show_error(None, exc)
        return None, 1
    return SingleInstance(data_dir, lock), 0
