<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AccessCode</name>
    <message>
        <source>The access code is empty.</source>
        <translation>访问码为空。</translation>
    </message>
    <message>
        <source>The access code is longer than %1 characters.</source>
        <translation>访问码超过 %1 个字符。</translation>
    </message>
    <message>
        <source>The access code contains a control character.</source>
        <translation>访问码包含控制字符。</translation>
    </message>
    <message>
        <source>The access code starts or ends with a space.</source>
        <translation>访问码的开头或结尾不能是空格。</translation>
    </message>
</context>
<context>
    <name>AddressList</name>
    <message>
        <source>Start sharing to see the addresses other devices can use.</source>
        <translation>开始共享后，这里会显示其他设备可以使用的地址。</translation>
    </message>
    <message>
        <source>Only this computer can connect. Listen on every network to share with other devices.</source>
        <translation>只有本机可以连接。若要与其他设备共享，请在“所有网络”上监听。</translation>
    </message>
    <message>
        <source>This computer has no network connection: only programs on it can connect (127.0.0.1 port %1).</source>
        <translation>本机没有网络连接：只有本机上的程序可以连接（127.0.0.1，端口 %1）。</translation>
    </message>
    <message>
        <source>Copy %1</source>
        <translation>复制 %1</translation>
    </message>
    <message>
        <source>Copy address %1</source>
        <translation>复制地址 %1</translation>
    </message>
    <message>
        <source>Copy link %1</source>
        <translation>复制链接 %1</translation>
    </message>
    <message>
        <source>Browsers and phones open the link or scan the code: both carry the access code. Ferry needs the address and the code; the tutorial client cannot open a share that has one.</source>
        <translation>浏览器和手机可打开链接或扫描二维码，两者都已包含访问码。Ferry 需要地址和访问码；教程客户端无法打开设有访问码的共享。</translation>
    </message>
    <message>
        <source>Browsers and phones open the link or scan the code; Ferry and the tutorial client use the address and port.</source>
        <translation>浏览器和手机可打开链接或扫描二维码；Ferry 和教程客户端使用地址和端口。</translation>
    </message>
    <message>
        <source>Show the QR code of %1</source>
        <translation>显示 %1 的二维码</translation>
    </message>
    <message>
        <source>QR code of link %1</source>
        <translation>链接 %1 的二维码</translation>
    </message>
    <message>
        <source>Scan with a phone&apos;s camera to open %1</source>
        <translation>用手机相机扫描即可打开 %1</translation>
    </message>
    <message>
        <source>QR code of %1</source>
        <translation>%1 的二维码</translation>
    </message>
    <message>
        <source>Browsers and phones open the link or scan the code: both carry the access code and the certificate&apos;s pin, which Ferry checks. The tutorial client cannot open a share that has a code.</source>
        <translation>浏览器和手机可打开链接或扫描二维码，两者都已包含访问码和证书的 pin，Ferry 会校验该 pin。教程客户端无法打开设有访问码的共享。</translation>
    </message>
    <message>
        <source>Browsers and phones open the link or scan the code; Ferry checks the certificate&apos;s pin they carry. The tutorial client uses the address and port, unencrypted.</source>
        <translation>浏览器和手机可打开链接或扫描二维码；Ferry 会校验其中包含的证书 pin。教程客户端使用地址和端口，不加密。</translation>
    </message>
</context>
<context>
    <name>CertificateDialog</name>
    <message>
        <source>Untrusted Certificate</source>
        <translation>不受信任的证书</translation>
    </message>
    <message>
        <source>&lt;b&gt;The certificate of %1 is not trusted.&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1 的证书不受信任。&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Someone may be pretending to be this server. Trust the certificate only if you know it is the right one, for example when the person sharing reads you the same fingerprint. Ferry then remembers it for this host and port.</source>
        <translation>可能有人在冒充此服务器。只有在确认证书无误时才信任它，例如共享者向你念出的指纹与此相同。之后 Ferry 会为此主机和端口记住该证书。</translation>
    </message>
    <message>
        <source>Certificate details</source>
        <translation>证书详情</translation>
    </message>
    <message>
        <source>&amp;Trust this certificate for %1</source>
        <translation>为 %1 信任此证书(&amp;T)</translation>
    </message>
</context>
<context>
    <name>CommandLine</name>
    <message>
        <source>unknown command &apos;%1&apos;</source>
        <translation>未知命令 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation>显示此帮助。</translation>
    </message>
    <message>
        <source>missing arguments</source>
        <translation>缺少参数</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>多余的参数 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>ferry: %1
Try &apos;ferry --help&apos;.
</source>
        <translation>ferry：%1
请尝试 &apos;ferry --help&apos;。
</translation>
    </message>
    <message>
        <source>Read the access code from the first line of FILE (&apos;-&apos; for standard input), so that it does not show in the process list.</source>
        <translation>从 FILE 的第一行读取访问码（“-”表示标准输入），这样它不会出现在进程列表中。</translation>
    </message>
    <message>
        <source>--code and --code-file cannot be used together</source>
        <translation>--code 和 --code-file 不能同时使用</translation>
    </message>
    <message>
        <source>cannot read the access code from %1: %2</source>
        <translation>无法从 %1 读取访问码：%2</translation>
    </message>
    <message>
        <source>%1 holds no access code on its first line</source>
        <translation>%1 的第一行没有访问码</translation>
    </message>
    <message>
        <source>%1 (%2 to %3, default %4).</source>
        <translation>%1（%2 到 %3，默认 %4）。</translation>
    </message>
    <message>
        <source>--%1 takes a whole number from %2 to %3, not &apos;%4&apos;</source>
        <translation>--%1 需要 %2 到 %3 之间的整数，而不是“%4”</translation>
    </message>
    <message>
        <source>Usage: ferry [COMMAND] ...
Download manager with an embedded file server. Without a command, opens the window.

Commands:
  serve DIR [--port N] [--bind ADDR] [--announce [--name NAME]]
                                       share DIR (legacy protocol and HTTP on one port)
  get HOST:PORT NAME [-o FILE | -d DIR] [--legacy]
                                       download NAME
  list HOST:PORT [PATH] | list URL     list a remote folder
  nearby [--seconds N]                 list the shares announced nearby

Run &apos;ferry COMMAND --help&apos; for the options of a command.
Exit codes: 0 done, 1 failure, 2 bad usage, 3 not found.
Default port: %1.
</source>
        <translation>用法：ferry [COMMAND] ...
下载管理器，内置文件服务器。不带命令时打开窗口。

命令：
  serve DIR [--port N] [--bind ADDR] [--announce [--name NAME]]
                                       共享 DIR（旧协议和 HTTP 使用同一端口）
  get HOST:PORT NAME [-o FILE | -d DIR] [--legacy]
                                       下载 NAME
  list HOST:PORT [PATH] | list URL     列出远程文件夹
  nearby [--seconds N]                 列出附近广播的共享

