#include "remotebrowserdialog.h"

#include "common/units.h"

#include <QDialogButtonBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

enum Column { NameColumn, SizeColumn, ModifiedColumn };
constexpr int IsDirectoryRole = Qt::UserRole + 1;

} // namespace

RemoteBrowserDialog::RemoteBrowserDialog(const QString &host, quint16 port, const QString &startFolder,
                                         const QString &accessCode, QWidget *parent)
    : QDialog(parent)
    , m_host(host)
    , m_port(port)
    , m_accessCode(accessCode)
    , m_location(new QLabel(this))
    , m_status(new QLabel(this))
    , m_entries(new QTreeWidget(this))
    , m_upButton(new QPushButton(style()->standardIcon(QStyle::SP_FileDialogToParent), tr("&Up"), this))
    , m_chooseButton(nullptr)
{
    setWindowTitle(tr("Files on %1").arg(host));
    resize(640, 460);

    m_entries->setObjectName(QStringLiteral("remoteEntries"));
    m_entries->setAccessibleName(tr("Files on the server"));
    m_entries->setRootIsDecorated(false);
    m_entries->setUniformRowHeights(true);
    m_entries->setHeaderLabels({tr("Name"), tr("Size"), tr("Modified")});
    m_entries->header()->setSectionResizeMode(NameColumn, QHeaderView::Stretch);
    m_entries->header()->setStretchLastSection(false);
    m_upButton->setAccessibleName(tr("Parent folder"));
    m_status->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_chooseButton = buttons->button(QDialogButtonBox::Ok);
    m_chooseButton->setText(tr("&Choose"));

    auto *top = new QHBoxLayout;
    top->addWidget(m_upButton);
    top->addWidget(m_location, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_entries, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_upButton, &QPushButton::clicked, this, &RemoteBrowserDialog::goUp);
    connect(m_entries, &QTreeWidget::itemActivated, this, &RemoteBrowserDialog::onActivated);
    connect(m_entries, &QTreeWidget::currentItemChanged, this, &RemoteBrowserDialog::updateButtons);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (QTreeWidgetItem *item = m_entries->currentItem())
            onActivated(item);
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    QString folder = startFolder;
    if (!folder.isEmpty() && !folder.endsWith(QLatin1Char('/')))
        folder += QLatin1Char('/');
    list(folder);
}

void RemoteBrowserDialog::list(const QString &folder)
{
    if (m_job)
        m_job->deleteLater();
    m_folder = folder;
    m_location->setText(QLatin1Char('/') + folder);
    m_status->setText(tr("Listing…"));
    m_entries->clear();
    m_job = new ListJob(m_host, m_port, folder, this);
    m_job->setAccessCode(m_accessCode);
    connect(m_job, &ListJob::finished, this, &RemoteBrowserDialog::onListed);
    m_job->start();
    updateButtons();
}

void RemoteBrowserDialog::onListed(ListJob::Outcome outcome, const DirectoryListing &listing, const QString &message)
{
    if (sender() != m_job)
        return; // an older listing the user already left
    if (outcome != ListJob::Outcome::Done) {
        m_status->setText(message);
        return;
    }
    const QLocale locale;
    for (const DirectoryListing::Entry &entry : listing.entries()) {
        auto *item = new QTreeWidgetItem(m_entries);
        item->setText(NameColumn, entry.isDirectory ? entry.name + QLatin1Char('/') : entry.name);
        item->setIcon(NameColumn, style()->standardIcon(entry.isDirectory ? QStyle::SP_DirIcon : QStyle::SP_FileIcon));
        item->setData(NameColumn, Qt::UserRole, entry.name);
        item->setData(NameColumn, IsDirectoryRole, entry.isDirectory);
        if (!entry.isDirectory)
            item->setText(SizeColumn, Units::formatBytes(entry.size));
        item->setTextAlignment(SizeColumn, Qt::AlignRight | Qt::AlignVCenter);
        item->setText(ModifiedColumn, locale.toString(entry.modified.toLocalTime(), QLocale::ShortFormat));
    }
    m_entries->resizeColumnToContents(SizeColumn);
    m_entries->resizeColumnToContents(ModifiedColumn);
    m_status->setText(listing.entries().isEmpty() ? tr("This folder is empty.")
                                                  : tr("Double-click a folder to open it, a file to choose it."));
    if (QTreeWidgetItem *first = m_entries->topLevelItem(0))
        m_entries->setCurrentItem(first);
    m_entries->setFocus();
}

void RemoteBrowserDialog::onActivated(QTreeWidgetItem *item)
{
    const QString name = item->data(NameColumn, Qt::UserRole).toString();
    if (item->data(NameColumn, IsDirectoryRole).toBool()) {
        list(m_folder + name + QLatin1Char('/'));
        return;
    }
    m_selected = m_folder + name;
    accept();
}

void RemoteBrowserDialog::goUp()
{
    QString folder = m_folder;
    folder.chop(1); // the trailing '/'
    const qsizetype slash = folder.lastIndexOf(QLatin1Char('/'));
    list(slash < 0 ? QString() : folder.left(slash + 1));
}

void RemoteBrowserDialog::updateButtons()
{
    m_upButton->setEnabled(!m_folder.isEmpty());
    m_chooseButton->setEnabled(m_entries->currentItem() != nullptr);
}
