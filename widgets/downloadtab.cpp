#include "downloadtab.h"

#include "appsettings.h"
#include "certificatedialog.h"
#include "common/endpoint.h"
#include "downloadform.h"
#include "downloadqueuemodel.h"
#include "icons.h"
#include "nearby/nearbybrowser.h"
#include "nearbysharemodel.h"
#include "transfertable.h"

#include <QAction>
#include <QDesktopServices>
#include <QDir>
#include <QFileInfo>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListView>
#include <QPushButton>
#include <QSet>
#include <QUrl>
#include <QVBoxLayout>

DownloadTab::DownloadTab(QWidget *parent)
    : QWidget(parent)
    , m_form(new DownloadForm(this))
    , m_model(new DownloadQueueModel(this))
    , m_table(new TransferTable(this))
{
    m_table->setObjectName(QStringLiteral("downloadTable"));
    m_table->setAccessibleName(tr("Downloads"));
    m_table->setModel(m_model);
    m_table->setPlaceholderText(tr("Enter a host and a file name above, or paste a link, then press Download."));
    m_table->setupColumns(DownloadQueueModel::ProgressColumn,
                          {DownloadQueueModel::NameColumn, DownloadQueueModel::StateColumn},
                          {QString(), QStringLiteral("1023.9 MiB"), QStringLiteral("1023.9 MiB (100%)"),
                           QStringLiteral("1023.9 MiB/s"), QStringLiteral("99:59:59"), QString()});

    m_cancelAction =
            addRowAction(Icons::cancel(), tr("&Cancel"), QKeySequence(Qt::Key_Escape), &DownloadTab::cancelSelected);
    m_retryAction =
            addRowAction(Icons::retry(), tr("&Retry"), QKeySequence(Qt::CTRL | Qt::Key_R), &DownloadTab::retrySelected);
    m_openAction =
            addRowAction(Icons::open(), tr("&Open"), QKeySequence(Qt::CTRL | Qt::Key_O), &DownloadTab::openSelected);
    m_showAction = addRowAction(Icons::showInFolder(), tr("Show in &folder"),
                                QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O), &DownloadTab::showSelectedInFolder);
    auto *separator = new QAction(m_table);
    separator->setSeparator(true);
    m_table->addAction(separator);
    m_clearAction = new QAction(Icons::clear(), tr("Cl&ear finished"), m_table);
    m_table->addAction(m_clearAction);
    connect(m_clearAction, &QAction::triggered, m_model, &DownloadQueueModel::clearFinished);
    m_cancelAction->setToolTip(tr("Stop the selected downloads; what arrived stays for a retry"));
    m_retryAction->setToolTip(tr("Start the selected downloads again"));
    m_openAction->setToolTip(tr("Open the downloaded file"));
    m_showAction->setToolTip(tr("Open the folder the file is saved in"));
    m_clearAction->setToolTip(tr("Remove the downloads that are no longer running from the list"));

    auto *bar = new QHBoxLayout;
    bar->addWidget(buttonFor(m_cancelAction, QStringLiteral("downloadCancelButton")));
    bar->addWidget(buttonFor(m_retryAction, QStringLiteral("downloadRetryButton")));
    bar->addSpacing(12);
    bar->addWidget(buttonFor(m_openAction, QStringLiteral("downloadOpenButton")));
    bar->addWidget(buttonFor(m_showAction, QStringLiteral("downloadShowButton")));
    bar->addStretch();
    bar->addWidget(buttonFor(m_clearAction, QStringLiteral("downloadClearButton")));

    auto *top = new QHBoxLayout;
    top->addWidget(m_form, 1);
    top->addWidget(buildNearbyBox());

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addSpacing(6);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);

    connect(m_form, &DownloadForm::requested, this, &DownloadTab::enqueue);
    connect(m_model, &DownloadQueueModel::certificateProblem, this, &DownloadTab::askToTrust);
    connect(m_table, &QAbstractItemView::activated, this, &DownloadTab::openSelected);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &DownloadTab::updateActions);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &DownloadTab::updateActions);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &DownloadTab::updateActions);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &DownloadTab::updateActions);
    updateActions();
}

