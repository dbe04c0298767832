#pragma once

#include <QByteArray>
#include <QByteArrayView>

// The head of an HTTP/1.1 response, built field by field straight into the
// bytes that will be sent: a reply is built for every request, and one
// growing buffer costs a fraction of a list of name/value arrays.
class HttpResponse final
{
public:
    explicit HttpResponse(int status);

    int status() const { return m_status; }
    // Adds a field. Each name at most once (checked in debug builds).
    HttpResponse &setHeader(QByteArrayView name, QByteArrayView value);

    // Status line, fields and the blank line, ready to write.
    QByteArray head() const;

    static const char *reasonPhrase(int status);

private:
    bool hasHeader(QByteArrayView name) const;

    int m_status;
    QByteArray m_head; // status line and fields so far
};
