#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QTcpSocket>
#include <QTest>

// An HTTP request as a client writes it; `headers` holds whole header
// lines, each ending in CRLF.
inline QByteArray httpRequest(const QByteArray &target, const QByteArray &headers = {},
                              const QByteArray &method = "GET", const QByteArray &version = "HTTP/1.1")
{
    return method + ' ' + target + ' ' + version + "\r\nHost: 127.0.0.1\r\n" + headers + "\r\n";
}

// A GET that asks the server to close once it has answered, so that a
// rawExchange (which reads until the close) holds exactly its response.
inline QByteArray httpGet(const QByteArray &target, const QByteArray &headers = {})
{
    return httpRequest(target, "Connection: close\r\n" + headers);
}

// A test peer that writes some bytes (optionally in separate segments) and
// collects everything the server sends until it closes, spinning the event
// loop meanwhile so that a server living on the test's thread keeps working.
struct RawExchange
{
    QByteArray received;
    bool closedByPeer = false;
};

inline RawExchange rawExchange(quint16 port, const QList<QByteArray> &segments, int gapMs = 0, int timeoutMs = 10000,
                               const QHostAddress &host = QHostAddress(QHostAddress::LocalHost))
{
    RawExchange result;
    QTcpSocket socket;
    socket.connectToHost(host, port);
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
