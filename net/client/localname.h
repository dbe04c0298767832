#pragma once

#include <QString>
#include <QUrl>

// Turns a name that came from a user or a server into a safe single file
// name for the download folder: the last path segment (both '/' and '\'
// count as separators), without control, invisible or bidirectional
// formatting characters, at most 255 UTF-8 bytes
// (ContentDisposition::cleanFileName). Empty when nothing usable is left
// ("", "..", "dir/"), in which case the caller must refuse.
QString safeLocalFileName(const QString &remoteName);

// The name a download of `url` gets when the server suggests none: the
// last non-empty segment of the path, percent-decoded (kept encoded when
// the bytes are not UTF-8, as browsers do) and cleaned as above; else
// "index.html" ("http://host/", a segment that cleans to nothing). As
// browsers, not as curl -O: "http://host/dir/" gives "dir".
QString fileNameFromUrl(const QUrl &url);

// The name to try when `fileName` is taken, as browsers number them:
// "report.pdf", 1 → "report (1).pdf"; "archive.tar.gz" → "archive (1).tar.gz";
// ".bashrc" → ".bashrc (1)"; "README" → "README (1)". Still at most 255
// UTF-8 bytes (the stem is shortened). `n` below 1 gives `fileName` itself.
QString numberedFileName(const QString &fileName, int n);
