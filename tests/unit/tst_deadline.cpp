#include "common/deadline.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

using namespace std::chrono_literals;

// The timeout of a session: pushed back on every request and chunk, it
// must still expire on time, once, and never after stop().
class TestDeadline : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void expiresOnce();
    void pushedBackExpiresLater();
    void broughtForwardExpiresSooner();
    void stopped();
};

void TestDeadline::expiresOnce()
{
    Deadline deadline;
    QSignalSpy expired(&deadline, &Deadline::expired);
    deadline.start(50ms);
    QVERIFY(deadline.isActive());
    QVERIFY(expired.wait(5000));
    QTest::qWait(200);
    QCOMPARE(expired.count(), 1);
    QVERIFY(!deadline.isActive());
}

void TestDeadline::pushedBackExpiresLater()
{
    Deadline deadline;
    QSignalSpy expired(&deadline, &Deadline::expired);
    QElapsedTimer clock;
    clock.start();
    qint64 lastStart = 0;
    // Moved back every 20 ms for 400 ms: the first timer fires early and waits out the rest.
    while (clock.elapsed() < 400) {
        lastStart = clock.elapsed();
        deadline.start(500ms); // long enough that a busy machine cannot stall us past it
        QTest::qWait(20);
        QCOMPARE(expired.count(), 0);
    }
    QVERIFY(expired.wait(5000));
    QVERIFY2(clock.elapsed() >= lastStart + 499, qPrintable(QString::number(clock.elapsed() - lastStart)));
    QCOMPARE(expired.count(), 1);
}

void TestDeadline::broughtForwardExpiresSooner()
{
    Deadline deadline;
    QSignalSpy expired(&deadline, &Deadline::expired);
    QElapsedTimer clock;
    clock.start();
    deadline.start(60s);
    deadline.start(50ms);
    QVERIFY(expired.wait(5000));
    QVERIFY(clock.elapsed() < 30000);
}

void TestDeadline::stopped()
{
    Deadline deadline;
    QSignalSpy expired(&deadline, &Deadline::expired);
    deadline.start(30ms);
    deadline.stop();
    QVERIFY(!deadline.isActive());
    QTest::qWait(150);
    QCOMPARE(expired.count(), 0);
}

QTEST_GUILESS_MAIN(TestDeadline)
#include "tst_deadline.moc"
