// AccessGate::check reads the query, Authorization and Cookie of every
// request to a share with an access code. The input is a request head; the
// share's code is "sesame". Checked here:
//  - a request the parser accepts gets a verdict without crashing, and
//    "Admitted" only when its query item or its Basic password really holds
//    the code (decoded independently here with Qt's own parsers): a cookie
//    holds a session, never the code, and a fresh gate has issued none;
//  - a gate without a code admits everything;
//  - the throttle never admits: after enough wrong codes, the peer is
//    throttled whatever it sends, unless it adds a live session cookie,
//    which admits among any other cookies.
#include "fuzzcheck.h"
#include "share/accessgate.h"
#include "wire/httprequest.h"

#include <QUrlQuery>

#include <cstddef>
#include <cstdint>

namespace {

const QByteArray Code = "sesame";
constexpr quint16 Port = 8080;

bool carriesCode(const HttpRequest &request)
{
    const QUrlQuery query(QString::fromUtf8(request.query));
    if (query.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded).toUtf8() == Code)
        return true;
    const QByteArray authorization = request.header("authorization").trimmed();
    if (authorization.toLower().startsWith("basic ")) {
        const auto decoded =
                QByteArray::fromBase64Encoding(authorization.mid(6).trimmed(), QByteArray::AbortOnBase64DecodingErrors);
        if (decoded && (decoded.decoded.endsWith(QByteArray(":" + Code)) || decoded.decoded == Code))
            return true;
    }
    return false;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView head(reinterpret_cast<const char *>(data), qsizetype(size));
    const auto parsed = parseHttpRequest(head);
    if (!std::holds_alternative<HttpRequest>(parsed))
        return 0;
    const HttpRequest &request = std::get<HttpRequest>(parsed);
    const QHostAddress peer(QHostAddress::LocalHost);

    FUZZ_CHECK(AccessGate().check(request, peer, Port) == AccessGate::Verdict::Admitted);

    const AccessGate gate(QString::fromUtf8(Code));
    const AccessGate::Verdict verdict = gate.check(request, peer, Port);
    if (verdict == AccessGate::Verdict::Admitted)
        FUZZ_CHECK(carriesCode(request));
    if (!gate.sessionCookieFor(request, Port).isEmpty())
        FUZZ_CHECK(verdict == AccessGate::Verdict::Admitted);

    const AccessGate guessed(QString::fromUtf8(Code));
    HttpRequest wrong;
    wrong.query = "code=guess";
    for (int i = 0; i < AccessGate::FailuresBeforeThrottle; ++i)
        FUZZ_CHECK(guessed.check(wrong, peer, Port) == AccessGate::Verdict::Wrong);
    FUZZ_CHECK(guessed.check(request, peer, Port) == AccessGate::Verdict::Throttled);

    // A live session admits among any other cookies, throttled or not;
    // another gate's (another run of the share) does not.
    HttpRequest login;
    login.query = "code=" + Code;
    const auto withSessionOf = [&](const AccessGate &issuer) {
        const QByteArray setCookie = issuer.sessionCookieFor(login, Port);
        FUZZ_CHECK(!setCookie.isEmpty());
        HttpRequest withSession = request;
        withSession.headers.append({"cookie", setCookie.left(setCookie.indexOf(';'))});
        return withSession;
    };
    const AccessGate otherRun(QString::fromUtf8(Code));
    FUZZ_CHECK(guessed.check(withSessionOf(otherRun), peer, Port) == AccessGate::Verdict::Throttled);
    FUZZ_CHECK(guessed.check(withSessionOf(guessed), peer, Port) == AccessGate::Verdict::Admitted);
    return 0;
}