运行 &apos;ferry COMMAND --help&apos; 查看某个命令的选项。
退出码：0 完成，1 失败，2 用法错误，3 未找到。
默认端口：%1。
</translation>
    </message>
    <message>
        <source>The share&apos;s access code, when it needs one.</source>
        <translation>共享的访问码（如果需要）。</translation>
    </message>
    <message>
        <source>Follow at most N redirects</source>
        <translation>最多跟随 N 次重定向</translation>
    </message>
    <message>
        <source>Also trust the certificate authorities in FILE (PEM).</source>
        <translation>另外信任 FILE 中的证书颁发机构（PEM 格式）。</translation>
    </message>
    <message>
        <source>Do not check the server&apos;s certificate (anyone could be listening).</source>
        <translation>不检查服务器的证书（任何人都可能在窃听）。</translation>
    </message>
    <message>
        <source>Trust exactly the server key whose SHA-256 is given, as sha256//BASE64 (curl&apos;s --pinnedpubkey).</source>
        <translation>只信任 SHA-256 与给定值相符的服务器密钥，格式为 sha256//BASE64（同 curl 的 --pinnedpubkey）。</translation>
    </message>
    <message>
        <source>Go through the proxy at URL (http://[USER:PASSWORD@]HOST[:PORT] or socks5://...; &quot;&quot; for none), instead of http_proxy, https_proxy and all_proxy.</source>
        <translation>通过 URL 处的代理连接（http://[USER:PASSWORD@]HOST[:PORT] 或 socks5://...；&quot;&quot; 表示不使用代理），取代 http_proxy、https_proxy 和 all_proxy。</translation>
    </message>
    <message>
        <source>Reach the hosts in LIST (commas; * for all) without a proxy, instead of no_proxy.</source>
        <translation>不经代理直接连接 LIST 中的主机（以逗号分隔；* 表示全部），取代 no_proxy。</translation>
    </message>
    <message>
        <source>warning: -k: the server&apos;s certificate is not checked; anyone on the way can read or change the download.</source>
        <translation>警告：-k：不检查服务器的证书；传输途中的任何人都可以读取或篡改下载内容。</translation>
    </message>
    <message>
        <source>&apos;%1&apos; is not an http:// or https:// URL</source>
        <translation>&apos;%1&apos; 不是 http:// 或 https:// URL</translation>
    </message>
    <message>
        <source>To trust this server anyway, give its authority with --cacert FILE, or its key with --pin %1, or skip the check with -k.</source>
        <translation>若仍要信任此服务器，请用 --cacert FILE 指定其证书颁发机构，或用 --pin %1 指定其密钥，或用 -k 跳过检查。</translation>
    </message>
</context>
<context>
    <name>DownloadBatch</name>
    <message>
        <source>checking SHA-256...</source>
        <translation>正在校验 SHA-256...</translation>
    </message>
    <message>
        <source>resuming at %1 of %2</source>
        <translation>从 %1 / %2 处继续</translation>
    </message>
    <message>
        <source>redirected to %1</source>
        <translation>已重定向到 %1</translation>
    </message>
    <message>
        <source>%1 Retrying in %2 s (%3 of %4).</source>
        <translation>%1 %2 秒后重试（第 %3 次，共 %4 次）。</translation>
    </message>
    <message>
        <source>The partial download stays in %1.</source>
        <translation>已下载的部分保留在 %1。</translation>
    </message>
</context>
<context>
    <name>DownloadForm</name>
    <message>
        <source>&amp;Browse…</source>
        <translation>浏览(&amp;B)…</translation>
    </message>
    <message>
        <source>Chan&amp;ge…</source>
        <translation>更改(&amp;G)…</translation>
    </message>
    <message>
        <source>&amp;Download</source>
        <translation>下载(&amp;D)</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>Name of the file on the server, e.g. report.pdf or docs/报告.pdf</source>
        <translation>服务器上的文件名，例如 report.pdf 或 docs/报告.pdf</translation>
    </message>
    <message>
        <source>Save to</source>
        <translation>保存到</translation>
    </message>
    <message>
        <source>Choose the download folder</source>
        <translation>选择下载文件夹</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Automatic (HTTP, or the tutorial protocol)</source>
        <translation>自动（HTTP 或教程协议）</translation>
    </message>
    <message>
        <source>Tutorial protocol, GBK names</source>
        <translation>教程协议，GBK 文件名</translation>
    </message>
    <message>
        <source>Tutorial protocol, UTF-8 names</source>
        <translation>教程协议，UTF-8 文件名</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Start the download (Enter)</source>
        <translation>开始下载（回车）</translation>
    </message>
    <message>
        <source>&amp;Host:</source>
        <translation>主机(&amp;H)：</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>File &amp;name:</source>
        <translation>文件名(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Save to:</source>
        <translation>保存到(&amp;S)：</translation>
    </message>
    <message>
        <source>Pro&amp;tocol:</source>
        <translation>协议(&amp;T)：</translation>
    </message>
    <message>
        <source>Save downloads to</source>
        <translation>下载保存到</translation>
    </message>
    <message>
        <source>Enter the server&apos;s address or name.</source>
        <translation>请输入服务器的地址或名称。</translation>
    </message>
    <message>
        <source>“%1” is not a valid host name or address.</source>
        <translation>“%1”不是有效的主机名或地址。</translation>
    </message>
    <message>
        <source>The port must be a number from 1 to 65535.</source>
        <translation>端口必须是 1 到 65535 之间的数字。</translation>
    </message>
    <message>
        <source>Enter the name of the file to download.</source>
        <translation>请输入要下载的文件名。</translation>
    </message>
    <message>
        <source>“%1” does not name a file.</source>
        <translation>“%1”不是文件名。</translation>
    </message>
    <message>
        <source>Choose a folder to save to.</source>
        <translation>请选择保存的文件夹。</translation>
    </message>
    <message>
        <source>Cannot write to the folder %1.</source>
        <translation>无法写入文件夹 %1。</translation>
    </message>
    <message>
        <source>Unknown host %1.</source>
        <translation>未知主机 %1。</translation>
    </message>
    <message>
        <source>Looking up…</source>
        <translation>正在查找…</translation>
    </message>
    <message>
        <source>Browse the server</source>
        <translation>浏览服务器</translation>
    </message>
    <message>
        <source>List the files of a Ferry share and pick one</source>
        <translation>列出 Ferry 共享中的文件并从中选择</translation>
    </message>
    <message>
        <source>Access code</source>
        <translation>访问码</translation>
    </message>
    <message>
        <source>If the share has one</source>
        <translation>如果共享设有访问码</translation>
    </message>
    <message>
        <source>The access code the person sharing gave you; a pasted share link fills it in.</source>
        <translation>共享者提供给你的访问码；粘贴共享链接时会自动填入。</translation>
    </message>
    <message>
        <source>Access &amp;code:</source>
        <translation>访问码(&amp;C)：</translation>
    </message>
    <message>
        <source>The tutorial protocol cannot carry an access code: choose Automatic.</source>
        <translation>教程协议无法携带访问码：请选择“自动”。</translation>
    </message>
    <message>
        <source>Pro&amp;xy…</source>
        <translation>代理(&amp;X)…</translation>
    </message>
    <message>
        <source>Address or name of the server, e.g. 192.168.1.20, or a whole link</source>
        <translation>服务器的地址或名称，例如 192.168.1.20，或完整链接</translation>
    </message>
    <message>
        <source>A server&apos;s address or name, or an http:// or https:// link, which fills in the other fields.</source>
        <translation>服务器的地址或名称，也可以是 http:// 或 https:// 链接，链接会自动填入其他各项。</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>HTTPS</source>
        <translation>HTTPS</translation>
    </message>
    <message>
        <source>Automatic works with Ferry, browsers&apos; servers and the tutorial server. HTTP and HTTPS download http://HOST:PORT/NAME or https://HOST:PORT/NAME from any web server.</source>
        <translation>“自动”适用于 Ferry、供浏览器访问的服务器和教程服务器。HTTP 和 HTTPS 从任意 Web 服务器下载 http://HOST:PORT/NAME 或 https://HOST:PORT/NAME。</translation>
    </message>
    <message>
        <source>Proxy settings</source>
        <translation>代理设置</translation>
    </message>
    <message>
        <source>How http:// and https:// downloads reach their servers; now: %1</source>
        <translation>http:// 和 https:// 下载如何连接服务器；当前：%1</translation>
    </message>
    <message>
        <source>Only http:// and https:// links can be downloaded.</source>
        <translation>只能下载 http:// 和 https:// 链接。</translation>
    </message>
</context>
<context>
    <name>DownloadJob</name>
    <message>
        <source>No file name given.</source>
        <translation>未指定文件名。</translation>
    </message>
    <message>
        <source>The name &quot;%1&quot; cannot be written in GBK, which the tutorial server expects; use UTF-8 explicitly if the server accepts it.</source>
        <translation>文件名“%1”无法用教程服务器所要求的 GBK 编码表示；如果服务器接受 UTF-8，请明确选择 UTF-8。</translation>
    </message>
    <message>
        <source>The name is longer than the %1 bytes the legacy protocol allows.</source>
        <translation>文件名超过了旧协议允许的 %1 字节。</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>文件名太长。</translation>
    </message>
    <message>
        <source>File not found.</source>
        <translation>文件不存在。</translation>
    </message>
    <message>
        <source>The server sent an invalid Content-Length.</source>
        <translation>服务器发送的 Content-Length 无效。</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>The server does not speak HTTP.</source>
        <translation>服务器不支持 HTTP。</translation>
    </message>
    <message>
        <source>The server speaks only the legacy protocol, and the name &quot;%1&quot; cannot be written in GBK, which it expects.</source>
        <translation>服务器只支持旧协议，而文件名“%1”无法用它所要求的 GBK 编码表示。</translation>
    </message>
    <message>
        <source>Connection lost after %1 of %2 bytes.</source>
        <translation>连接在收到 %1 / %2 字节后中断。</translation>
    </message>
    <message>
        <source>Connection refused by %1 port %2.</source>
        <translation>%1 的端口 %2 拒绝了连接。</translation>
    </message>
    <message>
        <source>Unknown host %1.</source>
        <translation>未知主机 %1。</translation>
    </message>
    <message>
        <source>Connection lost: %1</source>
        <translation>连接中断：%1</translation>
    </message>
    <message>
        <source>Timed out connecting to %1 port %2.</source>
        <translation>连接 %1 的端口 %2 超时。</translation>
    </message>
    <message>
        <source>Timed out: the server sent nothing for %1 seconds.</source>
        <translation>超时：服务器 %1 秒内没有发送任何数据。</translation>
    </message>
    <message>
        <source>Canceled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>Received %1 bytes instead of %2.</source>
        <translation>收到 %1 字节，而不是 %2 字节。</translation>
    </message>
    <message>
        <source>The downloaded data does not match the server&apos;s SHA-256; it was not saved.</source>
        <translation>下载的数据与服务器提供的 SHA-256 不符，未保存。</translation>
    </message>
    <message>
        <source>Cannot save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <source>Saved %1 (SHA-256 verified).</source>
        <translation>已保存 %1（SHA-256 校验通过）。</translation>
    </message>
    <message>
        <source>Saved %1.</source>
        <translation>已保存 %1。</translation>
    </message>
    <message>
        <source>The server closed the connection without answering.</source>
        <translation>服务器未作应答就关闭了连接。</translation>
    </message>
    <message>
        <source>The file is %1 bytes, more than the limit of %2.</source>
        <translation>文件大小为 %1 字节，超过了 %2 的限制。</translation>
    </message>
    <message>
        <source>Not enough disk space in %1: %2 bytes needed, %3 free.</source>
        <translation>%1 的磁盘空间不足：需要 %2 字节，可用 %3。</translation>
    </message>
    <message>
        <source>The server sent more than the limit of %1 bytes.</source>
        <translation>服务器发送的数据超过了 %1 字节的限制。</translation>
    </message>
    <message>
        <source>The server answered a request for the whole file with a partial one.</source>
        <translation>服务器对整个文件的请求只返回了其中一部分。</translation>
    </message>
    <message>
        <source>The server keeps refusing to continue the partly downloaded file.</source>
        <translation>服务器一再拒绝继续传输已下载了一部分的文件。</translation>
    </message>
    <message>
        <source>The server closed the connection without an HTTP answer; the legacy protocol cannot verify the file, so it was not downloaded.</source>
        <translation>服务器未以 HTTP 应答就关闭了连接；旧协议无法校验文件，因此没有下载。</translation>
    </message>
    <message>
        <source>The server sent the file with the transfer coding &quot;%1&quot;; Ferry reads only &quot;chunked&quot;.</source>
        <translation>服务器以传输编码“%1”发送文件；Ferry 只能读取“chunked”。</translation>
    </message>
    <message>
        <source>The server sent both Content-Length and Transfer-Encoding, which is ambiguous.</source>
        <translation>服务器同时发送了 Content-Length 和 Transfer-Encoding，含义不明确。</translation>
    </message>
    <message>
        <source>The server sent a malformed chunked body: %1.</source>
        <translation>服务器发送的分块（chunked）正文格式错误：%1。</translation>
    </message>
    <message>
        <source>The server sent more than the announced %1 bytes.</source>
        <translation>服务器发送的数据超过了声明的 %1 字节。</translation>
    </message>
    <message>
        <source>Connection lost after %1 bytes, before the end of the chunked body.</source>
        <translation>连接在收到 %1 字节后、分块正文结束之前中断。</translation>
    </message>
    <message>
        <source>%1 port %2</source>
        <translation>%1 端口 %2</translation>
    </message>
</context>
<context>
    <name>DownloadQueueModel</name>
    <message>
        <source>Connecting</source>
        <translation>正在连接</translation>
    </message>
    <message>
        <source>Downloading</source>
        <translation>正在下载</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>File not found</source>
        <translation>文件不存在</translation>
    </message>
    <message>
        <source>Canceled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%1%</translation>
    </message>
    <message>
        <source>%1 from %2 port %3
Saved to %4</source>
        <translation>%1，来自 %2 端口 %3
保存到 %4</translation>
    </message>
    <message>
        <source>The partial download stays in %1 for a retry.</source>
        <translation>已下载的部分保留在 %1，可以重试。</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>%1%, %2 of %3</source>
        <translation>%1%，%2 / %3</translation>
    </message>
    <message>
        <source>%1 received</source>
        <translation>已接收 %1</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>进度</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Redirected to %1</source>
        <translation>已重定向到 %1</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>保存到 %1</translation>
    </message>
</context>
<context>
    <name>DownloadTab</name>
    <message>
        <source>Downloads</source>
        <translation>下载列表</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>取消(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Retry</source>
        <translation>重试(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>打开(&amp;O)</translation>
    </message>
    <message>
        <source>Show in &amp;folder</source>
        <translation>在文件夹中显示(&amp;F)</translation>
    </message>
    <message>
        <source>Cl&amp;ear finished</source>
        <translation>清除已结束(&amp;E)</translation>
    </message>
    <message>
        <source>Stop the selected downloads; what arrived stays for a retry</source>
        <translation>停止所选下载；已收到的部分会保留，可以重试</translation>
    </message>
    <message>
        <source>Start the selected downloads again</source>
        <translation>重新开始所选下载</translation>
    </message>
    <message>
        <source>Open the downloaded file</source>
        <translation>打开下载的文件</translation>
    </message>
    <message>
        <source>Open the folder the file is saved in</source>
        <translation>打开文件所在的文件夹</translation>
    </message>
    <message>
        <source>Remove the downloads that are no longer running from the list</source>
        <translation>从列表中移除已不在运行的下载</translation>
    </message>
    <message>
        <source>%1 is being downloaded into this folder already.</source>
        <translation>%1 已经在下载到此文件夹。</translation>
    </message>
    <message>
        <source>%1 is no longer there.</source>
        <translation>%1 已不存在。</translation>
    </message>
    <message>
        <source>Nearby</source>
        <translation>附近</translation>
    </message>
    <message>
        <source>Shares that devices on this network make visible. Click one to fill in its address, double-click to browse its files.</source>
        <translation>此网络中的设备设为可见的共享。单击可填入其地址，双击可浏览其中的文件。</translation>
    </message>
    <message>
        <source>Nearby shares</source>
        <translation>附近的共享</translation>
    </message>
    <message>
        <source>None yet. Shares appear here when someone ticks “Visible to nearby devices”.</source>
        <translation>暂无。有人勾选“对附近设备可见”后，共享会显示在这里。</translation>
    </message>
    <message>
        <source>Enter a host and a file name above, or paste a link, then press Download.</source>
        <translation>在上方输入主机和文件名，或粘贴链接，然后按“下载”。</translation>
    </message>
</context>
<context>
    <name>FolderDownload</name>
    <message>
        <source>Canceled.</source>
        <translation>已取消。</translation>
    </message>
    <message>
        <source>not a plain file name</source>
        <translation>不是普通文件名</translation>
    </message>
    <message numerus="yes">
        <source>Saved %n file(s) in %1.</source>
        <translation>
            <numerusform>已将 %n 个文件保存到 %1。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s) could not be downloaded.</source>
        <translation>
            <numerusform>%n 个文件无法下载。</numerusform>
        </translation>
    </message>
    <message>
        <source>would be written outside %1</source>
        <translation>会写到 %1 之外</translation>
    </message>
    <message>
        <source>Cannot create folder %1 inside %2.</source>
        <translation>无法在 %2 中创建文件夹 %1。</translation>
    </message>
    <message numerus="yes">
        <source>Stopped: the server lists more than %n name(s) in this folder.</source>
        <translation>
            <numerusform>已停止：服务器在此文件夹中列出了超过 %n 个名称。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Stopped: the server lists folders more than %n level(s) deep (%1).</source>
        <translation>
            <numerusform>已停止：服务器列出的文件夹超过 %n 层深（%1）。</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>GetCommand</name>
    <message>
        <source>Use the tutorial protocol only (no HTTP probe).</source>
        <translation>只使用教程协议（不做 HTTP 探测）。</translation>
    </message>
    <message>
        <source>Send the name in UTF-8 instead of GBK in the tutorial protocol.</source>
        <translation>在教程协议中用 UTF-8 而不是 GBK 发送文件名。</translation>
    </message>
    <message>
        <source>Ask the server for the file&apos;s SHA-256 and check it (a digest the server offers is always checked).</source>
        <translation>向服务器索取文件的 SHA-256 并校验（服务器主动提供的摘要总会校验）。</translation>
    </message>
    <message>
        <source>-o and -d cannot be used together</source>
        <translation>-o 和 -d 不能同时使用</translation>
    </message>
    <message>
        <source>empty file name</source>
        <translation>文件名为空</translation>
    </message>
    <message>
        <source>-r cannot be used with -o or --legacy</source>
        <translation>-r 不能与 -o 或 --legacy 同时使用</translation>
    </message>
    <message>
        <source>&apos;%1&apos; has no file name to save under; use -o FILE</source>
        <translation>&apos;%1&apos; 中没有可用于保存的文件名；请使用 -o FILE</translation>
    </message>
    <message>
        <source>cannot create folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>skipped %1: %2</source>
        <translation>已跳过 %1：%2</translation>
    </message>
    <message>
        <source>Refuse a file larger than SIZE bytes (suffixes K, M, G, T; default: no limit but the free disk space).</source>
        <translation>拒绝大于 SIZE 字节的文件（可用后缀 K、M、G、T；默认：除可用磁盘空间外不设限制）。</translation>
    </message>
    <message>
        <source>--code cannot be used with --legacy (the tutorial protocol cannot carry it)</source>
        <translation>--code 不能与 --legacy 同时使用（教程协议无法携带访问码）</translation>
    </message>
    <message>
        <source>invalid size &apos;%1&apos; for --max-size (e.g. 500M)</source>
        <translation>--max-size 的大小 &apos;%1&apos; 无效（例如 500M）</translation>
    </message>
    <message>
        <source>Give up connecting after SECONDS</source>
        <translation>连接超过 SECONDS 秒后放弃</translation>
    </message>
    <message>
        <source>Give up when nothing arrives for SECONDS</source>
        <translation>SECONDS 秒内没有收到数据时放弃</translation>
    </message>
    <message>
        <source>Retry a lost or stalled connection N times, resuming</source>
        <translation>连接中断或停滞时断点续传重试 N 次</translation>
    </message>
    <message numerus="yes">
        <source>%n entries were skipped (named above).</source>
        <translation>
            <numerusform>跳过了 %n 个条目（见上文）。</numerusform>
        </translation>
    </message>
    <message>
        <source>cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is larger than %2</source>
        <translation>%1 大于 %2</translation>
    </message>
    <message>
        <source>missing arguments</source>
        <translation>缺少参数</translation>
    </message>
    <message>
        <source>%1 names no URL</source>
        <translation>%1 中没有任何 URL</translation>
    </message>
    <message>
        <source>Download URL (http:// or https://), or NAME from a Ferry server, a tutorial server or any HTTP server at HOST:PORT.
Exit codes: 0 done, 1 failure (a NAME.part may stay), 2 bad usage, 3 not found; with several downloads, the worst of them.</source>
        <translation>下载 URL（http:// 或 https://），或从 HOST:PORT 上的 Ferry 服务器、教程服务器或任意 HTTP 服务器下载 NAME。
退出码：0 完成，1 失败（可能留下 NAME.part），2 用法错误，3 未找到；有多个下载时，取其中最差的结果。</translation>
    </message>
    <message>
        <source>URLs to download, or a server (port %1 when omitted) and the file&apos;s name on it.</source>
        <translation>要下载的 URL，或者服务器（省略时端口为 %1）及其上的文件名。</translation>
    </message>
    <message>
        <source>Save to FILE (replacing it).</source>
        <translation>保存为 FILE（覆盖已有文件）。</translation>
    </message>
    <message>
        <source>Save into DIR (created if missing).</source>
        <translation>保存到 DIR 中（不存在时自动创建）。</translation>
    </message>
    <message>
        <source>Download the URLs in FILE, one per line (&apos;-&apos; for standard input; blank lines and # comments are skipped).</source>
        <translation>下载 FILE 中列出的 URL，每行一个（“-”表示标准输入；跳过空行和 # 注释）。</translation>
    </message>
    <message>
        <source>Download at most N files at once</source>
        <translation>同时最多下载 N 个文件</translation>
    </message>
    <message>
        <source>Download at most RATE bytes per second, all downloads together (suffixes K, M, G).</source>
        <translation>所有下载合计每秒最多下载 RATE 字节（可用后缀 K、M、G）。</translation>
    </message>
    <message>
        <source>invalid rate &apos;%1&apos; for --limit-rate (e.g. 500K)</source>
        <translation>--limit-rate 的速率 &apos;%1&apos; 无效（例如 500K）</translation>
    </message>
    <message>
        <source>--legacy and --utf8 are for HOST:PORT NAME, not for URLs</source>
        <translation>--legacy 和 --utf8 用于 HOST:PORT NAME，不能用于 URL</translation>
    </message>
    <message>
        <source>--%1 is for http:// and https:// URLs, not for HOST:PORT NAME</source>
        <translation>--%1 用于 http:// 和 https:// URL，不能用于 HOST:PORT NAME</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos;</source>
        <translation>多余的参数 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>invalid address &apos;%1&apos; (expected HOST:PORT or an http:// or https:// URL)</source>
        <translation>无效的地址 &apos;%1&apos;（应为 HOST:PORT，或 http:// 或 https:// URL）</translation>
    </message>
    <message>
        <source>-o names one file; give one URL, or use -d DIR</source>
        <translation>-o 只能指定一个文件；请只给出一个 URL，或使用 -d DIR</translation>
    </message>
    <message>
        <source>NAME, or the one URL, is a folder: fetch all of it, keeping its structure, into DIR (default: here).</source>
        <translation>NAME（或唯一的 URL）是文件夹：按原有结构将其全部下载到 DIR（默认：当前目录）。</translation>
    </message>
    <message>
        <source>-r takes one URL, that of a folder</source>
        <translation>-r 只接受一个 URL，且必须是文件夹的 URL</translation>
    </message>
</context>
<context>
    <name>HostCheck</name>
    <message>
        <source>&apos;%1&apos; is not a host name (letters, digits, hyphens and dots).</source>
        <translation>“%1”不是主机名（只能包含字母、数字、连字符和点）。</translation>
    </message>
</context>
<context>
    <name>HttpExchange</name>
    <message>
        <source>%1 is not an http:// or https:// URL.</source>
        <translation>%1 不是 http:// 或 https:// URL。</translation>
    </message>
    <message>
        <source>%1 port %2</source>
        <translation>%1 端口 %2</translation>
    </message>
    <message>
        <source>Connection refused by %1.</source>
        <translation>%1 拒绝了连接。</translation>
    </message>
    <message>
        <source>The server does not speak HTTP.</source>
        <translation>服务器不支持 HTTP。</translation>
    </message>
    <message>
        <source>The server sent an oversized response header.</source>
        <translation>服务器发送的响应头过大。</translation>
    </message>
    <message>
        <source>The server sent a malformed response.</source>
        <translation>服务器发送的响应格式错误。</translation>
    </message>
    <message>
        <source>The proxy %1 wants a user name and password (give them in the proxy URL), or refused the ones given.</source>
        <translation>代理 %1 需要用户名和密码（请在代理 URL 中提供），或者拒绝了所提供的用户名和密码。</translation>
    </message>
    <message>
        <source>Too many redirects (more than %1).</source>
        <translation>重定向次数过多（超过 %1 次）。</translation>
    </message>
    <message>
        <source>The server redirected to &quot;%1&quot;, which is not an http:// or https:// URL.</source>
        <translation>服务器重定向到“%1”，这不是 http:// 或 https:// URL。</translation>
    </message>
    <message>
        <source>The server redirects in a loop (back to %1).</source>
        <translation>服务器循环重定向（回到 %1）。</translation>
    </message>
    <message>
        <source>The server closed the connection without answering.</source>
        <translation>服务器未作应答就关闭了连接。</translation>
    </message>
    <message>
        <source>The server closed the connection in the middle of its answer.</source>
        <translation>服务器在响应途中关闭了连接。</translation>
    </message>
    <message>
        <source>The proxy %1 refused the connection.</source>
        <translation>代理 %1 拒绝了连接。</translation>
    </message>
    <message>
        <source>Unknown host %1.</source>
        <translation>未知主机 %1。</translation>
    </message>
    <message>
        <source>Unknown proxy host %1.</source>
        <translation>未知代理主机 %1。</translation>
    </message>
    <message>
        <source>The proxy %1 did not open a tunnel to %2 (%3).</source>
        <translation>代理 %1 未能建立到 %2 的隧道（%3）。</translation>
    </message>
    <message>
        <source>The proxy %1 did not open a tunnel to %2 (%3); it may have refused the user name and password.</source>
        <translation>代理 %1 未能建立到 %2 的隧道（%3）；它可能拒绝了用户名和密码。</translation>
    </message>
    <message>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>与 %1 的 TLS 握手失败：%2</translation>
    </message>
    <message>
        <source>Connection lost: %1</source>
        <translation>连接中断：%1</translation>
    </message>
    <message>
        <source>Timed out connecting to %1.</source>
        <translation>连接 %1 超时。</translation>
    </message>
    <message>
        <source>Timed out: the server sent nothing for %1 seconds.</source>
        <translation>超时：服务器 %1 秒内没有发送任何数据。</translation>
    </message>
    <message>
        <source>File not found.</source>
        <translation>文件不存在。</translation>
    </message>
    <message>
        <source>The server refused to send this file.</source>
        <translation>服务器拒绝发送此文件。</translation>
    </message>
    <message>
        <source>The server is busy.</source>
        <translation>服务器繁忙。</translation>
    </message>
    <message>
        <source>The access code is wrong.</source>
        <translation>访问码错误。</translation>
    </message>
    <message>
        <source>This share needs an access code.</source>
        <translation>此共享需要访问码。</translation>
    </message>
    <message>
        <source>Too many wrong access codes; try again in %1 seconds.</source>
        <translation>访问码错误次数过多；请在 %1 秒后重试。</translation>
    </message>
    <message>
        <source>Too many wrong access codes; try again later.</source>
        <translation>访问码错误次数过多；请稍后重试。</translation>
    </message>
    <message>
        <source>The server answered %1 %2.</source>
        <translation>服务器返回 %1 %2。</translation>
    </message>
</context>
<context>
    <name>ListCommand</name>
    <message>
        <source>List a folder of a Ferry share: one line per entry, name TAB size;
folders end with &apos;/&apos;. Exit codes: 0 done, 1 failure, 2 bad usage, 3 no such folder.</source>
        <translation>列出 Ferry 共享中的文件夹：每个条目一行，名称 TAB 大小；
文件夹以 &apos;/&apos; 结尾。退出码：0 完成，1 失败，2 用法错误，3 没有此文件夹。</translation>
    </message>
    <message>
        <source>The folder&apos;s http:// or https:// URL, or the server (port %1 when omitted).</source>
        <translation>文件夹的 http:// 或 https:// URL，或者服务器（省略时端口为 %1）。</translation>
    </message>
    <message>
        <source>After HOST:PORT, the folder (default: the top of the share).</source>
        <translation>HOST:PORT 之后的文件夹（默认：共享的顶层）。</translation>
    </message>
    <message>
        <source>unexpected argument &apos;%1&apos; (a URL names its folder itself)</source>
        <translation>多余的参数 &apos;%1&apos;（URL 本身已指明文件夹）</translation>
    </message>
    <message>
        <source>--%1 is for http:// and https:// URLs, not for HOST:PORT</source>
        <translation>--%1 用于 http:// 和 https:// URL，不能用于 HOST:PORT</translation>
    </message>
    <message>
        <source>invalid address &apos;%1&apos; (expected HOST:PORT or an http:// or https:// URL)</source>
        <translation>无效的地址 &apos;%1&apos;（应为 HOST:PORT，或 http:// 或 https:// URL）</translation>
    </message>
</context>
<context>
    <name>ListJob</name>
    <message>
        <source>No folder %1 on the server.</source>
        <translation>服务器上没有文件夹 %1。</translation>
    </message>
    <message>
        <source>The server speaks only the legacy protocol, which cannot list folders.</source>
        <translation>服务器只支持旧协议，无法列出文件夹。</translation>
    </message>
    <message>
        <source>%1 is not a folder, or the server does not list folders.</source>
        <translation>%1 不是文件夹，或者服务器不提供文件夹列表。</translation>
    </message>
    <message>
        <source>Timed out: the server sent nothing for %1 seconds.</source>
        <translation>超时：服务器 %1 秒内没有发送任何数据。</translation>
    </message>
    <message>
        <source>The listing of %1 is too large.</source>
        <translation>%1 的文件列表过大。</translation>
    </message>
    <message>
        <source>Connection lost: %1</source>
        <translation>连接中断：%1</translation>
    </message>
    <message>
        <source>The server sent a malformed listing: %1</source>
        <translation>服务器发送的文件列表格式错误：%1</translation>
    </message>
    <message>
        <source>The server closed the connection in the middle of the listing.</source>
        <translation>服务器在发送文件列表途中关闭了连接。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Ferry</source>
        <translation>Ferry</translation>
    </message>
    <message>
        <source>Serve</source>
        <translation>共享</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Share a folder with other devices (Ctrl+1)</source>
        <translation>与其他设备共享文件夹（Ctrl+1）</translation>
    </message>
    <message>
        <source>Sharing on port %1</source>
        <translation>正在端口 %1 上共享</translation>
    </message>
    <message>
        <source>Not sharing</source>
        <translation>未共享</translation>
    </message>
    <message>
        <source>no downloads running</source>
        <translation>没有正在进行的下载</translation>
    </message>
    <message>
        <source>downloads running: %1</source>
        <translation>正在下载：%1 个</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Quit Ferry?</source>
        <translation>退出 Ferry？</translation>
    </message>
    <message>
        <source>Downloads still running: %1. Quit anyway? What has arrived so far stays for a retry.</source>
        <translation>还有 %1 个下载正在进行。仍要退出吗？已收到的部分会保留，可以重试。</translation>
    </message>
    <message>
        <source>Download files from a Ferry or tutorial server, or any http:// or https:// link (Ctrl+2)</source>
        <translation>从 Ferry 服务器或教程服务器下载文件，或下载任意 http:// 或 https:// 链接（Ctrl+2）</translation>
    </message>
</context>
<context>
    <name>NearbyAnnouncer</name>
    <message>
        <source>Cannot listen for nearby devices on UDP port %1: %2</source>
        <translation>无法在 UDP 端口 %1 上监听附近的设备：%2</translation>
    </message>
</context>
<context>
    <name>NearbyBrowser</name>
    <message>
        <source>Cannot listen for nearby shares on UDP port %1: %2</source>
        <translation>无法在 UDP 端口 %1 上监听附近的共享：%2</translation>
    </message>
</context>
<context>
    <name>NearbyCommand</name>
    <message>
        <source>List the shares nearby devices announce (ferry serve --announce), heard for a few seconds.
One line per share: name TAB address TAB port. Exit codes: 0 done (even when none), 1 failure, 2 bad usage.</source>
        <translation>列出附近设备广播的共享（ferry serve --announce），监听几秒钟。
每个共享一行：名称 TAB 地址 TAB 端口。退出码：0 完成（即使没有找到），1 失败，2 用法错误。</translation>
    </message>
    <message>
        <source>Listen for SECONDS</source>
        <translation>监听 SECONDS 秒</translation>
    </message>
</context>
<context>
    <name>NearbyShareModel</name>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>%1 at %2: asks for an access code</source>
        <translation>%1，位于 %2：需要访问码</translation>
    </message>
    <message>
        <source>%1 at %2</source>
        <translation>%1，位于 %2</translation>
    </message>
</context>
<context>
    <name>PartFile</name>
    <message>
        <source>%1 is not a regular file.</source>
        <translation>%1 不是普通文件。</translation>
    </message>
    <message>
        <source>%1 is taken, and so are all its numbered names up to %2.</source>
        <translation>%1 已被占用，直到 %2 的所有编号名称也都已被占用。</translation>
    </message>
</context>
<context>
    <name>ProgressPrinter</name>
    <message>
        <source>%1 / %2  %3%  %4  ETA %5</source>
        <translation>%1 / %2  %3%  %4  剩余 %5</translation>
    </message>
    <message>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
</context>
<context>
    <name>ProxyDialog</name>
    <message>
        <source>Use the &amp;system&apos;s proxy settings</source>
        <translation>使用系统代理设置(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;No proxy</source>
        <translation>不使用代理(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Manual:</source>
        <translation>手动(&amp;M)：</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Proxy address</source>
        <translation>代理地址</translation>
    </message>
    <message>
        <source>http://host:port or socks5://host:port</source>
        <translation>http://host:port 或 socks5://host:port</translation>
    </message>
    <message>
        <source>http://[user:password@]host:port for a web proxy, socks5://host:port for a SOCKS proxy (socks5h:// to let it look up names). The port is 1080 when none is given.</source>
        <translation>Web 代理用 http://[user:password@]host:port，SOCKS 代理用 socks5://host:port（用 socks5h:// 则由代理解析主机名）。未指定端口时为 1080。</translation>
    </message>
    <message>
        <source>For downloads of http:// and https:// addresses. Ferry shares and tutorial servers reached by host and port are always connected to directly.</source>
        <translation>用于下载 http:// 和 https:// 地址。通过主机和端口访问的 Ferry 共享和教程服务器始终直接连接。</translation>
    </message>
    <message>
        <source>no proxy</source>
        <translation>不使用代理</translation>
    </message>
    <message>
        <source>the proxy %1</source>
        <translation>代理 %1</translation>
    </message>
    <message>
        <source>the system&apos;s proxy settings</source>
        <translation>系统代理设置</translation>
    </message>
    <message>
        <source>Enter the proxy&apos;s address, or choose another option.</source>
        <translation>请输入代理的地址，或选择其他选项。</translation>
    </message>
    <message>
        <source>“%1” is not a proxy address.</source>
        <translation>“%1”不是代理地址。</translation>
    </message>
</context>
<context>
    <name>ProxyRules</name>
    <message>
        <source>the proxy URL is empty</source>
        <translation>代理 URL 为空</translation>
    </message>
    <message>
        <source>not a valid URL</source>
        <translation>不是有效的 URL</translation>
    </message>
    <message>
        <source>HTTPS proxies are not supported; give the proxy as http:// (https:// downloads stay encrypted through it)</source>
        <translation>不支持 HTTPS 代理；请以 http:// 形式指定代理（经由它的 https:// 下载仍然是加密的）</translation>
    </message>
    <message>
        <source>the proxy scheme %1 is not supported (use http, socks5 or socks5h)</source>
        <translation>不支持代理协议 %1（请使用 http、socks5 或 socks5h）</translation>
    </message>
    <message>
        <source>the proxy URL has no host</source>
        <translation>代理 URL 中没有主机</translation>
    </message>
    <message>
        <source>a proxy URL has no path</source>
        <translation>代理 URL 不能包含路径</translation>
    </message>
    <message>
        <source>the proxy port must be between 1 and 65535</source>
        <translation>代理端口必须在 1 到 65535 之间</translation>
    </message>
    <message>
        <source>%1: &apos;%2&apos; is not a proxy URL: %3</source>
        <translation>%1：&apos;%2&apos; 不是代理 URL：%3</translation>
    </message>
</context>
<context>
    <name>RemoteBrowserDialog</name>
    <message>
        <source>&amp;Up</source>
        <translation>上一级(&amp;U)</translation>
    </message>
    <message>
        <source>Files on %1</source>
        <translation>%1 上的文件</translation>
    </message>
    <message>
        <source>Files on the server</source>
        <translation>服务器上的文件</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Modified</source>
        <translation>修改时间</translation>
    </message>
    <message>
        <source>Parent folder</source>
        <translation>上级文件夹</translation>
    </message>
    <message>
        <source>&amp;Choose</source>
        <translation>选择(&amp;C)</translation>
    </message>
    <message>
        <source>Listing…</source>
        <translation>正在列出…</translation>
    </message>
    <message>
        <source>This folder is empty.</source>
        <translation>此文件夹为空。</translation>
    </message>
    <message>
        <source>Double-click a folder to open it, a file to choose it.</source>
        <translation>双击文件夹可打开，双击文件可选择。</translation>
    </message>
</context>
<context>
    <name>ServeCommand</name>
    <message>
        <source>sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>bad request</source>
        <translation>错误请求</translation>
    </message>
    <message>
        <source>aborted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>Share a folder on one port, for Ferry, the tutorial client, browsers, curl and wget.
Prints &quot;listening on ADDR:PORT&quot; on stdout when ready; stops on SIGINT or SIGTERM.</source>
        <translation>在一个端口上共享文件夹，供 Ferry、教程客户端、浏览器、curl 和 wget 使用。
就绪后在标准输出打印 &quot;listening on ADDR:PORT&quot;；收到 SIGINT 或 SIGTERM 时停止。</translation>
    </message>
    <message>
        <source>The folder to share.</source>
        <translation>要共享的文件夹。</translation>
    </message>
    <message>
        <source>Port to listen on (0 picks a free one; default %1).</source>
        <translation>监听的端口（0 表示自动选择空闲端口；默认 %1）。</translation>
    </message>
    <message>
        <source>Address to listen on (default: every interface).</source>
        <translation>监听的地址（默认：所有网络接口）。</translation>
    </message>
    <message>
        <source>invalid port &apos;%1&apos; (expected 0 to 65535)</source>
        <translation>无效的端口 &apos;%1&apos;（应为 0 到 65535）</translation>
    </message>
    <message>
        <source>invalid bind address &apos;%1&apos;</source>
        <translation>无效的绑定地址 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>Sharing %1</source>
        <translation>正在共享 %1</translation>
    </message>
    <message>
        <source>no access code</source>
        <translation>访问码无效</translation>
    </message>
    <message>
        <source>Require this access code from HTTP clients (share link ?code=WORD, or Basic authentication with it as password); the legacy protocol, which cannot carry one, is refused.</source>
        <translation>要求 HTTP 客户端提供此访问码（共享链接 ?code=WORD，或以它作为密码进行 Basic 认证）；旧协议无法携带访问码，会被拒绝。</translation>
    </message>
    <message>
        <source>Announce the share on the local network so that nearby devices list it (ferry nearby, the Download tab); off by default.</source>
        <translation>在局域网中广播此共享，让附近的设备列出它（ferry nearby、“下载”页）；默认关闭。</translation>
    </message>
    <message>
        <source>The name nearby devices see with --announce (default: this computer&apos;s host name).</source>
        <translation>使用 --announce 时附近设备看到的名称（默认：本机的主机名）。</translation>
    </message>
    <message>
        <source>--name only makes sense with --announce</source>
        <translation>--name 只能与 --announce 一起使用</translation>
    </message>
    <message>
        <source>invalid name &apos;%1&apos;</source>
        <translation>无效的名称 &apos;%1&apos;</translation>
    </message>
    <message>
        <source>--announce needs an address other devices can reach, not %1</source>
        <translation>--announce 需要其他设备可以访问的地址，而不是 %1</translation>
    </message>
    <message>
        <source>Visible to nearby devices as &quot;%1&quot;</source>
        <translation>以 &quot;%1&quot; 的名称对附近设备可见</translation>
    </message>
    <message>
        <source>open %1 or use %2 port %3</source>
        <translation>打开 %1 或使用 %2 端口 %3</translation>
    </message>
    <message>
        <source>open %1</source>
        <translation>打开 %1</translation>
    </message>
    <message numerus="yes">
        <source>(%n transfer(s) not logged: the log could not keep up)</source>
        <translation>
            <numerusform>（%n 个传输未记录：日志输出跟不上）</numerusform>
        </translation>
    </message>
    <message>
        <source>Serve at most N connections at once; more are told the server is busy</source>
        <translation>同时最多服务 N 个连接；超出的连接会被告知服务器繁忙</translation>
    </message>
    <message>
        <source>Disconnect a client whose request is not complete after SECONDS</source>
        <translation>客户端在 SECONDS 秒后仍未发完请求时断开连接</translation>
    </message>
    <message>
        <source>Close an idle HTTP keep-alive connection after SECONDS</source>
        <translation>空闲的 HTTP 持久连接在 SECONDS 秒后关闭</translation>
    </message>
    <message>
        <source>Disconnect a client that stops reading for SECONDS</source>
        <translation>客户端停止读取超过 SECONDS 秒时断开连接</translation>
    </message>
    <message>
        <source>Also answer HTTP requests for NAME (a reverse proxy&apos;s or a LAN name; repeatable). Requests for names that are neither this machine&apos;s nor allowed get 421, against DNS rebinding.</source>
        <translation>也应答发往 NAME 的 HTTP 请求（反向代理或局域网中的名称；可重复）。发往既不是本机名称、也未被允许的名称的请求会得到 421，以防范 DNS 重绑定。</translation>
    </message>
    <message>
        <source>Let one address (an IPv6 /64) hold at most N connections; more from it are told the server is busy</source>
        <translation>一个地址（IPv6 按 /64 计）最多占用 N 个连接；更多连接会被告知服务器繁忙</translation>
    </message>
    <message>
        <source>Also speak HTTPS on the port, with Ferry&apos;s own certificate (made on first use and kept, so its pin stays) unless --cert and --key name one; plain HTTP requests are redirected to HTTPS. The certificate&apos;s pin is printed, and the share links carry it.</source>
        <translation>同时在该端口上提供 HTTPS，使用 Ferry 自己的证书（首次使用时生成并保留，因此其 pin 不变），除非用 --cert 和 --key 指定了证书；普通 HTTP 请求会被重定向到 HTTPS。证书的 pin 会打印出来，共享链接中也包含它。</translation>
    </message>
    <message>
        <source>With --tls: the PEM certificate (chain) to present instead of Ferry&apos;s own.</source>
        <translation>与 --tls 一起使用：要出示的 PEM 证书（链），代替 Ferry 自己的证书。</translation>
    </message>
    <message>
        <source>With --cert: its PEM private key (unencrypted, RSA or EC).</source>
        <translation>与 --cert 一起使用：该证书的 PEM 私钥（未加密，RSA 或 EC）。</translation>
    </message>
    <message>
        <source>With --tls: replace Ferry&apos;s own certificate with a new one (a new pin: links given out before stop working).</source>
        <translation>与 --tls 一起使用：用新证书替换 Ferry 自己的证书（pin 随之改变：之前发出的链接将失效）。</translation>
    </message>
    <message>
        <source>certificate pin: %1</source>
        <translation>证书 pin：%1</translation>
    </message>
    <message>
        <source>--%1 only makes sense with --tls</source>
        <translation>--%1 只能与 --tls 一起使用</translation>
    </message>
    <message>
        <source>--cert and --key go together</source>
        <translation>--cert 和 --key 必须同时使用</translation>
    </message>
    <message>
        <source>--new-certificate replaces Ferry&apos;s own certificate, not one given with --cert</source>
        <translation>--new-certificate 替换的是 Ferry 自己的证书，而不是用 --cert 指定的证书</translation>
    </message>
</context>
<context>
    <name>ServeLimitsDialog</name>
    <message>
        <source>Request timeout</source>
        <translation>请求超时</translation>
    </message>
    <message>
        <source>Idle timeout</source>
        <translation>空闲超时</translation>
    </message>
    <message>
        <source>Stall timeout</source>
        <translation>停滞超时</translation>
    </message>
    <message>
        <source>Server Limits</source>
        <translation>服务器限制</translation>
    </message>
    <message>
        <source>Connections at once</source>
        <translation>同时连接数</translation>
    </message>
    <message>
        <source>More clients are told the server is busy. Idle connections make room for new ones.</source>
        <translation>超出的客户端会被告知服务器繁忙。空闲连接会为新连接让出位置。</translation>
    </message>
    <message>
        <source>A client that has not finished asking for a file by then is disconnected.</source>
        <translation>到时仍未发完文件请求的客户端会被断开连接。</translation>
    </message>
    <message>
        <source>A browser&apos;s open connection with nothing to do is closed after this long.</source>
        <translation>浏览器保持打开但无事可做的连接会在这段时间后关闭。</translation>
    </message>
    <message>
        <source>A client that stops reading a file for this long is disconnected.</source>
        <translation>停止读取文件达到这段时间的客户端会被断开连接。</translation>
    </message>
    <message>
        <source>&amp;Connections at once:</source>
        <translation>同时连接数(&amp;C)：</translation>
    </message>
    <message>
        <source>&amp;Request timeout:</source>
        <translation>请求超时(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Idle timeout:</source>
        <translation>空闲超时(&amp;I)：</translation>
    </message>
    <message>
        <source>&amp;Stall timeout:</source>
        <translation>停滞超时(&amp;S)：</translation>
    </message>
    <message>
        <source>Changes apply the next time you start sharing.</source>
        <translation>更改将在下次开始共享时生效。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Other names of this share</source>
        <translation>此共享的其他名称</translation>
    </message>
    <message>
        <source>None: only this computer&apos;s names and addresses</source>
        <translation>无：只使用本机的名称和地址</translation>
    </message>
    <message>
        <source>Names browsers may use for this share besides this computer&apos;s own, for example a reverse proxy&apos;s, separated by spaces or commas. Requests for any other name are refused, so that a web page elsewhere cannot read the share through a visitor&apos;s browser.</source>
        <translation>除本机自身的名称外，浏览器可用于访问此共享的名称（例如反向代理的名称），以空格或逗号分隔。发往其他名称的请求会被拒绝，这样别处的网页就无法借访问者的浏览器读取此共享。</translation>
    </message>
    <message>
        <source>Other &amp;names:</source>
        <translation>其他名称(&amp;N)：</translation>
    </message>
    <message>
        <source>Connections from one address</source>
        <translation>来自同一地址的连接数</translation>
    </message>
    <message>
        <source>So that one device cannot take every connection. Behind a reverse proxy, where every client has the proxy&apos;s address, raise it.</source>
        <translation>使一台设备无法占满所有连接。在反向代理之后，所有客户端都是代理的地址，请调高此值。</translation>
    </message>
    <message>
        <source>From one &amp;address:</source>
        <translation>同一地址(&amp;A)：</translation>
    </message>
</context>
<context>
    <name>ServeTab</name>
    <message>
        <source>Where others can connect</source>
        <translation>其他设备的连接地址</translation>
    </message>
    <message>
        <source>Transfers</source>
        <translation>传输</translation>
    </message>
    <message>
        <source>Cl&amp;ear finished</source>
        <translation>清除已结束(&amp;E)</translation>
    </message>
    <message>
        <source>Remove finished transfers from the list</source>
        <translation>从列表中移除已结束的传输</translation>
    </message>
    <message>
        <source>Copied %1 to the clipboard.</source>
        <translation>已将 %1 复制到剪贴板。</translation>
    </message>
    <message>
        <source>&amp;Folder to share:</source>
        <translation>共享的文件夹(&amp;F)：</translation>
    </message>
    <message>
        <source>Folder to share</source>
        <translation>共享的文件夹</translation>
    </message>
    <message>
        <source>Choose a folder, or drop one here</source>
        <translation>选择一个文件夹，或将文件夹拖放到这里</translation>
    </message>
    <message>
        <source>C&amp;hoose…</source>
        <translation>选择(&amp;H)…</translation>
    </message>
    <message>
        <source>Choose the folder to share</source>
        <translation>选择要共享的文件夹</translation>
    </message>
    <message>
        <source>&amp;Port:</source>
        <translation>端口(&amp;P)：</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Any free port</source>
        <translation>任意空闲端口</translation>
    </message>
    <message>
        <source>&amp;Listen on:</source>
        <translation>监听(&amp;L)：</translation>
    </message>
    <message>
        <source>Listen on</source>
        <translation>监听</translation>
    </message>
    <message>
        <source>Every network</source>
        <translation>所有网络</translation>
    </message>
    <message>
        <source>This computer only</source>
        <translation>仅本机</translation>
    </message>
    <message>
        <source>Choose a folder to share first.</source>
        <translation>请先选择要共享的文件夹。</translation>
    </message>
    <message>
        <source>The shared folder %1 no longer exists: nothing can be downloaded until it is back.</source>
        <translation>共享的文件夹 %1 已不存在：在它恢复之前无法下载任何文件。</translation>
    </message>
    <message>
        <source>No connections</source>
        <translation>没有连接</translation>
    </message>
    <message>
        <source>Connections: %1</source>
        <translation>连接数：%1</translation>
    </message>
    <message>
        <source>&amp;Stop sharing</source>
        <translation>停止共享(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Start sharing</source>
        <translation>开始共享(&amp;S)</translation>
    </message>
    <message>
        <source>Close the port and every connection</source>
        <translation>关闭端口和所有连接</translation>
    </message>
    <message>
        <source>Share the folder on the port</source>
        <translation>在该端口上共享文件夹</translation>
    </message>
    <message>
        <source>Stop sharing</source>
        <translation>停止共享</translation>
    </message>
    <message>
        <source>Start sharing</source>
        <translation>开始共享</translation>
    </message>
    <message>
        <source>Every connection and transfer appears here while you share.</source>
        <translation>共享期间，每个连接和传输都会显示在这里。</translation>
    </message>
    <message>
        <source>Access &amp;code:</source>
        <translation>访问码(&amp;C)：</translation>
    </message>
    <message>
        <source>Access code</source>
        <translation>访问码</translation>
    </message>
    <message>
        <source>None: anyone who can reach this computer can download</source>
        <translation>无：任何能访问本机的人都可以下载</translation>
    </message>
    <message>
        <source>When set, browsers, phones and Ferry need this code (the links below carry it); the tutorial client, which cannot send one, is refused.</source>
        <translation>设置后，浏览器、手机和 Ferry 都需要此访问码（下方的链接已包含它）；教程客户端无法发送访问码，会被拒绝。</translation>
    </message>
    <message>
        <source>L&amp;imits…</source>
        <translation>限制(&amp;I)…</translation>
    </message>
    <message>
        <source>Server limits</source>
        <translation>服务器限制</translation>
    </message>
    <message>
        <source>Connections at once and timeouts for slow clients</source>
        <translation>同时连接数以及慢速客户端的超时</translation>
    </message>
    <message>
        <source>&amp;Visible to nearby devices</source>
        <translation>对附近设备可见(&amp;V)</translation>
    </message>
    <message>
        <source>Announce the share on the local network, so that Ferry on other devices lists it without anyone typing an address. The folder&apos;s location is never announced.</source>
        <translation>在局域网中广播此共享，其他设备上的 Ferry 无需输入地址即可列出它。文件夹的位置永远不会被广播。</translation>
    </message>
    <message>
        <source>&amp;as:</source>
        <translation>显示为(&amp;A)：</translation>
    </message>
    <message>
        <source>Name shown to nearby devices</source>
        <translation>向附近设备显示的名称</translation>
    </message>
    <message>
        <source>Ferry, the tutorial client and browsers all use this one port (%1 unless you change it).</source>
        <translation>Ferry、教程客户端和浏览器都使用这一个端口（除非更改，否则为 %1）。</translation>
    </message>
    <message>
        <source>E&amp;ncrypt (HTTPS)</source>
        <translation>加密（HTTPS）(&amp;N)</translation>
    </message>
    <message>
        <source>Browsers, phones and Ferry connect over HTTPS with a certificate Ferry makes and keeps; the links carry its pin, and http:// is sent on to https://. The tutorial client, which cannot encrypt, still connects unencrypted.</source>
        <translation>浏览器、手机和 Ferry 通过 HTTPS 连接，使用由 Ferry 生成并保留的证书；链接中包含该证书的 pin，http:// 会被转到 https://。教程客户端无法加密，仍以不加密的方式连接。</translation>
    </message>
    <message>
        <source>New certificate made: the next encrypted share uses it.</source>
        <translation>已生成新证书：下次加密共享时将使用它。</translation>
    </message>
    <message>
        <source>The share restarted with a new certificate.</source>
        <translation>共享已使用新证书重新启动。</translation>
    </message>
</context>
<context>
    <name>ServeTransferModel</name>
    <message>
        <source>Sending</source>
        <translation>发送中</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>未找到</translation>
    </message>
    <message>
        <source>Refused</source>
        <translation>已拒绝</translation>
    </message>
    <message>
        <source>Bad request</source>
        <translation>错误请求</translation>
    </message>
    <message>
        <source>Aborted</source>
        <translation>已中断</translation>
    </message>
    <message>
        <source>%1 (%2%)</source>
        <translation>%1（%2%）</translation>
    </message>
    <message>
        <source>Legacy</source>
        <translation>旧协议</translation>
    </message>
    <message>
        <source>HTTP</source>
        <translation>HTTP</translation>
    </message>
    <message>
        <source>Peer</source>
        <translation>对方</translation>
    </message>
    <message>
        <source>File</source>
        <translation>文件</translation>
    </message>
    <message>
        <source>Protocol</source>
        <translation>协议</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>已发送</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>No access code</source>
        <translation>访问码无效</translation>
    </message>
    <message>
        <source>HTTPS</source>
        <translation>HTTPS</translation>
    </message>
</context>
<context>
    <name>ShareCertificate</name>
    <message>
        <source>Cannot read %1: %2</source>
        <translation>无法读取 %1：%2</translation>
    </message>
    <message>
        <source>%1 is too large to be a certificate or a key.</source>
        <translation>%1 太大，不可能是证书或密钥。</translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the share&apos;s certificate.</source>
        <translation>无法为共享的证书创建文件夹 %1。</translation>
    </message>
    <message>
        <source>Cannot keep the share&apos;s certificate in %1: %2</source>
        <translation>无法将共享的证书保存到 %1：%2</translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate.</source>
        <translation>%1 中没有 PEM 证书。</translation>
    </message>
    <message>
        <source>%1 holds no unencrypted PEM private key (RSA or EC).</source>
        <translation>%1 中没有未加密的 PEM 私钥（RSA 或 EC）。</translation>
    </message>
    <message>
        <source>The key in %1 does not belong to the certificate in %2.</source>
        <translation>%1 中的密钥与 %2 中的证书不匹配。</translation>
    </message>
    <message>
        <source>Cannot make a certificate for the share (libcrypto failed).</source>
        <translation>无法为共享生成证书（libcrypto 出错）。</translation>
    </message>
</context>
<context>
    <name>SharePinBar</name>
    <message>
        <source>Encrypted (HTTPS)</source>
        <translation>已加密（HTTPS）</translation>
    </message>
    <message>
        <source>Certificate pin:</source>
        <translation>证书 pin：</translation>
    </message>
    <message>
        <source>Ne&amp;w certificate…</source>
        <translation>新证书(&amp;W)…</translation>
    </message>
    <message>
        <source>Copy the pin</source>
        <translation>复制 pin</translation>
    </message>
    <message>
        <source>Copy the certificate pin</source>
        <translation>复制证书 pin</translation>
    </message>
    <message>
        <source>New certificate</source>
        <translation>新证书</translation>
    </message>
    <message>
        <source>Replace the certificate and its pin, for example when a link reached the wrong people; the share restarts</source>
        <translation>更换证书及其 pin，例如链接落入了不该拿到它的人手中时；共享会重新启动</translation>
    </message>
    <message>
        <source>Certificate pin %1</source>
        <translation>证书 pin %1</translation>
    </message>
    <message>
        <source>Ferry made this certificate itself and no authority vouches for it, so a browser warns once before it opens the share. The pin is what to compare: the links carry it, Ferry checks it, and curl takes it as --pinnedpubkey. A browser&apos;s certificate viewer shows its SHA-256 fingerprint instead:
%1</source>
        <translation>此证书由 Ferry 自行生成，没有颁发机构为它担保，因此浏览器在打开共享前会警告一次。需要核对的是 pin：链接中包含它，Ferry 会校验它，curl 也可将它用作 --pinnedpubkey。而浏览器的证书查看器显示的是它的 SHA-256 指纹：
%1</translation>
    </message>
    <message>
        <source>Make a new certificate?</source>
        <translation>生成新证书？</translation>
    </message>
    <message>
        <source>Links and QR codes given out before will stop working: they carry the old pin, and Ferry refuses a share whose certificate does not match it. Browsers warn again about the new certificate.</source>
        <translation>之前发出的链接和二维码将失效：它们包含旧的 pin，而 Ferry 会拒绝证书与之不符的共享。浏览器会对新证书再次发出警告。</translation>
    </message>
    <message>
        <source>The share restarts with it: transfers in progress stop.</source>
        <translation>共享将使用新证书重新启动：正在进行的传输会停止。</translation>
    </message>
    <message>
        <source>&amp;Make a new certificate</source>
        <translation>生成新证书(&amp;M)</translation>
    </message>
</context>
<context>
    <name>ShareServer</name>
    <message>
        <source>The folder %1 does not exist.</source>
        <translation>文件夹 %1 不存在。</translation>
    </message>
    <message>
        <source>The folder %1 cannot be read.</source>
        <translation>无法读取文件夹 %1。</translation>
    </message>
    <message>
        <source>Port %1 is already in use.</source>
        <translation>端口 %1 已被占用。</translation>
    </message>
    <message>
        <source>Cannot listen on %1 port %2: %3</source>
        <translation>无法在 %1 的端口 %2 上监听：%3</translation>
    </message>
</context>
<context>
    <name>TlsPolicy</name>
    <message>
        <source>No pin given: a pin is sha256// followed by the base64 SHA-256 of the server&apos;s public key.</source>
        <translation>未给出 pin：pin 是 sha256// 后接服务器公钥 SHA-256 摘要的 base64 编码。</translation>
    </message>
    <message>
        <source>Empty pin in “%1”: pins are separated by a single &apos;;&apos;.</source>
        <translation>“%1”中有空的 pin：多个 pin 之间用单个“;”分隔。</translation>
    </message>
    <message>
        <source>“%1” is not a pin: a pin is sha256// followed by the base64 SHA-256 of the server&apos;s public key.</source>
        <translation>“%1”不是 pin：pin 是 sha256// 后接服务器公钥 SHA-256 摘要的 base64 编码。</translation>
    </message>
    <message>
        <source>“%1” does not hold a SHA-256 digest: after sha256// come 44 characters of base64.</source>
        <translation>“%1”不包含 SHA-256 摘要：sha256// 之后应为 44 个 base64 字符。</translation>
    </message>
    <message>
        <source>Cannot read the certificates in %1: %2</source>
        <translation>无法读取 %1 中的证书：%2</translation>
    </message>
    <message>
        <source>%1 is too large to be a bundle of certificates.</source>
        <translation>%1 太大，不可能是证书包。</translation>
    </message>
    <message>
        <source>%1 holds no certificate in PEM form (-----BEGIN CERTIFICATE-----).</source>
        <translation>%1 中没有 PEM 格式的证书（-----BEGIN CERTIFICATE-----）。</translation>
    </message>
    <message>
        <source>The server presented no certificate.</source>
        <translation>服务器没有出示证书。</translation>
    </message>
    <message>
        <source>The server&apos;s public key does not match the pinned key (it has %1).</source>
        <translation>服务器的公钥与固定的密钥不符（服务器的公钥为 %1）。</translation>
    </message>
    <message>
        <source>The server&apos;s public key matches none of the %1 pinned keys (it has %2).</source>
        <translation>服务器的公钥与 %1 个固定的密钥都不符（服务器的公钥为 %2）。</translation>
    </message>
    <message>
        <source>The certificate expired on %1.</source>
        <translation>证书已于 %1 过期。</translation>
    </message>
    <message>
        <source>The certificate of “%1”, which vouches for the server&apos;s, expired on %2.</source>
        <translation>为服务器证书担保的“%1”的证书已于 %2 过期。</translation>
    </message>
    <message>
        <source>The certificate is not valid before %1.</source>
        <translation>证书在 %1 之前无效。</translation>
    </message>
    <message>
        <source>The certificate of “%1”, which vouches for the server&apos;s, is not valid before %2.</source>
        <translation>为服务器证书担保的“%1”的证书在 %2 之前无效。</translation>
    </message>
    <message>
        <source>The certificate is self-signed: no trusted authority vouches for it.</source>
        <translation>证书是自签名的：没有受信任的颁发机构为它担保。</translation>
    </message>
    <message>
        <source>The certificate was issued by an unknown authority.</source>
        <translation>证书由未知的颁发机构签发。</translation>
    </message>
    <message>
        <source>The certificate was issued by an unknown authority (“%1”).</source>
        <translation>证书由未知的颁发机构（“%1”）签发。</translation>
    </message>
    <message>
        <source>The certificate is for %1, not %2.</source>
        <translation>证书属于 %1，而不是 %2。</translation>
    </message>
    <message>
        <source>The certificate has been revoked.</source>
        <translation>证书已被吊销。</translation>
    </message>
    <message>
        <source>no name</source>
        <translation>无名称</translation>
    </message>
    <message numerus="yes">
        <source>%1 and %n more</source>
        <translation>
            <numerusform>%1 及另外 %n 个</numerusform>
        </translation>
    </message>
    <message>
        <source>No certificate.</source>
        <translation>没有证书。</translation>
    </message>
    <message>
        <source>Subject: %1</source>
        <translation>主体：%1</translation>
    </message>
    <message>
        <source>Names: %1</source>
        <translation>名称：%1</translation>
    </message>
    <message>
        <source>Issuer: %1</source>
        <translation>颁发者：%1</translation>
    </message>
    <message>
        <source>itself (self-signed)</source>
        <translation>自身（自签名）</translation>
    </message>
    <message>
        <source>Valid from %1 to %2 (UTC)</source>
        <translation>有效期：%1 至 %2（UTC）</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation>SHA-256 指纹：%1</translation>
    </message>
    <message>
        <source>Public key: %1</source>
        <translation>公钥：%1</translation>
    </message>
    <message>
        <source>The link %1 names a key (pin=) but is not https://: nothing would check it.</source>
        <translation>链接 %1 指定了密钥（pin=），但不是 https:// 链接：该密钥不会被校验。</translation>
    </message>
</context>
<context>
    <name>Units</name>
    <message>
        <source>%1/s</source>
        <translation>%1/s</translation>
    </message>
</context>
</TS>
