package org.custodyledger.stack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * The token issuer of the local stack and the tests: an RSA key pair, and JWTs (RS256) signed
 * with it carrying the claims an OpenID Connect issuer puts in an access token (iss, aud, sub,
 * preferred_username, name, azp, groups, iat, exp, jti). The services verify them with the public
 * key exactly as they verify a real issuer's tokens (quarkus-oidc, issuer and audience checked).
 * A deployment uses its own issuer (Keycloak, Entra ID, ...) instead; see README, "Security".
 *
 * <p>Usage: {@code LocalIssuer keygen DIR} (once; prints the public key), {@code LocalIssuer token
 * DIR ROLE[,ROLE] NAME [TTL]} (prints a token; TTL as 8h, 30m, 90s), {@code LocalIssuer record-key
 * DIR} (ingest's record signing key, see {@link #recordSigningKey}), {@code LocalIssuer sign-in DIR
 * PORT ORIGIN} (the dashboard's sign-in, see {@link LocalSignIn}).
 */
public final class LocalIssuer {
    /** The issuer and audience the local stack's services are configured to accept. */
    public static final String ISSUER = "https://custody-ledger.local/issuer";
    public static final String AUDIENCE = "custody-ledger";
    public static final String CLIENT_ID = "ledger-local";

    private final KeyPair keys;

    private LocalIssuer(KeyPair keys) {
        this.keys = keys;
    }

    /** A fresh key pair in memory (the tests). */
    public static LocalIssuer generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new LocalIssuer(generator.generateKeyPair());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The key pair kept in {@code dir} (private key readable by its owner only), made there the first time. */
    public static LocalIssuer in(Path dir) throws Exception {
        Path privateKey = dir.resolve("issuer-private.der");
        Path publicKey = dir.resolve("issuer-public.der");
        if (!Files.exists(privateKey)) {
            LocalIssuer fresh = generate();
            Files.createDirectories(dir);
            Files.write(publicKey, fresh.keys.getPublic().getEncoded());
            Files.write(privateKey, new byte[0]);
            try {
                Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own permissions protect it
            }
            Files.write(privateKey, fresh.keys.getPrivate().getEncoded());
            return fresh;
        }
        KeyFactory rsa = KeyFactory.getInstance("RSA");
        PrivateKey key = rsa.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateKey)));
        return new LocalIssuer(new KeyPair(rsa.generatePublic(new java.security.spec.X509EncodedKeySpec(Files.readAllBytes(publicKey))), key));
    }

    /** The verification key as quarkus-oidc takes it ({@code quarkus.oidc.public-key}: base64 of the X.509 SubjectPublicKeyInfo). */
    public String publicKey() {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    /** A token for a person with these roles, valid for {@code ttl}. */
    public String token(String subject, String name, List<String> roles, Duration ttl) {
        return token(subject, name, roles, ISSUER, AUDIENCE, Instant.now(), ttl);
    }

    /** A token with every claim chosen (the tests make expired, foreign and wrong-audience ones). */
    public String token(String subject, String name, List<String> roles, String issuer, String audience, Instant issuedAt, Duration ttl) {
        return token(subject, name, roles, issuer, audience, issuedAt, ttl, CLIENT_ID);
    }

    /** @param clientId the client the token was issued to (claim azp), as attribution shows it */
    public String token(String subject, String name, List<String> roles, String issuer, String audience, Instant issuedAt, Duration ttl,
            String clientId) {
        StringBuilder groups = new StringBuilder("[");
        for (int i = 0; i < roles.size(); i++) {
            groups.append(i == 0 ? "" : ",").append(json(roles.get(i)));
        }
        groups.append(']');
        String claims = "{\"iss\":" + json(issuer) + ",\"aud\":" + json(audience) + ",\"sub\":" + json(subject)
                + ",\"preferred_username\":" + json(name) + ",\"name\":" + json(name) + ",\"azp\":" + json(clientId)
                + ",\"groups\":" + groups + ",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":" + issuedAt.plus(ttl).getEpochSecond()
                + ",\"jti\":" + json(UUID.randomUUID().toString()) + "}";
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        String signed = base64Url(header.getBytes(StandardCharsets.UTF_8)) + "." + base64Url(claims.getBytes(StandardCharsets.UTF_8));
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(keys.getPrivate());
            rs256.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + base64Url(rs256.sign());
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        out.append(String.format("\\u%04x", (int) ch));
                    } else {
                        out.append(ch);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** Parses 8h, 30m, 90s, 2d. */
    static Duration ttl(String text) {
        long amount = Long.parseLong(text.substring(0, text.length() - 1));
        return switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            case 'd' -> Duration.ofDays(amount);
            default -> throw new IllegalArgumentException("a TTL is a number and s, m, h or d, e.g. 8h; not " + text);
        };
    }

    /**
     * Ingest's record authentication key of the local stack (32 random bytes kept in {@code dir},
     * made there the first time; see RecordSignatures): three lines, the key id, the key (base64)
     * and the entry ({@code keyId=base64}) the projection trusts.
     */
    static List<String> recordSigningKey(Path dir) throws Exception {
        Path secret = dir.resolve("record-key");
        if (!Files.exists(secret)) {
            byte[] bytes = new byte[32];
            new java.security.SecureRandom().nextBytes(bytes);
            Files.createDirectories(dir);
            Files.write(secret, new byte[0]);
            try {
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own permissions protect it
            }
            Files.write(secret, bytes);
        }
        byte[] bytes = Files.readAllBytes(secret);
        String keyId = "local-" + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes), 0, 4);
        String key = Base64.getEncoder().encodeToString(bytes);
        return List.of(keyId, key, keyId + "=" + key);
    }

    /** A fresh Ed25519 key pair (receipts, checkpoints): the key id, the private key (base64 PKCS#8), the public key (base64 X.509). */
    public static String[] newEd25519Key(String keyIdPrefix) {
        try {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] publicKey = pair.getPublic().getEncoded();
            return new String[] {keyIdPrefix + "-" + java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(publicKey), 0, 4),
                    Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()), Base64.getEncoder().encodeToString(publicKey)};
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Ingest's receipt signing key of the local stack (Ed25519, kept in {@code dir}, made there the
     * first time; see SignedReceipt): three lines, the key id, the private key (base64 PKCS#8) and
     * the public key (base64 X.509).
     */
    static List<String> receiptKey(Path dir) throws Exception {
        return ed25519Key(dir, "receipt-key", "local-receipts");
    }

    /** The projection's checkpoint signing key of the local stack, kept and printed as {@link #receiptKey}. */
    static List<String> checkpointKey(Path dir) throws Exception {
        return ed25519Key(dir, "checkpoint-key", "local-checkpoints");
    }

    private static List<String> ed25519Key(Path dir, String file, String keyIdPrefix) throws Exception {
        Path secret = dir.resolve(file);
        if (!Files.exists(secret)) {
            String[] fresh = newEd25519Key(keyIdPrefix);
            Files.createDirectories(dir);
            Files.write(secret, new byte[0]);
            try {
                Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own permissions protect it
            }
            Files.writeString(secret, String.join("\n", fresh) + "\n");
        }
        return Files.readAllLines(secret);
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("receipt-key")) {
            receiptKey(Path.of(args[1])).forEach(System.out::println);
        } else if (args.length >= 2 && args[0].equals("checkpoint-key")) {
            checkpointKey(Path.of(args[1])).forEach(System.out::println);
        } else if (args.length >= 2 && args[0].equals("record-key")) {
            recordSigningKey(Path.of(args[1])).forEach(System.out::println);
        } else if (args.length >= 2 && args[0].equals("keygen")) {
            System.out.println(in(Path.of(args[1])).publicKey());
        } else if (args.length >= 4 && args[0].equals("token")) {
            List<String> roles = List.of(args[2].split(","));
            String name = args[3];
            System.out.println(in(Path.of(args[1])).token("local:" + name, name, roles, args.length > 4 ? ttl(args[4]) : Duration.ofHours(8)));
        } else if (args.length == 4 && args[0].equals("sign-in")) {
            Path dir = Path.of(args[1]);
            LocalSignIn signIn = new LocalSignIn(in(dir), LocalSignIn.password(dir), Integer.parseInt(args[2]),
                    java.util.Set.of(args[3].split(",")));
            System.out.println("sign-in ready: " + signIn.url());
            Thread.currentThread().join();
        } else {
            System.err.println("usage: LocalIssuer keygen DIR | LocalIssuer token DIR ROLE[,ROLE] NAME [TTL] | LocalIssuer record-key DIR"
                    + " | LocalIssuer receipt-key DIR | LocalIssuer checkpoint-key DIR | LocalIssuer sign-in DIR PORT DASHBOARD_ORIGIN[,ORIGIN]");
            System.exit(2);
        }
    }
}
