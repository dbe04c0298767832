#include "client/parthasher.h"
#include "testdata.h"

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

class TestPartHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void followsTheWriter_data();
    void followsTheWriter();
    void missingFileGivesNoDigest();
    void destroyedWhileWaiting();
};

void TestPartHasher::followsTheWriter_data()
{
    QTest::addColumn<qint64>("present"); // bytes there before hashing starts (a resume)
    QTest::addColumn<QList<qint64>>("pieces"); // then written one after the other
    QTest::newRow("empty") << qint64(0) << QList<qint64>{};
    QTest::newRow("one piece") << qint64(0) << QList<qint64>{1000};
    QTest::newRow("many pieces") << qint64(0) << QList<qint64>{1, 4096, 5 * 1024 * 1024, 3, 70000};
    QTest::newRow("resumed") << qint64(3 * 1024 * 1024 + 7) << QList<qint64>{10, 2 * 1024 * 1024};
    QTest::newRow("resumed, nothing more") << qint64(12345) << QList<qint64>{};
}

void TestPartHasher::followsTheWriter()
{
    QFETCH(qint64, present);
    QFETCH(QList<qint64>, pieces);
    qint64 total = present;
    for (qint64 piece : pieces)
        total += piece;
    const QByteArray content = randomBytes(total);
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("x.part")));
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Unbuffered));
    QCOMPARE(file.write(content.constData(), present), present);

    PartHasher hasher(file.fileName(), present);
    qint64 written = present;
    for (qint64 piece : pieces) {
        QCOMPARE(file.write(content.constData() + written, piece), piece);
        written += piece;
        hasher.written(written);
        QTest::qWait(1); // let the hasher catch up sometimes, and sometimes not
    }
    QFuture<QByteArray> digest = hasher.finish(written);
    digest.waitForFinished();
    QCOMPARE(digest.result(), QCryptographicHash::hash(content, QCryptographicHash::Sha256));
}

void TestPartHasher::missingFileGivesNoDigest()
{
    QTemporaryDir dir;
    PartHasher hasher(dir.filePath(QStringLiteral("none.part")), 0);
    QFuture<QByteArray> digest = hasher.finish(10);
    digest.waitForFinished();
    QVERIFY(digest.result().isEmpty());
}

void TestPartHasher::destroyedWhileWaiting()
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("x.part")));
    QVERIFY(file.open(QIODevice::WriteOnly));
    // Never finished: the destructor must still end the thread.
    auto hasher = std::make_unique<PartHasher>(file.fileName(), 0);
    hasher->written(0);
    hasher.reset();
}

QTEST_GUILESS_MAIN(TestPartHasher)
#include "tst_parthasher.moc"
