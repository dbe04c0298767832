#include "server/sharelistener.h"

#include "os/acceptor.h"

#include <QLoggingCategory>
#include <QSocketNotifier>

Q_LOGGING_CATEGORY(lcListen, "ferry.serve.listen")

namespace {
// Connections taken per wake-up at most, so that a flood cannot keep the
// accepting thread from its other events; the notifier fires again.
constexpr int MaxAcceptsPerWakeUp = 64;
} // namespace

ShareListener::ShareListener(QObject *parent)
    : QTcpServer(parent)
    , m_retryTimer(this)
{
    m_retryTimer.setSingleShot(true);
    connect(&m_retryTimer, &QTimer::timeout, this, &ShareListener::retry);
}

ShareListener::~ShareListener()
{
    close();
}

bool ShareListener::listen(const QHostAddress &address, quint16 port)
{
    close();
    if (!QTcpServer::listen(address, port))
        return false;
    // QTcpServer's notifier stays off for good (nothing here resumes it,
    // nor calls nextPendingConnection); this one takes its place.
    pauseAccepting();
    m_acceptor = std::make_unique<Acceptor>(socketDescriptor());
    m_notifier = new QSocketNotifier(socketDescriptor(), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &ShareListener::acceptWaiting);
    return true;
}

void ShareListener::close()
{
    m_retryTimer.stop();
    delete m_notifier; // before the descriptor it watches is closed
    m_notifier = nullptr;
    m_acceptor.reset();
    m_nextRetry = FirstRetry;
    m_short = false;
    QTcpServer::close();
}

void ShareListener::acceptWaiting()
{
    for (int i = 0; i < MaxAcceptsPerWakeUp && m_acceptor; ++i) {
        Acceptor::Result result = m_acceptor->accept();
        switch (result.outcome) {
        case Acceptor::Outcome::Accepted:
            m_nextRetry = FirstRetry; // serve the rest of the backlog soon
            Q_EMIT connectionAccepted(result.socket.release());
            continue; // the receiver may have stopped us (m_acceptor gone)
        case Acceptor::Outcome::Lost:
            continue;
        case Acceptor::Outcome::NoneWaiting:
            if (m_short) {
                qCInfo(lcListen) << "descriptors available again: every waiting connection accepted";
                m_short = false;
            }
            return;
        case Acceptor::Outcome::OutOfDescriptors:
            pause(true);
            return;
        case Acceptor::Outcome::Failed:
            qCWarning(lcListen) << "cannot accept a connection:" << qt_error_string(result.error);
            pause(false);
            return;
        }
    }
}

void ShareListener::pause(bool outOfDescriptors)
{
    m_notifier->setEnabled(false);
    if (outOfDescriptors) {
        if (!m_short) {
            qCWarning(lcListen) << "out of file descriptors: accepting paused";
            m_short = true;
        }
        // The backlog would otherwise only grow while we wait, and its
        // oldest connection is the likeliest to have given up.
        m_acceptor->dropOldest();
    }
    m_retryTimer.start(m_nextRetry);
    m_nextRetry = qMin(m_nextRetry * 2, LastRetry);
    if (outOfDescriptors)
        Q_EMIT descriptorsExhausted(); // last: the receiver may stop us
}

void ShareListener::retry()
{
    if (!m_notifier)
        return;
    m_notifier->setEnabled(true);
    acceptWaiting();
}
