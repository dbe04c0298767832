#pragma once

#include <QString>

#include <optional>

// "HOST:PORT" as users type it: "10.0.0.5:9000", "[fe80::1]:9000",
// "example.lan" (default port), "::1" (a bare IPv6 address, default port).
struct Endpoint
{
    QString host;
    quint16 port = 0;

    static constexpr quint16 DefaultPort = 8888;
    static std::optional<Endpoint> parse(const QString &text, quint16 defaultPort = DefaultPort);
    // Parses a port number 1..65535 (0 too when allowZero).
    static std::optional<quint16> parsePort(const QString &text, bool allowZero = false);
    QString toString() const;
    // The share link a browser or phone opens: "http://HOST:PORT/", with
    // "?code=..." when the share has an access code. An encrypted share's
    // (`pin` set, "sha256//BASE64") is "https://HOST:PORT/?pin=..." (and the
    // code), percent-encoded; a Ferry client checks the server's key
    // against it, and a browser ignores it.
    QString shareUrl(const QString &accessCode = {}, const QString &pin = {}) const;
};
