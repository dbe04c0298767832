#pragma once

#include <QLabel>

// A line of feedback inside a tab: errors in the window rather than on
// stderr or in a modal box. Hidden while empty, so it takes no room.
class MessageLabel final : public QLabel
{
    Q_OBJECT

public:
    enum class Kind { Info, Error };

    explicit MessageLabel(QWidget *parent = nullptr);

    void showMessage(const QString &text, Kind kind = Kind::Info);
    void showError(const QString &text) { showMessage(text, Kind::Error); }
    void clearMessage();
    Kind kind() const { return m_kind; }

private:
    Kind m_kind = Kind::Info;
};
