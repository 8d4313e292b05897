#!/usr/bin/env python3
"""A local HTTPS server for bench/run.sh: serves FILE at /v1/support.

    bench/serve.py CERT KEY FILE PORT_FILE

Listens on 127.0.0.1 on a free port, writes the port to PORT_FILE, and
serves until killed.
"""
import http.server
import ssl
import sys

cert, key, body_file, port_file = sys.argv[1:5]
body = open(body_file, "rb").read()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        if not self.path.endswith("/v1/support"):
            self.send_error(404)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain(cert, key)
server.socket = ctx.wrap_socket(server.socket, server_side=True)
with open(port_file, "w") as f:
    f.write(str(server.server_address[1]))
server.serve_forever()