QGroupBox *DownloadTab::buildNearbyBox()
{
    m_nearbyBox = new QGroupBox(tr("Nearby"), this);
    m_nearbyBox->setObjectName(QStringLiteral("nearbyBox"));
    m_nearbyBox->setToolTip(tr("Shares that devices on this network make visible. "
                               "Click one to fill in its address, double-click to browse its files."));
    m_nearbyList = new QListView(m_nearbyBox);
    m_nearbyList->setObjectName(QStringLiteral("nearbyList"));
    m_nearbyList->setAccessibleName(tr("Nearby shares"));
    m_nearbyList->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_nearbyList->setUniformItemSizes(true);
    // As tall as the form beside it, however many shares there are (it scrolls).
    m_nearbyList->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Ignored);
    m_nearbyList->setMinimumSize(m_nearbyList->fontMetrics().horizontalAdvance(QLatin1Char('x')) * 32,
                                 m_nearbyList->fontMetrics().height() * 3);
    m_nearbyHint = new QLabel(m_nearbyBox);
    m_nearbyHint->setWordWrap(true);
    m_nearbyHint->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    auto *layout = new QVBoxLayout(m_nearbyBox);
    layout->addWidget(m_nearbyList, 1);
    layout->addWidget(m_nearbyHint, 1);
    m_nearbyBox->hide();
    connect(m_nearbyList, &QAbstractItemView::clicked, this, &DownloadTab::pickNearby);
    connect(m_nearbyList, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        pickNearby(index);
        m_form->browse();
    });
    return m_nearbyBox;
}

void DownloadTab::setNearbyBrowser(NearbyBrowser *browser)
{
    delete m_nearbyModel;
    m_nearbyModel = new NearbyShareModel(browser, this);
    m_nearbyList->setModel(m_nearbyModel);
    connect(m_nearbyModel, &QAbstractItemModel::rowsInserted, this, &DownloadTab::updateNearbyHint);
    connect(m_nearbyModel, &QAbstractItemModel::rowsRemoved, this, &DownloadTab::updateNearbyHint);
    m_nearbyBox->show();
    if (!browser->isActive() && !browser->start()) {
        m_nearbyHint->setText(browser->errorString());
        m_nearbyList->hide();
    } else {
        updateNearbyHint();
    }
}

void DownloadTab::updateNearbyHint()
{
    m_nearbyHint->setText(m_nearbyModel->rowCount() == 0
                                  ? tr("None yet. Shares appear here when someone ticks “Visible to nearby devices”.")
                                  : QString());
    // An empty list gives its room to the hint that explains it.
    m_nearbyHint->setVisible(!m_nearbyHint->text().isEmpty());
    m_nearbyList->setVisible(m_nearbyModel->rowCount() > 0);
}

void DownloadTab::pickNearby(const QModelIndex &index)
{
    if (!index.isValid())
        return;
    m_form->setEndpoint(index.data(NearbyShareModel::HostRole).toString(),
                        quint16(index.data(NearbyShareModel::PortRole).toUInt()));
}

// Shortcuts act on the table's selection, so they work while it has focus
// (Escape in the form must not cancel a download).
QAction *DownloadTab::addRowAction(const QIcon &icon, const QString &text, const QKeySequence &shortcut,
                                   void (DownloadTab::*slot)())
{
    auto *action = new QAction(icon, text, m_table);
    action->setShortcut(shortcut);
    action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_table->addAction(action);
    connect(action, &QAction::triggered, this, slot);
    return action;
}

QPushButton *DownloadTab::buttonFor(QAction *action, const QString &objectName)
{
    auto *button = new QPushButton(action->icon(), action->text(), this);
    button->setObjectName(objectName);
    QString tip = action->toolTip();
    if (!action->shortcut().isEmpty())
        tip += QStringLiteral(" (%1)").arg(action->shortcut().toString(QKeySequence::NativeText));
    button->setToolTip(tip);
    connect(button, &QPushButton::clicked, action, &QAction::trigger);
    connect(action, &QAction::enabledChanged, button, &QPushButton::setEnabled);
    button->setEnabled(action->isEnabled());
    return button;
}

int DownloadTab::activeCount() const
{
    return m_model->activeCount();
}

bool DownloadTab::enqueue(DownloadJob::Request request)
{
    if (m_model->isWriting(request.destination)) {
        m_form->showError(
                tr("%1 is being downloaded into this folder already.").arg(QFileInfo(request.destination).fileName()));
        return false;
    }
    request.destination = freeDestination(request.destination);
    const int row = m_model->add(request);
    m_table->scrollTo(m_model->index(row, 0));
    m_form->clearName();
    return true;
}

