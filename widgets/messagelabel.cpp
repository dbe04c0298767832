#include "messagelabel.h"

MessageLabel::MessageLabel(QWidget *parent)
    : QLabel(parent)
{
    setWordWrap(true);
    setTextFormat(Qt::PlainText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    hide();
}

void MessageLabel::showMessage(const QString &text, Kind kind)
{
    m_kind = kind;
    // A red that stays readable on light and dark palettes alike.
    QPalette pal = palette();
    const QColor base = palette().color(QPalette::Window);
    const QColor red = base.lightness() > 128 ? QColor(0xb0, 0x1c, 0x1c) : QColor(0xff, 0x8a, 0x80);
    pal.setColor(QPalette::WindowText, kind == Kind::Error ? red : QPalette().color(QPalette::WindowText));
    setPalette(pal);
    setText(text);
    setVisible(!text.isEmpty());
}

void MessageLabel::clearMessage()
{
    clear();
    hide();
}
