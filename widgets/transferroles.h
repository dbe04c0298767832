#pragma once

#include <Qt>

// Roles both transfer tables expose, so that one ProgressDelegate draws the
// progress column of either and tests can read raw values instead of text.
namespace TransferRoles {
enum Role {
    BytesDoneRole = Qt::UserRole + 1, // qint64: bytes sent or received
    BytesTotalRole, // qint64: announced size, -1 when unknown
    ActiveRole, // bool: still moving (busy bar animates)
    StateRole, // int: the model's own state enum
};
} // namespace TransferRoles
