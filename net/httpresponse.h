#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// The head of an HTTP/1.1 response, built field by field.
class HttpResponse final
{
public:
    explicit HttpResponse(int status) : m_status(status) {}

    int status() const { return m_status; }
    HttpResponse &setHeader(const QByteArray &name, const QByteArray &value);

    // Status line, fields and the blank line, ready to write.
    QByteArray head() const;

    static QByteArray reasonPhrase(int status);

private:
    int m_status;
    QList<QPair<QByteArray, QByteArray>> m_headers;
};
