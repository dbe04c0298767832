#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

// Which names a request's Host may carry (the defence against DNS
// rebinding: a web page on another site whose name was made to resolve to
// this machine sends that site's name). Admitted: any IP literal (a page
// cannot make a browser send one for another site), "localhost", this
// machine's host name with or without ".local", and the names the person
// sharing allows. Lookups are case-insensitive and ignore the port and a
// trailing dot. A request without Host (HTTP/1.0) is admitted.
class HostCheck final
{
public:
    // `hostName`: this machine's (QHostInfo::localHostName() when empty).
    explicit HostCheck(const QStringList &allowedNames = {}, const QString &hostName = {});

    bool admits(QByteArrayView host) const;
    // Empty when `name` can be allowed (a DNS name), else why not (translated).
    static QString validate(const QString &name);

private:
    QStringList m_names; // lower-case, without trailing dots
};
