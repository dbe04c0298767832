# -*- coding: utf-8 -*-
# Test double: the legacy "tutorial" file server, re-implemented from the
# description in net/README.md, "Legacy dialect" (it is not the original code).
# Only deviation, for tests: optional PORT (default 8888) and BIND address
# (default all interfaces) arguments, and a ready line on stdout after listen.
#   usage: python3 tutorial_server.py [PORT] [BIND]   (serves its working directory)
import socket
import sys


def main():
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8888
    bind = sys.argv[2] if len(sys.argv) > 2 else ""
    tcp_server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp_server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp_server_socket.bind((bind, port))
    tcp_server_socket.listen(128)
    print("listening on %s:%d" % (bind or "0.0.0.0", port), flush=True)  # test-only ready line

    while True:
        new_client_socket, client_addr = tcp_server_socket.accept()
        # One recv, decoded as GBK: invalid GBK raises here and kills the server.
        file_name = new_client_socket.recv(4096).decode("gbk")
        file_content = None
        try:
            f = open(file_name, "rb")
            file_content = f.read()
            f.close()
        except Exception:
            print("没有要下载的文件(%s)" % file_name, flush=True)
        if file_content:
            new_client_socket.send(file_content)  # one send, not sendall
        new_client_socket.close()


if __name__ == "__main__":
    main()
