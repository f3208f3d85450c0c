package org.custodyledger.stack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The local stack's sign-in: the part of an OpenID Connect provider a browser talks to, so the
 * dashboard signs in locally exactly as it does with Keycloak or Entra ID, by the authorization
 * code flow with PKCE (S256). It serves the discovery document, a sign-in page (a name, the
 * roles, and the local password from {@code .ledger/issuer/sign-in-password}) and the token
 * endpoint, which gives a {@link LocalIssuer} access token for a code exactly once, to the
 * client that asked for it, with the verifier whose challenge it was given. Only redirects to
 * the dashboard origins it was started with are followed.
 */
public final class LocalSignIn implements AutoCloseable {
    public static final String DASHBOARD_CLIENT = "ledger-dashboard";
    static final List<String> ROLES = List.of("viewer", "auditor", "admin", "operator");
    private static final Duration CODE_TTL = Duration.ofSeconds(60);
    private static final Duration TOKEN_TTL = Duration.ofHours(8);
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Grant(String challenge, String redirectUri, String name, List<String> roles, Instant expires) {
    }

    private final LocalIssuer issuer;
    private final byte[] password;
    private final Set<String> dashboardOrigins;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final HttpServer server;

    public LocalSignIn(LocalIssuer issuer, String password, int port, Set<String> dashboardOrigins) throws IOException {
        this.issuer = issuer;
        this.password = password.getBytes(StandardCharsets.UTF_8);
        this.dashboardOrigins = Set.copyOf(dashboardOrigins);
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    /** The local password kept in {@code dir} (owner-only), made there the first time. */
    public static String password(java.nio.file.Path dir) throws IOException {
        java.nio.file.Path file = dir.resolve("sign-in-password");
        if (!java.nio.file.Files.exists(file)) {
            java.nio.file.Files.createDirectories(dir);
            java.nio.file.Files.write(file, new byte[0]);
            try {
                java.nio.file.Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own permissions protect it
            }
            java.nio.file.Files.writeString(file, random().substring(0, 16));
        }
        return java.nio.file.Files.readString(file).strip();
    }

    /** The URL to give the dashboard as its issuer ({@code LEDGER_DASHBOARD_ISSUER}). */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        allowOrigin(exchange);
        send(exchange, 200, "application/json", "{\"issuer\":\"" + LocalIssuer.ISSUER + "\",\"authorization_endpoint\":\"" + url()
                + "/authorize\",\"token_endpoint\":\"" + url() + "/token\",\"response_types_supported\":[\"code\"],"
                + "\"grant_types_supported\":[\"authorization_code\"],\"code_challenge_methods_supported\":[\"S256\"],"
                + "\"token_endpoint_auth_methods_supported\":[\"none\"]}");
    }

