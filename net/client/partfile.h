#pragma once

#include <QByteArray>
#include <QFile>
#include <QString>

// "NAME.part": where a download's bytes go until they are complete, and
// what a later attempt needs to resume it safely. The server's validator
// (ETag or Last-Modified) and the full size are kept in an extended
// attribute of the .part itself, so that an interrupted download leaves
// exactly one file behind and a resume can ask the server, through
// If-Range, to send the rest only of that same version.
class PartFile final
{
public:
    struct Version
    {
        QByteArray validator; // an entity tag ("...") or an HTTP date
        qint64 size = -1;
        // "http://HOST:PORT" of the server the bytes came from: a resume
        // asks only that server, so two servers' bytes never splice. Empty
        // in a record written before origins were kept (never resumed).
        QByteArray origin = {};

        bool isUsable() const { return !validator.isEmpty() && size > 0; }
    };

    explicit PartFile(const QString &destination);

    QString path() const { return m_file.fileName(); }
    QString destination() const { return m_destination; }
    bool exists() const;
    qint64 size() const; // bytes on disk (while open: written so far)
    Version storedVersion() const; // what an earlier attempt recorded

    // Starts empty (and forgets any earlier version) or continues at the end.
    bool openFresh();
    bool openForAppend();
    bool isOpen() const { return m_file.isOpen(); }
    // Records what the bytes belong to; returns false where the file
    // system has no extended attributes (the download then cannot resume).
    bool storeVersion(const Version &version);
    // Makes the bytes unusable for a resume (they failed a check).
    void forgetVersion();

    bool write(const char *data, qint64 size);
    // The open file's descriptor, positioned where the next bytes go, for
    // writers that bypass write() (BodyReceiver). write() writes through
    // it too, so both can be mixed.
    int handle() const { return m_file.handle(); }
    void close();
    // Where commit() puts the bytes, for a job that learns the name only
    // from the response (Content-Disposition): path() stays where it is.
    void setDestination(const QString &destination);
    // Flushes, closes and renames over the destination atomically (-o).
    bool commit();
    // Flushes, closes and renames to the destination or, where that is
    // taken, to the first free numberedFileName() of it (1 to 999) in the
    // same folder, never replacing anything, even a file that appears
    // meanwhile; destination() then says which. False when all are taken.
    bool commitKeepingExisting();
    bool remove();
    QString errorString() const;

private:
    bool flushAndClose();
    bool renamed(int error, const QString &destination);

    QString m_destination;
    QFile m_file;
    QString m_error;
};
