package org.custodyledger.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ClientScopeRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Keycloak cannot run here, so the example realm is read by Keycloak's own representation classes:
 * every field must be one Keycloak knows (nothing lost when read and written back), and the realm
 * must issue what the services check: their audience, roles in their role claim, PKCE for the dashboard.
 */
class KeycloakRealmTest {
    private static final Path ROOT = Path.of("..", "..");
    private static final ObjectMapper KEYCLOAK = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    private static String serviceDefault(String variable) throws IOException {
        String defaults = Files.readString(ROOT.resolve("projection-service/src/main/resources/application.properties"))
                + Files.readString(ROOT.resolve("ingest-service/src/main/resources/application.properties"));
        Matcher m = Pattern.compile("\\$\\{" + variable + ":([^}]*)}").matcher(defaults);
        assertThat(m.find()).as(variable + " has a default in the services' configuration").isTrue();
        return m.group(1);
    }

    @Test
    void theExampleRealmIsOneKeycloakReadsAndIssuesWhatTheServicesCheck() throws IOException {
        JsonNode file = KEYCLOAK.readTree(ROOT.resolve("deploy/keycloak/custody-ledger-realm.json").toFile());
        RealmRepresentation realm = KEYCLOAK.treeToValue(file, RealmRepresentation.class);
        // Written back, Keycloak adds its defaults (composite roles, sub-groups) but must keep every value of the file.
        List<String> lost = new java.util.ArrayList<>();
        lostIn(file, KEYCLOAK.valueToTree(realm), "", lost);
        assertThat(lost).as("values Keycloak's model does not keep").isEmpty();

        assertThat(realm.getRoles().getRealm()).extracting(r -> r.getName()).containsExactlyInAnyOrder("operator", "viewer", "auditor", "admin");
        ClientScopeRepresentation scope = realm.getClientScopes().stream().filter(s -> s.getName().equals("custody-ledger")).findFirst().orElseThrow();
        ProtocolMapperRepresentation audience = mapper(scope, "oidc-audience-mapper");
        assertThat(audience.getConfig()).containsEntry("included.custom.audience", serviceDefault("LEDGER_OIDC_AUDIENCE"))
                .containsEntry("access.token.claim", "true");
        assertThat(audience.getConfig().get("included.custom.audience")).isEqualTo(LocalIssuer.AUDIENCE);
        ProtocolMapperRepresentation roles = mapper(scope, "oidc-usermodel-realm-role-mapper");
        assertThat(roles.getConfig()).containsEntry("claim.name", serviceDefault("LEDGER_ROLE_CLAIM"))
                .containsEntry("multivalued", "true").containsEntry("access.token.claim", "true");

        ClientRepresentation dashboard = client(realm, "ledger-dashboard");
        assertThat(dashboard.isPublicClient()).isTrue();
        assertThat(dashboard.isStandardFlowEnabled()).isTrue();
        assertThat(dashboard.isImplicitFlowEnabled()).isFalse();
        assertThat(dashboard.isDirectAccessGrantsEnabled()).isFalse();
        assertThat(dashboard.getAttributes()).containsEntry("pkce.code.challenge.method", "S256");
        for (String id : List.of("ledger-dashboard", "ledger-cli", "ledger-import")) {
            assertThat(client(realm, id).getDefaultClientScopes()).as(id).contains("custody-ledger");
        }
        assertThat(realm.getUsers()).anySatisfy(u -> {
            assertThat(u.getServiceAccountClientId()).isEqualTo("ledger-import");
            assertThat(u.getRealmRoles()).containsExactly("operator");
        });
    }

    private static void lostIn(JsonNode file, JsonNode kept, String path, List<String> lost) {
        if (file.isObject()) {
            file.fields().forEachRemaining(f -> {
                if (kept == null || !kept.has(f.getKey())) {
                    lost.add(path + "/" + f.getKey());
                } else {
                    lostIn(f.getValue(), kept.get(f.getKey()), path + "/" + f.getKey(), lost);
                }
            });
        } else if (file.isArray()) {
            if (kept == null || !kept.isArray() || kept.size() != file.size()) {
                lost.add(path + " (a list of " + file.size() + ")");
                return;
            }
            for (int i = 0; i < file.size(); i++) {
                lostIn(file.get(i), kept.get(i), path + "/" + i, lost);
            }
        } else if (!file.equals(kept)) {
            lost.add(path + " (" + file + " became " + kept + ")");
        }
    }

    private static ProtocolMapperRepresentation mapper(ClientScopeRepresentation scope, String type) {
        return scope.getProtocolMappers().stream().filter(m -> m.getProtocolMapper().equals(type)).findFirst().orElseThrow();
    }

    private static ClientRepresentation client(RealmRepresentation realm, String clientId) {
        return realm.getClients().stream().filter(c -> c.getClientId().equals(clientId)).findFirst().orElseThrow();
    }
}
