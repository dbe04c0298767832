#pragma once

#include <QtGlobal>

// A whole-number setting as every face of Ferry offers it: the range the
// command line, the window and the man page accept, and the value it has
// when nobody sets it. Each room defines its own (server/servelimits.h,
// client/downloadlimits.h) once.
struct Bound
{
    int minimum;
    int defaultValue;
    int maximum;

    constexpr bool contains(qint64 value) const { return value >= minimum && value <= maximum; }
};
