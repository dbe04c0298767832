#pragma once

#include "client/bodysink.h"

#include <QString>

struct HttpResponseHead;

// How the body of a 200 or 206 answer is delimited (RFC 9112 section 6.3),
// or why a download cannot read it. Ferry asks for no content coding (the
// request sends "Accept-Encoding: identity"), so a body's bytes are the
// file's and byte ranges count them; of the transfer codings only
// "chunked" is read, decoded by BodySink. A Transfer-Encoding together with
// a Content-Length is refused: RFC 9112 says such a message "ought to be
// handled as an error", since two parsers may frame it differently.
struct BodyFraming
{
    BodySink::Framing framing = BodySink::Framing::Identity;
    qint64 length = -1; // Content-Length; -1 when not announced (chunked, or up to the close)
    QString error; // translated; set when the body cannot be read

    static BodyFraming of(const HttpResponseHead &head);
};
