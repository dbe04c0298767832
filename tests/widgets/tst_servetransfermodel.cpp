// ServeTransferModel: every update is kept, but views hear about changes
// in batches, for changed rows only.

#include "servetransfermodel.h"
#include "transferroles.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>

namespace {

TransferInfo transfer(quint64 id, qint64 sent, TransferInfo::State state = TransferInfo::State::Sending)
{
    TransferInfo info;
    info.id = id;
    info.peer = QStringLiteral("127.0.0.1:%1").arg(40000 + id);
    info.name = QStringLiteral("file%1.bin").arg(id);
    info.dialect = Dialect::Http;
    info.size = 1000;
    info.sent = sent;
    info.state = state;
    return info;
}

// The rows one dataChanged signal covers.
QList<int> rowsOf(const QSignalSpy &spy)
{
    QList<int> rows;
    for (const QList<QVariant> &arguments : spy) {
        const auto from = arguments.at(0).toModelIndex();
        const auto to = arguments.at(1).toModelIndex();
        for (int row = from.row(); row <= to.row(); ++row)
            rows.append(row);
    }
    return rows;
}

} // namespace

class TestServeTransferModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void newTransfersAreInsertedInOneBatch();
    void onlyChangedRowsAreAnnounced();
    void flushesOnItsOwnAtAboutTenHertz();
    void clearFinishedKeepsRunningRows();
    void oldFinishedRowsAreTrimmed();
    void abortUnfinished();
};

void TestServeTransferModel::newTransfersAreInsertedInOneBatch()
{
    ServeTransferModel model;
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (int round = 0; round < 20; ++round) {
        for (quint64 id = 1; id <= 50; ++id)
            model.update(transfer(id, round * 10));
    }
    QCOMPARE(model.rowCount(), 0); // nothing announced before the flush
    QCOMPARE(inserted.count(), 0);
    model.flush();
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(model.rowCount(), 50);
    QCOMPARE(changed.count(), 0); // new rows need no dataChanged
    QCOMPARE(model.transfer(49).sent, qint64(190)); // the latest update of each
    QCOMPARE(model.index(49, 0).data(TransferRoles::BytesDoneRole).toLongLong(), 190);
}

void TestServeTransferModel::onlyChangedRowsAreAnnounced()
{
    ServeTransferModel model;
    for (quint64 id = 1; id <= 10; ++id)
        model.update(transfer(id, 0));
    model.flush();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    for (int i = 0; i < 30; ++i) { // many updates to three rows
        model.update(transfer(3, i));
        model.update(transfer(4, i));
        model.update(transfer(8, i));
    }
    QCOMPARE(changed.count(), 0);
    model.flush();
    QCOMPARE(rowsOf(changed), (QList<int>{2, 3, 7}));
    QCOMPARE(changed.count(), 2); // adjacent rows 2 and 3 share one signal
    model.flush();
    QCOMPARE(changed.count(), 2); // nothing pending, nothing announced
}

void TestServeTransferModel::flushesOnItsOwnAtAboutTenHertz()
{
    ServeTransferModel model;
    model.update(transfer(1, 0));
    QTRY_COMPARE(model.rowCount(), 1);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QElapsedTimer clock;
    clock.start();
    qint64 sent = 0;
    // Updates far faster than ten a second, for about a second.
    while (clock.elapsed() < 1000) {
        model.update(transfer(1, ++sent));
        QTest::qWait(2);
    }
    QTRY_COMPARE(model.index(0, 0).data(TransferRoles::BytesDoneRole).toLongLong(), sent);
    QVERIFY2(changed.count() <= clock.elapsed() / BatchedTableModel::FlushIntervalMs + 3,
             qPrintable(QStringLiteral("%1 signals in %2 ms").arg(changed.count()).arg(clock.elapsed())));
    QVERIFY(changed.count() >= 2);
}

void TestServeTransferModel::clearFinishedKeepsRunningRows()
{
    ServeTransferModel model;
    QSignalSpy hasFinished(&model, &ServeTransferModel::hasFinishedChanged);
    for (quint64 id = 1; id <= 6; ++id)
        model.update(transfer(id, 0, id % 2 ? TransferInfo::State::Done : TransferInfo::State::Sending));
    model.flush();
    QVERIFY(model.hasFinished());
    QCOMPARE(hasFinished.count(), 1);
    model.clearFinished();
    QCOMPARE(model.rowCount(), 3);
    QVERIFY(!model.hasFinished());
    QCOMPARE(hasFinished.count(), 2);
    for (int row = 0; row < 3; ++row)
        QCOMPARE(model.transfer(row).id, quint64(2 * (row + 1)));
    // Updates still find their rows after the removal.
    model.update(transfer(4, 500, TransferInfo::State::Done));
    model.flush();
    QCOMPARE(model.transfer(1).sent, qint64(500));
    QCOMPARE(model.index(1, ServeTransferModel::StateColumn).data().toString(), QStringLiteral("Done"));
}

void TestServeTransferModel::oldFinishedRowsAreTrimmed()
{
    ServeTransferModel model;
    model.update(transfer(1, 0)); // still running: never trimmed
    for (quint64 id = 2; id <= ServeTransferModel::MaxRows + 10; ++id)
        model.update(transfer(id, 1000, TransferInfo::State::Done));
    model.flush();
    QVERIFY(model.rowCount() <= ServeTransferModel::MaxRows);
    QCOMPARE(model.transfer(0).id, quint64(1));
    QCOMPARE(model.transfer(model.rowCount() - 1).id, quint64(ServeTransferModel::MaxRows + 10));
}

void TestServeTransferModel::abortUnfinished()
{
    ServeTransferModel model;
    model.update(transfer(1, 10));
    model.update(transfer(2, 1000, TransferInfo::State::Done));
    model.abortUnfinished();
    model.flush();
    QCOMPARE(model.transfer(0).state, TransferInfo::State::Aborted);
    QCOMPARE(model.transfer(1).state, TransferInfo::State::Done);
    QVERIFY(!model.index(0, 0).data(TransferRoles::ActiveRole).toBool());
}

QTEST_MAIN(TestServeTransferModel)
#include "tst_servetransfermodel.moc"
