#pragma once

#include "wire/dialect.h"

#include <QMetaType>
#include <QString>

// What a server tells its observers about one transfer (one legacy
// connection, or one HTTP request). Sent by value across threads.
struct TransferInfo
{
    enum class State {
        Sending,
        Done,
        NotFound, // not in the share (HTTP 404; a legacy client gets a close without a byte)
        Refused, // outside the share or not a regular file (HTTP 403; a legacy client cannot tell it from NotFound)
        BadRequest, // malformed or unsupported request
        Unauthorized, // the share's access code was missing or wrong
        Aborted, // the peer went away or stalled before the end
    };

    quint64 id = 0;
    QString peer; // "address:port"
    QString name; // as requested, decoded
    Dialect dialect = Dialect::Undecided;
    qint64 size = -1; // bytes announced; -1 when nothing is sent
    qint64 sent = 0;
    State state = State::Sending;

    bool isFinished() const { return state != State::Sending; }
};

Q_DECLARE_METATYPE(TransferInfo)
