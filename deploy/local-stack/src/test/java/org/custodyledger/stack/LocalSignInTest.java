package org.custodyledger.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The authorization code flow with PKCE, as a browser drives it, and every way it refuses. */
class LocalSignInTest {
    private static final String DASHBOARD = "http://localhost:18081";
    private static final String REDIRECT = DASHBOARD + "/";
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @Test
    void aCodeBecomesATokenOnceForTheVerifierOfItsChallenge() throws Exception {
        LocalIssuer issuer = LocalIssuer.generate();
        try (LocalSignIn signIn = new LocalSignIn(issuer, "local-secret", 0, Set.of(DASHBOARD))) {
            String verifier = "a-verifier-of-at-least-43-characters-0123456789";
            Map<String, String> request = Map.of("response_type", "code", "client_id", LocalSignIn.DASHBOARD_CLIENT,
                    "redirect_uri", REDIRECT, "state", "s-1", "code_challenge", LocalSignIn.challenge(verifier),
                    "code_challenge_method", "S256");

            HttpResponse<String> discovery = get(signIn.url() + "/.well-known/openid-configuration", DASHBOARD);
            assertThat(discovery.body()).contains("\"authorization_endpoint\":\"" + signIn.url() + "/authorize\"", "\"S256\"");
            assertThat(discovery.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);
            assertThat(get(signIn.url() + "/.well-known/openid-configuration", "https://evil.example").headers()
                    .firstValue("Access-Control-Allow-Origin")).isEmpty();

            HttpResponse<String> page = get(signIn.url() + "/authorize?" + form(request), null);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("name=\"password\"", "value=\"s-1\"");
            assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            // Never a redirect to where the request did not prove it belongs, and no flow without PKCE.
            assertThat(get(signIn.url() + "/authorize?" + form(with(request, "redirect_uri", "https://evil.example/")), null).statusCode()).isEqualTo(400);
            assertThat(get(signIn.url() + "/authorize?" + form(with(request, "code_challenge_method", "plain")), null).statusCode()).isEqualTo(400);
            assertThat(get(signIn.url() + "/authorize?" + form(with(request, "client_id", "other")), null).statusCode()).isEqualTo(400);

            HttpResponse<String> wrong = post(signIn.url() + "/authorize", form(with(with(request, "name", "Amira Haddad"), "password", "guess")), null);
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("Location")).isEmpty();

            Map<String, String> submitted = with(with(with(request, "name", "Amira Haddad"), "password", "local-secret"), "role-auditor", "on");
            submitted = with(submitted, "role-viewer", "on");
            HttpResponse<String> signedIn = post(signIn.url() + "/authorize", form(submitted), null);
            assertThat(signedIn.statusCode()).isEqualTo(303);
            String location = signedIn.headers().firstValue("Location").orElseThrow();
            assertThat(location).startsWith(REDIRECT + "?code=").endsWith("&state=s-1");
            String code = java.net.URLDecoder.decode(location.replaceAll(".*code=([^&]+).*", "$1"), StandardCharsets.UTF_8);

            Map<String, String> exchange = Map.of("grant_type", "authorization_code", "code", code, "client_id",
                    LocalSignIn.DASHBOARD_CLIENT, "redirect_uri", REDIRECT, "code_verifier", verifier);
            // A stolen code is worth nothing without the verifier, and a refused attempt uses it up.
            HttpResponse<String> stolen = post(signIn.url() + "/token", form(with(exchange, "code_verifier", "someone-else's-verifier")), DASHBOARD);
            assertThat(stolen.statusCode()).isEqualTo(400);
            assertThat(stolen.body()).contains("invalid_grant", "code_verifier");
            assertThat(post(signIn.url() + "/token", form(exchange), DASHBOARD).body()).contains("unknown or used code");

            HttpResponse<String> again = post(signIn.url() + "/authorize", form(submitted), null);
            String code2 = java.net.URLDecoder.decode(again.headers().firstValue("Location").orElseThrow().replaceAll(".*code=([^&]+).*", "$1"),
                    StandardCharsets.UTF_8);
            HttpResponse<String> token = post(signIn.url() + "/token", form(with(exchange, "code", code2)), DASHBOARD);
            assertThat(token.statusCode()).isEqualTo(200);
            assertThat(token.headers().firstValue("Access-Control-Allow-Origin")).hasValue(DASHBOARD);
            assertThat(token.headers().firstValue("Cache-Control")).hasValue("no-store");
            String accessToken = token.body().replaceAll(".*\"access_token\":\"([^\"]+)\".*", "$1");
            String claims = new String(Base64.getUrlDecoder().decode(accessToken.split("\\.")[1]), StandardCharsets.UTF_8);
            assertThat(claims).contains("\"iss\":\"" + LocalIssuer.ISSUER + "\"", "\"sub\":\"local:Amira Haddad\"",
                    "\"groups\":[\"viewer\",\"auditor\"]", "\"azp\":\"ledger-dashboard\"", "\"aud\":\"" + LocalIssuer.AUDIENCE + "\"");
            java.security.Signature rs256 = java.security.Signature.getInstance("SHA256withRSA");
            rs256.initVerify(java.security.KeyFactory.getInstance("RSA").generatePublic(
                    new java.security.spec.X509EncodedKeySpec(Base64.getDecoder().decode(issuer.publicKey()))));
            rs256.update(accessToken.substring(0, accessToken.lastIndexOf('.')).getBytes(StandardCharsets.US_ASCII));
            assertThat(rs256.verify(Base64.getUrlDecoder().decode(accessToken.substring(accessToken.lastIndexOf('.') + 1)))).isTrue();
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> copy = new java.util.LinkedHashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private static HttpResponse<String> get(String url, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String url, String body, String origin) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (origin != null) {
            request.header("Origin", origin);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
