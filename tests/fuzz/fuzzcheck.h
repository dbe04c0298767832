#pragma once

#include "share/shareroot.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>

// An invariant of a fuzz target. A violation aborts, which libFuzzer
// reports as a crash and which fails a corpus replay.
#define FUZZ_CHECK(condition) ((condition) ? void() : fuzzCheckFailed(#condition, __FILE__, __LINE__))

[[noreturn]] inline void fuzzCheckFailed(const char *condition, const char *file, int line)
{
    std::fprintf(stderr, "%s:%d: invariant violated: %s\n", file, line, condition);
    std::abort();
}

// C0 controls and DEL, as the parsers and ShareRoot define them. Bytes
// are passed as unsigned char.
inline bool fuzzIsControl(char16_t c)
{
    return c < 0x20 || c == 0x7F;
}

// What QByteArray::trimmed() removes.
inline bool fuzzIsSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

inline bool fuzzIsTrimmed(QByteArrayView bytes)
{
    return bytes.isEmpty() || (!fuzzIsSpace(bytes.front()) && !fuzzIsSpace(bytes.back()));
}

inline bool fuzzHasControl(QByteArrayView bytes)
{
    return std::any_of(bytes.begin(), bytes.end(), [](char c) { return fuzzIsControl(static_cast<unsigned char>(c)); });
}

inline bool fuzzHasControl(const QString &text)
{
    return std::any_of(text.cbegin(), text.cend(), [](QChar c) { return fuzzIsControl(c.unicode()); });
}

// What ShareRoot::normalize promises for any name a peer can send, in
// either dialect: a name with a control character (NUL included) is
// refused, and an accepted one is share-relative, '/'-separated, without
// "." or ".." or empty segments, so it can never leave the share.
inline void fuzzCheckConfined(const QString &name)
{
    const std::optional<QString> normalized = ShareRoot::normalize(name);
    if (fuzzHasControl(name))
        FUZZ_CHECK(!normalized);
    if (!normalized || normalized->isEmpty())
        return;
    FUZZ_CHECK(!normalized->startsWith(QLatin1Char('/')));
    FUZZ_CHECK(!normalized->contains(QLatin1Char('\\')));
    FUZZ_CHECK(!fuzzHasControl(*normalized));
    const QStringList segments = normalized->split(QLatin1Char('/'));
    for (const QString &segment : segments) {
        FUZZ_CHECK(!segment.isEmpty());
        FUZZ_CHECK(segment != QLatin1String("."));
        FUZZ_CHECK(segment != QLatin1String(".."));
    }
}
