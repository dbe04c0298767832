#include "qrcodeimage.h"
#include "zbar.h"

#include <QTest>

class TestQrCodeImage : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodesToTheText_data();
    void decodesToTheText();
    void hasQuietZone();
    void tooLongGivesNoImage();
};

void TestQrCodeImage::decodesToTheText_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("ipv4 link") << QStringLiteral("http://192.168.1.20:8888/");
    QTest::newRow("ipv6 link") << QStringLiteral("http://[2001:db8::1]:8888/");
    QTest::newRow("link with a code") << QStringLiteral(
            "http://10.0.0.7:8888/?code=open%20sesame%20%E8%8A%9D%E9%BA%BB");
    QTest::newRow("long code") << QStringLiteral("http://[2001:db8:1234:5678:9abc:def0:1234:5678]:65535/?code=")
                                          + QString(128, QLatin1Char('x'));
}

void TestQrCodeImage::decodesToTheText()
{
    QFETCH(QString, text);
    const QImage image = QrCodeImage::render(text);
    QVERIFY(!image.isNull());
    QCOMPARE(image.width(), image.height());
    QString error;
    const QImage shown = image.scaled(image.size() * 4, Qt::IgnoreAspectRatio, Qt::FastTransformation);
    QCOMPARE(scanQrCode(shown, &error), text);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestQrCodeImage::hasQuietZone()
{
    const QImage image = QrCodeImage::render(QStringLiteral("http://127.0.0.1:8888/"));
    for (int i = 0; i < image.width(); ++i) {
        for (int border = 0; border < 4; ++border) {
            QCOMPARE(image.pixelColor(i, border), QColor(Qt::white));
            QCOMPARE(image.pixelColor(border, i), QColor(Qt::white));
            QCOMPARE(image.pixelColor(i, image.height() - 1 - border), QColor(Qt::white));
            QCOMPARE(image.pixelColor(image.width() - 1 - border, i), QColor(Qt::white));
        }
    }
    QCOMPARE(image.pixelColor(4, 4), QColor(Qt::black)); // a finder pattern's corner
}

void TestQrCodeImage::tooLongGivesNoImage()
{
    QVERIFY(QrCodeImage::render(QString(5000, QLatin1Char('x'))).isNull());
}

QTEST_MAIN(TestQrCodeImage)
#include "tst_qrcodeimage.moc"
