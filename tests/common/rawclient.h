#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QTcpSocket>
#include <QTest>

// A test peer that writes some bytes (optionally in separate segments) and
// collects everything the server sends until it closes, spinning the event
// loop meanwhile so that a server living on the test's thread keeps working.
struct RawExchange
{
    QByteArray received;
    bool closedByPeer = false;
};

inline RawExchange rawExchange(quint16 port, const QList<QByteArray> &segments, int gapMs = 0, int timeoutMs = 10000)
{
    RawExchange result;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::ConnectedState; }, timeoutMs))
        return result;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        socket.write(segments.at(i));
        socket.flush();
        if (gapMs > 0 && i + 1 < segments.size())
            QTest::qWait(gapMs);
    }
    result.closedByPeer = QTest::qWaitFor(
            [&] {
                result.received += socket.readAll();
                return socket.state() == QAbstractSocket::UnconnectedState;
            },
            timeoutMs);
    result.received += socket.readAll();
    return result;
}

// Splits a raw HTTP response into its head (up to the blank line) and body.
inline QPair<QByteArray, QByteArray> splitHttp(const QByteArray &response)
{
    const qsizetype end = response.indexOf("\r\n\r\n");
    if (end < 0)
        return {response, {}};
    return {response.left(end + 4), response.mid(end + 4)};
}
