# -*- coding: utf-8 -*-
# Test double: the legacy "tutorial" file client, re-implemented from the
# description in net/README.md, "Legacy dialect" (it is not the original code).
# Reads the server IP, port and file name from stdin; saves to "new" + name
# in its working directory.
import os
import socket


def main():
    dest_ip = input("请输入下载服务器的ip:")
    dest_port = int(input("请输入下载服务器的port:"))
    file_name = input("请输入要下载的文件名字:")

    tcp_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp_socket.connect((dest_ip, dest_port))
    tcp_socket.send(file_name.encode("gbk"))

    total = 0
    with open("new" + file_name, "wb") as f:
        while True:
            recv_data = tcp_socket.recv(4096)
            if not recv_data:
                break
            f.write(recv_data)
            total += len(recv_data)
    tcp_socket.close()

    if total == 0:
        os.remove("new" + file_name)
        print("文件不存在")
    else:
        print("文件传输完成")


if __name__ == "__main__":
    main()
