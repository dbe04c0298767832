#pragma once

#include <QByteArrayView>
#include <QMetaType>

// The protocols one Ferry port speaks, told apart by a client's first bytes.
enum class Dialect {
    Undecided, // not enough bytes yet to tell
    Legacy, // the tutorial protocol: the bytes are a file name
    Http, // an HTTP/1.x request line
    Tls, // a TLS handshake record (an HTTPS client): only an encrypted share answers it
};

// Classifies what a client sent so far. An HTTP request line
// ("METHOD SP target SP HTTP/x.y", METHOD in capitals, no control
// characters) gives Http as soon as its line is complete; bytes that can
// no longer become one give Legacy; bytes that are still a prefix of one
// give Undecided (a short legacy name such as
// "README" is also such a prefix: the session resolves that case, see
// ServeSession).
// Bytes starting with 0x16, the first byte of a TLS handshake record, are
// Tls from that byte on: no legacy name starts with a control character,
// and no HTTP method with it.
Dialect sniffDialect(QByteArrayView head);

// The first bytes of a TLS handshake record: 0x16, then 0x03 and a minor
// version up to 0x04 when they have arrived. What an encrypted share peeks
// at before choosing between QSslSocket and QTcpSocket.
bool startsTlsHandshake(QByteArrayView head);

Q_DECLARE_METATYPE(Dialect)
