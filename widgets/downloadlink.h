#pragma once

#include <QString>
#include <QUrl>

#include <optional>

// An http:// or https:// link as the Download form shows it: host, port,
// the path as a name, the share's access code (its "code" query item).
// The form fetches the link exactly as it was given (its query kept) while
// the fields still show it, and builds one from the fields otherwise.
struct DownloadLink
{
    QUrl url; // as given, without its fragment
    bool https = false;
    QString host; // without the brackets of an IPv6 address
    quint16 port = 0; // the scheme's default when the link has none
    QString name; // the path without its leading '/', decoded; "" for "/"
    QString accessCode; // "" when the link has none

    static quint16 defaultPort(bool https) { return https ? 443 : 80; }
    // nullopt for anything but an http:// or https:// link with a host.
    static std::optional<DownloadLink> parse(const QString &text);
    // scheme://host[:port]/name, without the port when it is the scheme's default.
    static QUrl build(bool https, const QString &host, quint16 port, const QString &name);
    // True when these fields still show this link (the name as the form trims it).
    bool shows(bool https, const QString &host, quint16 port, const QString &name) const;
};

// How many characters one edit of a line put in: more than one is a paste
// or a drop, not typing.
qsizetype insertedLength(const QString &before, const QString &after);
