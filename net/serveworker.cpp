#include "serveworker.h"

#include "servesession.h"

#include <QTcpSocket>

#include <unistd.h>

ServeWorker::ServeWorker(std::shared_ptr<const ServeContext> context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
{
}

void ServeWorker::adopt(qintptr descriptor, bool overloaded)
{
    auto *socket = new QTcpSocket;
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(static_cast<int>(descriptor));
        Q_EMIT connectionClosed();
        return;
    }
    auto *session = new ServeSession(socket, m_context, overloaded, this);
    connect(session, &ServeSession::transferUpdated, this, &ServeWorker::transferUpdated);
    connect(session, &ServeSession::finished, this, &ServeWorker::connectionClosed);
}

void ServeWorker::closeAll()
{
    const auto sessions = findChildren<ServeSession *>(Qt::FindDirectChildrenOnly);
    for (ServeSession *session : sessions)
        session->abort();
}
