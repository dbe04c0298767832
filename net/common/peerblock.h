#pragma once

#include <QHashFunctions>
#include <QHostAddress>
#include <QString>

#include <array>

// The block of addresses one peer is taken to hold: an IPv4 address, or
// an IPv6 /64 (what one home or one host is routinely handed, so that
// rotating through its addresses does not make one peer many). An IPv4
// peer of a dual-stack socket (::ffff:a.b.c.d) is its IPv4 address.
class PeerBlock
{
public:
    PeerBlock() = default;
    static PeerBlock of(const QHostAddress &address);

    bool isNull() const { return m_length == 0; }
    // "192.0.2.7" or "2001:db8:1:2::/64", for logs.
    QString toString() const;

    friend bool operator==(const PeerBlock &a, const PeerBlock &b)
    {
        return a.m_length == b.m_length && a.m_bytes == b.m_bytes;
    }
    friend bool operator!=(const PeerBlock &a, const PeerBlock &b) { return !(a == b); }
    friend size_t qHash(const PeerBlock &block, size_t seed = 0)
    {
        return qHashBits(block.m_bytes.data(), block.m_length, seed);
    }

private:
    std::array<quint8, 8> m_bytes{};
    quint8 m_length = 0; // 4 (IPv4), 8 (an IPv6 /64) or 0 (none)
};
