#pragma once

#include <QByteArrayView>
#include <QMetaType>

// The protocols one Ferry port speaks, told apart by a client's first bytes.
enum class Dialect {
    Undecided, // not enough bytes yet to tell
    Legacy, // the tutorial protocol: the bytes are a file name
    Http, // an HTTP/1.x request line
};

// Classifies what a client sent so far. An HTTP request line
// ("METHOD SP target SP HTTP/x.y", METHOD in capitals, no control
// characters) gives Http as soon as its line is complete; bytes that can
// no longer become one give Legacy; bytes that are still a prefix of one
// give Undecided (a short legacy name such as
// "README" is also such a prefix: the session resolves that case, see
// ServeSession).
Dialect sniffDialect(QByteArrayView head);

Q_DECLARE_METATYPE(Dialect)
