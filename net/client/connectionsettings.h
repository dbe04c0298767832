#pragma once

#include "client/downloadlimits.h"
#include "client/proxyrules.h"
#include "client/tlspolicy.h"

#include <QString>

// How the client reaches a server over HTTP(S): what a download
// (DownloadJob::Request) and a listing (ListJob) share, so that `ferry get`,
// `ferry get -r` and `ferry list` trust, proxy, redirect and wait alike.
struct ConnectionSettings
{
    int connectTimeoutMs = DownloadLimits::ConnectTimeoutSeconds.defaultValue * 1000; // with the TLS handshake
    int stallTimeoutMs = DownloadLimits::StallTimeoutSeconds.defaultValue * 1000; // silence from the server
    QString accessCode; // for a share that requires one (HTTP only; never sent to another origin)
    TlsPolicy tls; // https:// only
    ProxyRules proxy; // URLs only; default: no proxy
    int maxRedirects = DownloadLimits::Redirects.defaultValue;

    // The same for a HOST:PORT address: straight to the server, whatever
    // the proxies, since that is how a share or a tutorial server on the
    // same network is reached; and in plain HTTP, so without TLS settings.
    ConnectionSettings direct() const
    {
        ConnectionSettings settings = *this;
        settings.tls = {};
        settings.proxy = {};
        return settings;
    }
};
