#pragma once

#include "server/shareserver.h"

// A share as the tests start one: `folder` on 127.0.0.1 (the only address
// a test may use) and a free port.
inline ShareServer::Options loopbackShare(const QString &folder)
{
    ShareServer::Options options;
    options.folder = folder;
    options.address = QHostAddress::LocalHost;
    options.port = 0;
    return options;
}
