package org.custodyledger.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

class RecordSignaturesTest {
    private static final byte[] VALUE = "{\"eventId\":\"e-1\",\"type\":\"CensusRecorded\"}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aRecordSignedByIngestsKeyIsTrustedAndAnyChangeIsNot() {
        RecordSignatures.SigningKey key = RecordSignatures.SigningKey.generate("k1");
        RecordHeaders headers = new RecordHeaders();
        RecordSignatures.Signer.of("k1", key.privateKeyBase64()).sign(VALUE, headers);
        RecordSignatures.Verifier verifier = RecordSignatures.Verifier.of(key.verificationEntry());
        assertThat(verifier.problem(VALUE, headers)).isNull();
        byte[] changed = VALUE.clone();
        changed[5] ^= 1;
        assertThat(verifier.problem(changed, headers)).contains("does not match");
        assertThat(verifier.problem(VALUE, new RecordHeaders())).startsWith("unsigned");
    }

    @Test
    void keysRotateByIdAndAnUnknownOrForeignKeyIsRefused() {
        RecordSignatures.SigningKey old = RecordSignatures.SigningKey.generate("2026-01");
        RecordSignatures.SigningKey current = RecordSignatures.SigningKey.generate("2026-06");
        RecordSignatures.Verifier both = RecordSignatures.Verifier.of(old.verificationEntry() + "," + current.verificationEntry());
        for (RecordSignatures.SigningKey key : new RecordSignatures.SigningKey[] {old, current}) {
            RecordHeaders headers = new RecordHeaders();
            key.signer().sign(VALUE, headers);
            assertThat(both.problem(VALUE, headers)).as(key.keyId()).isNull();
        }
        RecordHeaders foreign = new RecordHeaders();
        RecordSignatures.SigningKey.generate("2026-06").signer().sign(VALUE, foreign); // same id, another key
        assertThat(both.problem(VALUE, foreign)).contains("does not match");
        RecordHeaders unknown = new RecordHeaders();
        RecordSignatures.SigningKey.generate("elsewhere").signer().sign(VALUE, unknown);
        assertThat(both.problem(VALUE, unknown)).contains("unknown key 'elsewhere'");
    }

    @Test
    void configurationMistakesSayWhatIsWrong() {
        assertThatThrownBy(() -> RecordSignatures.Verifier.of(" ")).hasMessageContaining("no record verification key");
        assertThatThrownBy(() -> RecordSignatures.Verifier.of("k1=notbase64!")).hasMessageContaining("k1");
        assertThatThrownBy(() -> RecordSignatures.Signer.of("k1", "AAAA")).hasMessageContaining("at least 32");
    }
}
