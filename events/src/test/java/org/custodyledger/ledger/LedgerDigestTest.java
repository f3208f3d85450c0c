package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class LedgerDigestTest {
    /** The canonical form as one document: the whole snapshot as a tree, keys sorted, asOf removed. */
    private static String wholeDocumentDigest(LedgerSnapshot snapshot) throws Exception {
        ObjectMapper canonical = JsonMapper.builder().addModule(new JavaTimeModule())
                .configure(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS, false)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
                .addMixIn(StatementView.class, LedgerDigest.WithoutAttribution.class)
                .addMixIn(TransferView.class, LedgerDigest.WithoutAttribution.class).build();
        ObjectNode tree = canonical.valueToTree(snapshot);
        tree.remove("asOf");
        tree.remove("breakdowns");
        tree.get("facilities").forEach(f -> ((ObjectNode) f).remove("location")); // not in v1, as the breakdowns
        byte[] json = canonical.writeValueAsString(canonical.treeToValue(tree, Object.class)).getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
    }

    @Test
    void theStreamedDigestIsTheDigestOfTheWholeCanonicalDocument() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            LedgerSnapshot snapshot = LedgerFold.at(LogGenerator.generate(seed, 600), Instant.parse("2026-12-01T00:00:00Z"));
            assertThat(snapshot.transfers()).isNotEmpty();
            assertThat(snapshot.anomalies()).isNotEmpty();
            assertThat(LedgerDigest.of(snapshot)).as("seed " + seed).isEqualTo(wholeDocumentDigest(snapshot));
        }
    }

    @Test
    void whoRecordedTheEventsIsShownInTheViewsButNotFingerprinted() {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        java.util.List<org.custodyledger.events.Envelope> log = LogGenerator.generate(3, 600);
        java.util.List<org.custodyledger.events.Envelope> imported = log.stream().map(e -> new org.custodyledger.events.Envelope(e.eventId(),
                e.occurredAt(), e.recordedAt().plusSeconds(86_400), "Importer <sub:i> via ledger-cli", e.schemaVersion(), e.data())).toList();
        LedgerSnapshot original = LedgerFold.at(log, at);
        LedgerSnapshot again = LedgerFold.at(imported, at);
        assertThat(again.statements()).isNotEmpty().allSatisfy(s -> assertThat(s.recordedBy()).isEqualTo("Importer <sub:i> via ledger-cli"));
        assertThat(again.transfers().values()).isNotEmpty().allSatisfy(t -> assertThat(t.initiatedBy()).isEqualTo("Importer <sub:i> via ledger-cli"));
        assertThat(original.statements().get(0).recordedBy()).isNotEqualTo("Importer <sub:i> via ledger-cli");
        assertThat(LedgerDigest.of(again)).isEqualTo(LedgerDigest.of(original));
    }

    @Test
    void aLocationIsShownButNotFingerprintedSoEarlierCheckpointsStayVerifiable() {
        Instant at = Instant.parse("2026-12-01T00:00:00Z");
        java.util.List<org.custodyledger.events.Envelope> log = LogGenerator.generate(3, 600);
        java.util.List<org.custodyledger.events.Envelope> located = new java.util.ArrayList<>(log);
        located.add(new org.custodyledger.events.Envelope(java.util.UUID.randomUUID(), Instant.parse("2026-06-01T00:00:00Z"),
                Instant.parse("2026-06-01T00:00:00Z"), "operator", org.custodyledger.events.EventTypes.CURRENT_SCHEMA_VERSION,
                new org.custodyledger.events.FacilityLocated("f-0", 36.5, 40.7)));
        LedgerSnapshot withLocation = LedgerFold.at(located, at);
        assertThat(withLocation.facilities().get("f-0").location()).isEqualTo(new FacilityView.Location(36.5, 40.7));
        assertThat(LedgerDigest.of(withLocation)).isEqualTo(LedgerDigest.of(LedgerFold.at(log, at)));
    }

    @Test
    void fieldsMustComeInCanonicalOrderAndAllOfThem() {
        LedgerDigest.Writer writer = new LedgerDigest.Writer();
        assertThatThrownBy(() -> writer.value("inTransit", 0L)).isInstanceOf(IllegalStateException.class).hasMessageContaining("anomalies");
        LedgerDigest.Writer partial = new LedgerDigest.Writer();
        partial.list("anomalies", java.util.List.of());
        assertThatThrownBy(partial::finish).isInstanceOf(IllegalStateException.class).hasMessageContaining("byCountry");
    }
}
