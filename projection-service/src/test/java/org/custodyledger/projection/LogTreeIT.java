package org.custodyledger.projection;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.custodyledger.events.ConsistencyToken;
import org.custodyledger.events.Envelope;
import org.custodyledger.ledger.LogGenerator;
import org.custodyledger.log.MerkleTree;
import org.custodyledger.projection.consume.ProjectionProgress;
import org.custodyledger.projection.write.LogTree;
import org.custodyledger.testing.LogReader;
import org.custodyledger.testing.TestInfrastructure;
import org.junit.jupiter.api.Test;

/**
 * The projection keeps each partition's Merkle tree as it reads: its roots are those anyone
 * computes from the topic itself, its proofs verify, poison records are in it too, and a replay
 * rebuilds the same trees.
 */
@QuarkusTest
@QuarkusTestResource(TestInfrastructure.class)
class LogTreeIT {
    private static final HexFormat HEX = HexFormat.of();

    @Inject
    ProjectionProgress progress;

    @Test
    void theTreesAreTheTopicsAndTheirProofsVerifyAlsoAfterAReplay() throws Exception {
        List<Envelope> log = LogGenerator.generate(31, 400);
        ConsistencyToken produced = ProjectionMatchesFoldIT.produce(log);
        // A record written straight to the topic, unsigned: refused by the projection, and still a leaf of the log.
        long poisonOffset;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestInfrastructure.bootstrapServers(),
                "key.serializer", StringSerializer.class, "value.serializer", ByteArraySerializer.class))) {
            poisonOffset = producer.send(new ProducerRecord<>("custody-events", 0, "k", "{\"not\":\"signed\"}".getBytes())).get().offset();
        }
        assertThat(progress.awaitCovers(produced.merge(new ConsistencyToken(new TreeMap<>(Map.of(0, poisonOffset)))), Duration.ofSeconds(120))).isTrue();

        JsonPath tree = given().get("/audit/tree").then().statusCode(200).extract().jsonPath();
        Map<Integer, List<byte[]>> leaves = leavesOfTheTopic();
        List<Map<String, Object>> partitions = tree.getList("partitions");
        assertThat(partitions).hasSize(leaves.size());
        for (Map<String, Object> p : partitions) {
            int partition = (Integer) p.get("partition");
            List<byte[]> expected = leaves.get(partition);
            assertThat(((Number) p.get("size")).longValue()).as("partition " + partition + " holds every record read").isEqualTo(expected.size());
            assertThat(p.get("root")).as("partition " + partition).isEqualTo(HEX.formatHex(MerkleTree.root(expected.size(), MerkleTree.inMemory(expected))));
        }

        for (Envelope e : List.of(log.get(0), log.get(137), log.get(log.size() - 1))) {
            JsonPath proof = given().get("/audit/events/" + e.eventId() + "/proof").then().statusCode(200).extract().jsonPath();
            int partition = proof.getInt("partition");
            long index = proof.getLong("leafIndex");
            byte[] leafHash = leaves.get(partition).get((int) index);
            assertThat(proof.getString("leafHash")).isEqualTo(HEX.formatHex(leafHash));
            assertThat(proof.getString("root")).isEqualTo(partitionRoot(tree, partition));
            List<byte[]> path = proof.getList("proof", String.class).stream().map(HEX::parseHex).toList();
            assertThat(MerkleTree.verifyInclusion(index, proof.getLong("treeSize"), leafHash, path, HEX.parseHex(proof.getString("root")))).isTrue();
            assertThat(MerkleTree.verifyInclusion(index, proof.getLong("treeSize"), MerkleTree.leafHash("edited".getBytes()), path,
                    HEX.parseHex(proof.getString("root")))).isFalse();
        }
        given().get("/audit/events/" + java.util.UUID.randomUUID() + "/proof").then().statusCode(404).contentType("application/problem+json");
        given().get("/audit/events/nope/proof").then().statusCode(400).contentType("application/problem+json");

        // More records later: each partition's tree extends the one shown before, as a consistency proof shows.
        ConsistencyToken more = ProjectionMatchesFoldIT.produce(LogGenerator.generate(32, 200));
        assertThat(progress.awaitCovers(more, Duration.ofSeconds(120))).isTrue();
        JsonPath grown = given().get("/audit/tree").then().statusCode(200).extract().jsonPath();
        for (Map<String, Object> p : partitions) {
            int partition = (Integer) p.get("partition");
            long before = ((Number) p.get("size")).longValue();
            long now = grown.getLong("partitions.find { it.partition == " + partition + " }.size");
            JsonPath consistency = given().get("/audit/consistency?partition=" + partition + "&from=" + before + "&to=" + now)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(consistency.getString("fromRoot")).isEqualTo(p.get("root"));
            assertThat(consistency.getString("toRoot")).isEqualTo(partitionRoot(grown, partition));
            List<byte[]> path = consistency.getList("proof", String.class).stream().map(HEX::parseHex).toList();
            assertThat(MerkleTree.verifyConsistency(before, now, HEX.parseHex((String) p.get("root")), HEX.parseHex(consistency.getString("toRoot")), path)).isTrue();
            assertThat(MerkleTree.verifyConsistency(before, now, MerkleTree.leafHash("another past".getBytes()), HEX.parseHex(consistency.getString("toRoot")), path))
                    .isFalse();
        }
        given().get("/audit/consistency?partition=0&from=0&to=1").then().statusCode(400).contentType("application/problem+json");
        given().get("/audit/consistency?partition=0&from=1").then().statusCode(400).contentType("application/problem+json");
        partitions = grown.getList("partitions");
        // A checkpoint of these trees with the read models' digest, computed in the same snapshot.
        JsonPath withDigest = null;
        for (int i = 0; i < 150 && (withDigest == null || withDigest.getString("readModelDigest") == null
                || !withDigest.getList("partitions").equals(partitions)); i++) {
            Thread.sleep(200);
            var latest = given().get("/audit/checkpoints/latest");
            withDigest = latest.statusCode() == 200 ? latest.jsonPath() : null;
        }
        assertThat(withDigest.getList("partitions")).isEqualTo(partitions);
        assertThat(withDigest.getString("readModelDigest")).isEqualTo(given().get("/admin/digest").then().statusCode(200).extract().path("digest"));

        // A replay builds the trees again from the log's start: the same roots.
        ReplayIT.replayUntilSwitched();
        given().post("/admin/replay/confirm").then().statusCode(200);
        assertThat(given().get("/audit/tree").then().statusCode(200).extract().jsonPath().getList("partitions")).isEqualTo(partitions);
        // ...and the read models the checkpoint's digest stated.
        assertThat(given().get("/admin/digest").then().statusCode(200).extract().<String>path("digest")).isEqualTo(withDigest.getString("readModelDigest"));

        // The signed checkpoint states those very trees, and survives the replay.
        JsonPath checkpoint = null;
        for (int i = 0; i < 100 && (checkpoint == null || !checkpoint.getList("partitions").equals(partitions)); i++) {
            Thread.sleep(200);
            var latest = given().get("/audit/checkpoints/latest");
            checkpoint = latest.statusCode() == 200 ? latest.jsonPath() : null;
        }
        assertThat(checkpoint).isNotNull();
        assertThat(checkpoint.getList("partitions")).isEqualTo(partitions);
        JsonPath keys = given().get("/audit/checkpoint-keys").then().statusCode(200).extract().jsonPath();
        var signed = org.custodyledger.audit.Checkpoint.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(checkpoint.prettify()));
        assertThat(signed.combinedRoot()).isEqualTo(org.custodyledger.audit.Checkpoint.combinedRoot(signed.partitions()));
        var trusted = new org.custodyledger.audit.Ed25519.PublicKeys(Map.of(keys.getString("keys[0].keyId"),
                org.custodyledger.audit.Ed25519.PublicKeys.publicKey(keys.getString("keys[0].publicKey"))));
        assertThat(signed.problem(trusted)).isEmpty();
        assertThat(given().get("/audit/checkpoints?limit=1").then().statusCode(200).extract().jsonPath().getLong("checkpoints[0].sequence"))
                .isEqualTo(signed.sequence());
        // An inclusion proof against it leads to its root.
        Envelope someEvent = log.get(42);
        JsonPath proof = given().get("/audit/events/" + someEvent.eventId() + "/proof?checkpoint=" + signed.sequence()).then().statusCode(200)
                .extract().jsonPath();
        var root = signed.partition(proof.getInt("partition")).orElseThrow();
        assertThat(proof.getLong("treeSize")).isEqualTo(root.size());
        assertThat(MerkleTree.verifyInclusion(proof.getLong("leafIndex"), root.size(), HEX.parseHex(proof.getString("leafHash")),
                proof.getList("proof", String.class).stream().map(HEX::parseHex).toList(), HEX.parseHex(root.root()))).isTrue();
        given().get("/audit/events/" + someEvent.eventId() + "/proof?checkpoint=999999").then().statusCode(404);
        // Every checkpoint is on the checkpoint topic too, in order, for monitors that follow Kafka.
        String topic = org.eclipse.microprofile.config.ConfigProvider.getConfig().getValue("ledger.topic.name", String.class) + ".checkpoints";
        List<Long> onTopic = new java.util.ArrayList<>();
        for (int i = 0; i < 50 && !onTopic.contains(signed.sequence()); i++) {
            onTopic = org.custodyledger.testing.LogReader.readAll(org.custodyledger.testing.TestInfrastructure.bootstrapServers(), topic).stream()
                    .map(r -> Long.parseLong(r.key())).toList();
            Thread.sleep(200);
        }
        assertThat(onTopic).contains(signed.sequence()).isSorted().doesNotHaveDuplicates();
        assertThat(onTopic.get(0)).isEqualTo(1L);
    }

    private static String partitionRoot(JsonPath tree, int partition) {
        return tree.getString("partitions.find { it.partition == " + partition + " }.root");
    }

    /** What an auditor computes from the topic alone: each partition's leaves in offset order. */
    private static Map<Integer, List<byte[]>> leavesOfTheTopic() {
        Map<Integer, List<byte[]>> leaves = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> record : LogReader.readAll(TestInfrastructure.bootstrapServers(), "custody-events")) {
            leaves.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(LogTree.Leaf.of(record).hash());
        }
        return leaves;
    }
}
