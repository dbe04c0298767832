#include "wire/httpdate.h"

#include <QLocale>
#include <QRandomGenerator>
#include <QTest>
#include <QTimeZone>

using namespace Qt::StringLiterals;

// The Date and Last-Modified fields of every reply, and the dates clients
// send back in If-Modified-Since and If-Range.
class TestHttpDate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void format_data();
    void format();
    void formatAgreesWithQt();
    void outOfRange();
    void parseRoundTrip();
    void parseRejects_data();
    void parseRejects();
};

void TestHttpDate::format_data()
{
    QTest::addColumn<qint64>("seconds");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("epoch") << qint64(0) << QByteArray("Thu, 01 Jan 1970 00:00:00 GMT");
    QTest::newRow("RFC 9110 example") << qint64(784111777) << QByteArray("Sun, 06 Nov 1994 08:49:37 GMT");
    QTest::newRow("leap day") << qint64(951782400) << QByteArray("Tue, 29 Feb 2000 00:00:00 GMT");
    QTest::newRow("end of a leap year") << qint64(1735689599) << QByteArray("Tue, 31 Dec 2024 23:59:59 GMT");
    QTest::newRow("before 1970") << qint64(-1) << QByteArray("Wed, 31 Dec 1969 23:59:59 GMT");
    QTest::newRow("1900 is no leap year") << qint64(-2203891200) << QByteArray("Thu, 01 Mar 1900 00:00:00 GMT");
    QTest::newRow("last second of 9999") << qint64(253402300799) << QByteArray("Fri, 31 Dec 9999 23:59:59 GMT");
}

void TestHttpDate::format()
{
    QFETCH(qint64, seconds);
    QFETCH(QByteArray, expected);
    QCOMPARE(HttpDate::format(seconds), expected);
    QCOMPARE(HttpDate::format(QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc())), expected);
}

// The hand-written formatter against Qt's calendar over 20,000 random
// seconds from year 1 to 9999.
void TestHttpDate::formatAgreesWithQt()
{
    QRandomGenerator random(20261127);
    const qint64 first = QDateTime(QDate(1, 1, 1), QTime(0, 0), QTimeZone::utc()).toSecsSinceEpoch();
    const qint64 last = QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59), QTimeZone::utc()).toSecsSinceEpoch();
    for (int i = 0; i < 20000; ++i) {
        const qint64 seconds = first + qint64(random.bounded(quint64(last - first + 1)));
        const QDateTime when = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
        const QByteArray expected = QLocale::c().toString(when, u"ddd, dd MMM yyyy hh:mm:ss 'GMT'"_s).toLatin1();
        QCOMPARE(HttpDate::format(seconds), expected);
    }
}

void TestHttpDate::outOfRange()
{
    QVERIFY(HttpDate::format(253402300800).isEmpty()); // year 10000
    QVERIFY(HttpDate::format(QDateTime()).isEmpty());
    QVERIFY(HttpDate::format(std::numeric_limits<qint64>::max() / 2).isEmpty());
}

void TestHttpDate::parseRoundTrip()
{
    const QDateTime when = QDateTime::fromSecsSinceEpoch(784111777, QTimeZone::utc());
    QCOMPARE(HttpDate::parse(HttpDate::format(when)), when);
    const QByteArray now = HttpDate::now();
    QVERIFY(qAbs(HttpDate::parse(now).secsTo(QDateTime::currentDateTimeUtc())) <= 2);
}

void TestHttpDate::parseRejects_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("RFC 850") << QByteArray("Sunday, 06-Nov-94 08:49:37 GMT");
    QTest::newRow("asctime") << QByteArray("Sun Nov  6 08:49:37 1994");
    QTest::newRow("no zone") << QByteArray("Sun, 06 Nov 1994 08:49:37");
    QTest::newRow("garbage") << QByteArray("yesterday");
}

void TestHttpDate::parseRejects()
{
    QFETCH(QByteArray, text);
    QVERIFY(!HttpDate::parse(text).isValid());
}

QTEST_GUILESS_MAIN(TestHttpDate)
#include "tst_httpdate.moc"
