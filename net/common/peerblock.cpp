#include "common/peerblock.h"

#include <cstring>

PeerBlock PeerBlock::of(const QHostAddress &address)
{
    PeerBlock block;
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4) {
        block.m_length = 4;
        for (int i = 0; i < 4; ++i)
            block.m_bytes[i] = quint8(v4 >> (24 - 8 * i));
    } else if (address.protocol() == QAbstractSocket::IPv6Protocol) {
        const Q_IPV6ADDR v6 = address.toIPv6Address();
        block.m_length = 8;
        std::memcpy(block.m_bytes.data(), v6.c, 8);
    }
    return block;
}

QString PeerBlock::toString() const
{
    if (m_length == 4)
        return QHostAddress((quint32(m_bytes[0]) << 24) | (quint32(m_bytes[1]) << 16) | (quint32(m_bytes[2]) << 8)
                            | m_bytes[3])
                .toString();
    if (m_length == 8) {
        Q_IPV6ADDR v6{};
        std::memcpy(v6.c, m_bytes.data(), 8);
        return QHostAddress(v6).toString() + QStringLiteral("/64");
    }
    return {};
}
