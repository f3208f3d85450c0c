package org.custodyledger.log;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** RFC 9162 trees against the reference probes of transparency-dev/merkle, and properties over random logs. */
class MerkleTreeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    /** testonly.LeafInputs() of transparency-dev/merkle. */
    private static final List<String> LEAVES = List.of("", "00", "10", "2021", "3031", "40414243", "5051525354555657",
            "606162636465666768696a6b6c6d6e6f");
    /** testonly.RootHashes(): the roots of the first n of those leaves. */
    private static final List<String> ROOTS = List.of(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static List<byte[]> leafHashes(int n) {
        return LEAVES.subList(0, n).stream().map(l -> MerkleTree.leafHash(HEX.parseHex(l))).toList();
    }

    @Test
    void rootsOfTheReferenceTree() {
        for (int n = 0; n <= 8; n++) {
            assertThat(HEX.formatHex(MerkleTree.root(n, MerkleTree.inMemory(leafHashes(n))))).as("size " + n).isEqualTo(ROOTS.get(n));
        }
    }

    @Test
    void everyReferenceProbeIsJudgedAsTheReferenceJudgesIt() throws Exception {
        List<String> wrong = new ArrayList<>();
        int inclusion = 0;
        int consistency = 0;
        for (Path file : probes("inclusion")) {
            JsonNode p = JSON.readTree(file.toFile());
            boolean verified = MerkleTree.verifyInclusion(p.get("leafIdx").asLong(), p.get("treeSize").asLong(), bytes(p.get("leafHash")),
                    hashes(p.get("proof")), bytes(p.get("root")));
            if (verified == p.get("wantErr").asBoolean()) {
                wrong.add(file.getParent().getFileName() + "/" + file.getFileName() + ": " + p.get("desc").asText());
            }
            inclusion++;
        }
        for (Path file : probes("consistency")) {
            JsonNode p = JSON.readTree(file.toFile());
            boolean verified = MerkleTree.verifyConsistency(p.get("size1").asLong(), p.get("size2").asLong(), bytes(p.get("root1")),
                    bytes(p.get("root2")), hashes(p.get("proof")));
            if (verified == p.get("wantErr").asBoolean()) {
                wrong.add(file.getParent().getFileName() + "/" + file.getFileName() + ": " + p.get("desc").asText());
            }
            consistency++;
        }
        assertThat(inclusion).isGreaterThan(80);
        assertThat(consistency).isGreaterThan(80);
        assertThat(wrong).isEmpty();
    }

    @Test
    void theProofsMadeAreTheReferenceProofs() throws Exception {
        MerkleTree.Subtrees tree = MerkleTree.inMemory(leafHashes(8));
        int compared = 0;
        for (Path file : probes("inclusion")) {
            JsonNode p = JSON.readTree(file.toFile());
            if (p.get("desc").asText().equals("happy path")) {
                assertThat(MerkleTree.inclusionProof(p.get("leafIdx").asLong(), p.get("treeSize").asLong(), tree)).as(file.toString())
                        .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(hashes(p.get("proof")));
                compared++;
            }
        }
        for (Path file : probes("consistency")) {
            JsonNode p = JSON.readTree(file.toFile());
            if (p.get("desc").asText().equals("happy path")) {
                assertThat(MerkleTree.consistencyProof(p.get("size1").asLong(), p.get("size2").asLong(), tree)).as(file.toString())
                        .usingElementComparator(java.util.Arrays::compare).containsExactlyElementsOf(hashes(p.get("proof")));
                compared++;
            }
        }
        assertThat(compared).isGreaterThanOrEqualTo(8);
    }

    @Test
    void onRandomLogsEveryProofVerifiesAndAnyChangeFails() {
        Random random = new Random(9162);
        for (int round = 0; round < 60; round++) {
            int size = 1 + random.nextInt(300);
            List<byte[]> leaves = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                byte[] leaf = new byte[1 + random.nextInt(40)];
                random.nextBytes(leaf);
                leaves.add(MerkleTree.leafHash(leaf));
            }
            MerkleTree.Subtrees tree = MerkleTree.inMemory(leaves);
            byte[] root = MerkleTree.root(size, tree);
            for (int probe = 0; probe < 20; probe++) {
                int index = random.nextInt(size);
                List<byte[]> proof = MerkleTree.inclusionProof(index, size, tree);
                assertThat(proof.size()).as("O(log n)").isLessThanOrEqualTo(64 - Long.numberOfLeadingZeros(size));
                assertThat(MerkleTree.verifyInclusion(index, size, leaves.get(index), proof, root)).isTrue();
                assertThat(MerkleTree.verifyInclusion(index, size, MerkleTree.leafHash(new byte[] {(byte) probe}), proof, root)).isFalse();
                if (size > 1) {
                    assertThat(MerkleTree.verifyInclusion((index + 1) % size, size, leaves.get(index), proof, root)).as("another position").isFalse();
                }
                int older = 1 + random.nextInt(size);
                byte[] olderRoot = MerkleTree.root(older, tree);
                List<byte[]> consistency = MerkleTree.consistencyProof(older, size, tree);
                assertThat(MerkleTree.verifyConsistency(older, size, olderRoot, root, consistency)).isTrue();
                if (older < size) {
                    // A log whose first `older` records were changed afterwards is not consistent with what was signed.
                    List<byte[]> edited = new ArrayList<>(leaves);
                    int at = random.nextInt(older);
                    edited.set(at, MerkleTree.leafHash(("edited " + at).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
                    MerkleTree.Subtrees editedTree = MerkleTree.inMemory(edited);
                    assertThat(MerkleTree.verifyConsistency(older, size, olderRoot, MerkleTree.root(size, editedTree),
                            MerkleTree.consistencyProof(older, size, editedTree))).as("edited at " + at).isFalse();
                }
            }
        }
    }

    private static List<Path> probes(String kind) throws Exception {
        Path dir = Path.of(MerkleTreeTest.class.getResource("/rfc9162/" + kind).toURI());
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static byte[] bytes(JsonNode base64) {
        return base64 == null || base64.isNull() ? null : Base64.getDecoder().decode(base64.asText());
    }

    private static List<byte[]> hashes(JsonNode array) {
        List<byte[]> hashes = new ArrayList<>();
        if (array != null && !array.isNull()) {
            array.forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
        }
        return hashes;
    }
}
