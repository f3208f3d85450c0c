package org.custodyledger.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal blocking HTTP/1.1 client for the load generator: one keep-alive connection per thread
 * and server, requests written as bytes, responses read by Content-Length or chunks. The JDK's
 * HttpClient cost about 0.5 ms of CPU per request here, on the same 2 cores as the services it
 * measured; this costs a small fraction of that, so the figures are the services', not the client's.
 */
final class Http1 {
    private static final ThreadLocal<Map<String, Connection>> CONNECTIONS = ThreadLocal.withInitial(HashMap::new);

    /** A response: status, headers by lower-case name, body as text. */
    record Reply(int statusCode, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private Http1() {
    }

    static Reply send(String method, String url, Map<String, String> headers, byte[] body) throws IOException {
        // Every request of the benchmarks carries the test issuer's token with every role.
        headers = new java.util.LinkedHashMap<>(headers);
        headers.putIfAbsent("Authorization", org.custodyledger.testing.ServiceProcess.bearer());
        URI uri = URI.create(url);
        String server = uri.getHost() + ":" + uri.getPort();
        Map<String, Connection> connections = CONNECTIONS.get();
        while (true) {
            Connection connection = connections.get(server);
            if (connection == null) {
                connection = new Connection(uri.getHost(), uri.getPort());
                connections.put(server, connection);
            }
            try {
                Reply reply = connection.exchange(method, uri, server, headers, body);
                if ("close".equalsIgnoreCase(reply.header("connection"))) {
                    connections.remove(server).close();
                }
                return reply;
            } catch (IOException e) {
                connections.remove(server).close();
                if (!connection.reused) {
                    throw e;
                }
                // A kept-alive connection the server had closed: once more, on a new one.
            }
        }
    }

    private static final class Connection {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private boolean reused;

        Connection(String host, int port) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(60_000);
            in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
            out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        }

        Reply exchange(String method, URI uri, String server, Map<String, String> headers, byte[] body) throws IOException {
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(uri.getRawPath());
            if (uri.getRawQuery() != null) {
                head.append('?').append(uri.getRawQuery());
            }
            head.append(" HTTP/1.1\r\nHost: ").append(server).append("\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n\r\n");
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            Map<String, String> replyHeaders = new HashMap<>();
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                replyHeaders.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            byte[] content;
            if ("chunked".equalsIgnoreCase(replyHeaders.get("transfer-encoding"))) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0;
                     size = Integer.parseInt(line().split(";")[0].trim(), 16)) {
                    chunks.write(in.readNBytes(size));
                    line();
                }
                while (!line().isEmpty()) {
                    // trailers
                }
                content = chunks.toByteArray();
            } else {
                String length = replyHeaders.get("content-length");
                content = length == null || code == 204 || code == 304 ? new byte[0] : in.readNBytes(Integer.parseInt(length));
            }
            reused = true;
            return new Reply(code, replyHeaders, new String(content, StandardCharsets.UTF_8));
        }

        /** One header line, without its CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new EOFException("connection closed by the server");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // already gone
            }
        }
    }
}
