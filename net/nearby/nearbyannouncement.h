#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

// One discovery datagram (see "Nearby shares" in net/README.md): a share
// announcing itself, saying goodbye, or a browser asking who is there.
// Encoding and strict decoding only; datagrams are untrusted input, so
// decode() accepts exactly the documented form and nothing else.
struct NearbyAnnouncement
{
    enum class Kind { Announce, Goodbye, Query };

    static constexpr int Version = 1;
    static constexpr qsizetype MaxDatagramSize = 512;
    static constexpr qsizetype MaxNameLength = 64; // UTF-16 code units

    Kind kind = Kind::Announce;
    QString name; // empty in a query
    quint16 port = 0; // 0 in a query
    bool accessCodeRequired = false;

    static NearbyAnnouncement query() { return {Kind::Query, {}, 0, false}; }

    QByteArray encode() const;
    static std::optional<NearbyAnnouncement> decode(const QByteArray &datagram);

    // `wanted` as a name decode() accepts: control and format characters
    // become spaces, spaces are trimmed, long names are cut. Empty when
    // nothing is left.
    static QString displayName(const QString &wanted);
    static bool isValidName(const QString &name);

    friend bool operator==(const NearbyAnnouncement &, const NearbyAnnouncement &) = default;
};
