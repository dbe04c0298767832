#include "server/tlssniffer.h"

#include "os/sockets.h"
#include "wire/dialect.h"

#include <QSocketNotifier>

#include <cerrno>

TlsSniffer::TlsSniffer(UniqueFd socket, std::chrono::milliseconds deadline, QObject *parent)
    : QObject(parent)
    , m_socket(std::move(socket))
    , m_notifier(new QSocketNotifier(m_socket.get(), QSocketNotifier::Read, this))
    , m_deadline(this)
{
    m_waiting.start();
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &TlsSniffer::end);
    connect(m_notifier, &QSocketNotifier::activated, this, &TlsSniffer::onReadable);
    m_deadline.start(deadline);
}

void TlsSniffer::abort()
{
    end();
}

void TlsSniffer::onReadable()
{
    // One byte decides: a handshake record is 0x16, and neither a legacy
    // name (no control characters) nor an HTTP method starts so. Waiting
    // for more would leave the notifier firing on the unread byte.
    char first = 0;
    const qint64 got = Os::peek(m_socket.get(), &first, 1);
    if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
        return;
    if (got <= 0)
        return end(); // closed, or reset, before a byte
    m_notifier->setEnabled(false);
    m_deadline.stop();
    Q_EMIT decided(startsTlsHandshake(QByteArrayView(&first, 1)));
}

void TlsSniffer::end()
{
    m_notifier->setEnabled(false);
    m_deadline.stop();
    m_socket.reset();
    Q_EMIT gone();
}