// `destination` unless a file is there or a running download writes it:
// then "name (1).ext", "name (2).ext"... A lone "name.part" does not count,
// so a new download of an interrupted file continues with it.
QString DownloadTab::freeDestination(const QString &destination) const
{
    const QFileInfo info(destination);
    const QString folder = info.absolutePath();
    const QString fileName = info.fileName();
    QString base = fileName;
    QString extension;
    const qsizetype dot = fileName.lastIndexOf(QLatin1Char('.'));
    if (dot > 0) {
        const qsizetype tar = fileName.lastIndexOf(QLatin1String(".tar."), -1, Qt::CaseInsensitive);
        const qsizetype cut = tar > 0 ? tar : dot;
        base = fileName.left(cut);
        extension = fileName.mid(cut);
    }
    QString candidate = destination;
    for (int n = 1; QFileInfo::exists(candidate) || m_model->isWriting(candidate); ++n)
        candidate = QDir(folder).filePath(QStringLiteral("%1 (%2)%3").arg(base).arg(n).arg(extension));
    return candidate;
}

void DownloadTab::cancelSelected()
{
    const QList<int> rows = m_table->selectedRows();
    for (int row : rows)
        m_model->cancel(row);
}

void DownloadTab::retrySelected()
{
    const QList<int> rows = m_table->selectedRows();
    for (int row : rows)
        retryRow(row);
}

void DownloadTab::retryRow(int row)
{
    if (m_model->canRetry(row) && !m_model->retry(row))
        m_form->showError(tr("%1 is being downloaded into this folder already.")
                                  .arg(QFileInfo(m_model->destination(row)).fileName()));
}

void DownloadTab::askToTrust(int row, const QString &host, quint16 port, const QSslCertificate &certificate,
                             const QString &problem)
{
    const QByteArray digest = TlsPolicy::certificateDigest(certificate);
    if (digest.isEmpty())
        return; // nothing to trust: the row's message says what went wrong
    if (AppSettings().trustedCertificates(host, port).contains(digest)) {
        // Trusted (from another row's question) after this attempt started:
        // start it again. An attempt that carried the trust and still failed
        // keeps its message.
        if (!m_model->request(row).tls.trustedCertificates.contains(digest))
            retryRow(row);
        return;
    }
    const QString key =
            Endpoint{host.toLower(), port}.toString() + QLatin1Char(' ') + QString::fromLatin1(digest.toHex());
    TrustQuestion &question = m_trustQuestions[key];
    question.rows.append(QPersistentModelIndex(m_model->index(row, 0)));
    if (question.dialog)
        return;
    auto *dialog = new CertificateDialog(host, port, certificate, problem, this);
    dialog->setObjectName(QStringLiteral("certificateDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    question.dialog = dialog;
    connect(dialog, &QDialog::finished, this,
            [this, key](int result) { answerTrust(key, result == QDialog::Accepted); });
    dialog->open();
}

void DownloadTab::answerTrust(const QString &key, bool trusted)
{
    const TrustQuestion question = m_trustQuestions.take(key);
    if (!trusted || !question.dialog)
        return;
    AppSettings().trustCertificate(question.dialog->host(), question.dialog->port(), question.dialog->digest());
    for (const QPersistentModelIndex &index : question.rows) {
        if (index.isValid())
            retryRow(index.row());
    }
}

void DownloadTab::openSelected()
{
    const QList<int> rows = m_table->selectedRows();
    for (int row : rows) {
        if (m_model->state(row) != DownloadQueueModel::State::Done)
            continue;
        const QString path = m_model->destination(row);
        if (!QFileInfo::exists(path))
            m_form->showError(tr("%1 is no longer there.").arg(QDir::toNativeSeparators(path)));
        else
            QDesktopServices::openUrl(QUrl::fromLocalFile(path));
    }
}

void DownloadTab::showSelectedInFolder()
{
    QSet<QString> folders;
    const QList<int> rows = m_table->selectedRows();
    for (int row : rows)
        folders.insert(QFileInfo(m_model->destination(row)).absolutePath());
    for (const QString &folder : std::as_const(folders))
        QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
}

void DownloadTab::updateActions()
{
    bool cancel = false, retry = false, open = false;
    const QList<int> rows = m_table->selectedRows();
    for (int row : rows) {
        const DownloadQueueModel::State state = m_model->state(row);
        cancel = cancel || DownloadQueueModel::isActive(state);
        retry = retry || m_model->canRetry(row);
        open = open || state == DownloadQueueModel::State::Done;
    }
    m_cancelAction->setEnabled(cancel);
    m_retryAction->setEnabled(retry);
    m_openAction->setEnabled(open);
    m_showAction->setEnabled(!rows.isEmpty());
    m_clearAction->setEnabled(m_model->rowCount() > m_model->activeCount());
}
