#include "wire/httpresponse.h"

HttpResponse::HttpResponse(int status)
    : m_status(status)
{
    m_head.reserve(512);
    m_head.append("HTTP/1.1 ")
            .append(QByteArray::number(status))
            .append(' ')
            .append(reasonPhrase(status))
            .append("\r\n");
}

HttpResponse &HttpResponse::setHeader(QByteArrayView name, QByteArrayView value)
{
    Q_ASSERT_X(!hasHeader(name), "HttpResponse::setHeader", "a field set twice");
    m_head.append(name).append(": ").append(value).append("\r\n");
    return *this;
}

bool HttpResponse::hasHeader(QByteArrayView name) const
{
    const QByteArrayView head(m_head);
    for (qsizetype line = head.indexOf("\r\n") + 2; line > 1 && line < head.size();) {
        const QByteArrayView field = head.sliced(line);
        if (field.size() > name.size() && field.at(name.size()) == ':'
            && field.first(name.size()).compare(name, Qt::CaseInsensitive) == 0)
            return true;
        const qsizetype end = field.indexOf("\r\n");
        line = end < 0 ? -1 : line + end + 2;
    }
    return false;
}

QByteArray HttpResponse::head() const
{
    QByteArray out;
    out.reserve(m_head.size() + 2);
    out.append(m_head).append("\r\n");
    return out;
}

const char *HttpResponse::reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 206:
        return "Partial Content";
    case 301:
        return "Moved Permanently";
    case 308:
        return "Permanent Redirect";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 414:
        return "URI Too Long";
    case 416:
        return "Range Not Satisfiable";
    case 421:
        return "Misdirected Request";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}