    private void authorize(HttpExchange exchange) throws IOException {
        boolean submitted = exchange.getRequestMethod().equals("POST");
        Map<String, String> p = submitted ? form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8))
                : form(exchange.getRequestURI().getRawQuery());
        String refusal = !"code".equals(p.get("response_type")) ? "response_type must be code"
                : !DASHBOARD_CLIENT.equals(p.get("client_id")) ? "unknown client_id (this issuer knows " + DASHBOARD_CLIENT + ")"
                : !"S256".equals(p.get("code_challenge_method")) || blank(p.get("code_challenge")) ? "PKCE with code_challenge_method S256 is required"
                : !dashboardOrigins.contains(origin(p.get("redirect_uri"))) ? "redirect_uri is not a dashboard this issuer serves"
                : blank(p.get("state")) ? "state is required" : null;
        if (refusal != null) {
            // Never redirect where the request was not proven to belong.
            send(exchange, 400, "text/plain; charset=utf-8", "sign-in refused: " + refusal);
            return;
        }
        if (!submitted) {
            page(exchange, 200, p, null);
            return;
        }
        List<String> roles = ROLES.stream().filter(r -> p.containsKey("role-" + r)).toList();
        String name = p.getOrDefault("name", "").strip();
        if (!MessageDigest.isEqual(password, p.getOrDefault("password", "").getBytes(StandardCharsets.UTF_8))) {
            page(exchange, 401, p, "That is not the local password (see .ledger/issuer/sign-in-password).");
        } else if (name.isEmpty() || name.length() > 100 || roles.isEmpty()) {
            page(exchange, 400, p, "Give your name and at least one role.");
        } else {
            codes.values().removeIf(g -> g.expires().isBefore(Instant.now()));
            String code = random();
            codes.put(code, new Grant(p.get("code_challenge"), p.get("redirect_uri"), name, roles, Instant.now().plus(CODE_TTL)));
            String separator = p.get("redirect_uri").contains("?") ? "&" : "?";
            exchange.getResponseHeaders().set("Location", p.get("redirect_uri") + separator + "code=" + encode(code) + "&state=" + encode(p.get("state")));
            send(exchange, 303, "text/plain; charset=utf-8", "");
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        allowOrigin(exchange);
        if (exchange.getRequestMethod().equals("OPTIONS")) {
            send(exchange, 204, "text/plain", "");
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            send(exchange, 405, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"POST a form\"}");
            return;
        }
        Map<String, String> p = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = p.get("code") == null ? null : codes.remove(p.get("code")); // once, whatever comes of it
        String refusal = !"authorization_code".equals(p.get("grant_type")) ? "grant_type must be authorization_code"
                : grant == null ? "unknown or used code"
                : grant.expires().isBefore(Instant.now()) ? "the code has expired"
                : !DASHBOARD_CLIENT.equals(p.get("client_id")) || !grant.redirectUri().equals(p.get("redirect_uri")) ? "client_id or redirect_uri differ from the authorization request"
                : !grant.challenge().equals(challenge(p.getOrDefault("code_verifier", ""))) ? "code_verifier does not match the code_challenge" : null;
        if (refusal != null) {
            send(exchange, 400, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"" + refusal + "\"}");
            return;
        }
        String accessToken = issuer.token("local:" + grant.name(), grant.name(), grant.roles(), LocalIssuer.ISSUER,
                LocalIssuer.AUDIENCE, Instant.now(), TOKEN_TTL, DASHBOARD_CLIENT);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        send(exchange, 200, "application/json", "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + TOKEN_TTL.toSeconds() + "}");
    }

    /** base64url(SHA-256(verifier)), RFC 7636. */
    static String challenge(String verifier) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void page(HttpExchange exchange, int status, Map<String, String> p, String error) throws IOException {
        StringBuilder hidden = new StringBuilder();
        for (String field : List.of("response_type", "client_id", "redirect_uri", "state", "code_challenge", "code_challenge_method")) {
            hidden.append("<input type=\"hidden\" name=\"").append(field).append("\" value=\"").append(html(p.get(field))).append("\">");
        }
        StringBuilder roles = new StringBuilder();
        for (String role : ROLES) {
            boolean checked = p.containsKey("role-" + role) || p.get("password") == null && role.equals("viewer");
            roles.append("<label><input type=\"checkbox\" name=\"role-").append(role).append('"').append(checked ? " checked" : "")
                    .append("> ").append(role).append("</label> ");
        }
        // form-action covers the redirect after the post too: to the (checked) dashboard only.
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'; form-action 'self' "
                + origin(p.get("redirect_uri")) + "; frame-ancestors 'none'");
        exchange.getResponseHeaders().set("X-Frame-Options", "DENY");
        send(exchange, status, "text/html; charset=utf-8", "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Sign in: custody ledger (local)</title></head><body><h1>Sign in to the custody ledger</h1>"
                + "<p>The local stack's issuer. A deployment signs you in with its own (Keycloak, Entra ID, ...).</p>"
                + (error == null ? "" : "<p id=\"error\" role=\"alert\">" + html(error) + "</p>")
                + "<form method=\"post\" action=\"/authorize\">" + hidden
                + "<p><label>Your name <input id=\"name\" name=\"name\" required maxlength=\"100\" value=\"" + html(p.getOrDefault("name", "")) + "\"></label></p>"
                + "<p>Roles: " + roles + "</p>"
                + "<p><label>Local password <input id=\"password\" name=\"password\" type=\"password\" required></label></p>"
                + "<p><button id=\"sign-in\" type=\"submit\">Sign in</button></p></form></body></html>");
    }

    private void allowOrigin(HttpExchange exchange) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        if (origin != null && dashboardOrigins.contains(origin)) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
            exchange.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST");
            exchange.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type");
            exchange.getResponseHeaders().set("Vary", "Origin");
        }
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    static Map<String, String> form(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return fields;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            fields.putIfAbsent(key, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return fields;
    }

    /** scheme://host[:port] of a URL, or "" where it is none. */
    static String origin(String url) {
        try {
            URI uri = URI.create(url == null ? "" : url);
            if (uri.getScheme() == null || uri.getHost() == null || uri.getRawUserInfo() != null) {
                return "";
            }
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String html(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&#39;");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
