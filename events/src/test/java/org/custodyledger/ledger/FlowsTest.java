package org.custodyledger.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.custodyledger.events.CustodianChanged;
import org.custodyledger.events.CustodyEvent;
import org.custodyledger.events.Envelope;
import org.custodyledger.events.FacilityRegistered;
import org.custodyledger.events.TransferCancelled;
import org.custodyledger.events.TransferCompleted;
import org.custodyledger.events.TransferInitiated;
import org.junit.jupiter.api.Test;

class FlowsTest {
    private int sequence;
    private final List<Envelope> log = new ArrayList<>();

    private void at(String time, CustodyEvent data) {
        log.add(new Envelope(new UUID(0, ++sequence), Instant.parse(time), Instant.EPOCH, "test", 2, data));
    }

    private static Instant t(String time) {
        return Instant.parse(time);
    }

    @Test
    void theSeedCasesTransfersAreOneFlowFromSyriaToIraqAsTheOperationCountsThem() {
        List<Envelope> seed = LedgerFoldTest.seed();
        List<Flows.Flow> byCountry = Flows.between(seed, t("2026-01-01T00:00:00Z"), t("2027-01-01T00:00:00Z"), Flows.By.COUNTRY);
        OperationView operation = LedgerFold.at(seed, LedgerFoldTest.END).operations().get("op-syria-iraq-2026");
        assertThat(byCountry).hasSize(1);
        assertThat(byCountry.get(0).from()).isEqualTo("SY");
        assertThat(byCountry.get(0).to()).isEqualTo("IQ");
        assertThat(byCountry.get(0).received()).isEqualTo(operation.received()).isEqualTo(5_704);
        assertThat(byCountry.get(0).lost()).isEqualTo(operation.lost());
        assertThat(byCountry.get(0).cancelled()).isEqualTo(operation.cancelled());
        // The operation's 23 days, as the README's example asks for them.
        assertThat(Flows.between(seed, t("2026-01-21T00:00:00Z"), t("2026-02-14T00:00:00Z"), Flows.By.COUNTRY))
                .extracting(Flows.Flow::received).containsExactly(5_704L);
        // The first three days only: what finished before 2026-01-24.
        long early = LedgerFold.at(seed, t("2026-01-24T00:00:00Z").minusNanos(1)).transfers().values().stream()
                .filter(v -> TransferView.COMPLETED.equals(v.status())).mapToLong(TransferView::receivedCount).sum();
        assertThat(Flows.between(seed, t("2026-01-01T00:00:00Z"), t("2026-01-24T00:00:00Z"), Flows.By.COUNTRY).get(0).received())
                .isEqualTo(early).isPositive().isLessThan(5_704);
    }

    @Test
    void groupsAreTakenWhenThePeopleMovedAndEachOutcomeInItsWindow() {
        at("2026-01-01T00:00:00Z", new FacilityRegistered("camp", "Camp", "SY", "SDF", null));
        at("2026-01-01T00:00:00Z", new FacilityRegistered("prison", "Prison", "IQ", "Ministry of Justice", null));
        at("2026-02-01T00:00:00Z", new TransferInitiated("T-1", null, "camp", "prison", 100, null));
        // The destination changes hands while T-1 is on the road: the people arrive in the new custodian's hands.
        at("2026-02-02T00:00:00Z", new CustodianChanged("prison", "Counter-Terrorism Service"));
        at("2026-02-03T00:00:00Z", new TransferCompleted("T-1", 97));
        at("2026-02-04T00:00:00Z", new TransferInitiated("T-2", null, "camp", "prison", 40, null));
        at("2026-02-05T00:00:00Z", new TransferCancelled("T-2", "road closed"));
        at("2026-03-01T00:00:00Z", new TransferInitiated("T-3", null, "camp", "prison", 10, null));

        List<Flows.Flow> byCustodian = Flows.between(log, t("2026-01-01T00:00:00Z"), t("2026-04-01T00:00:00Z"), Flows.By.CUSTODIAN);
        assertThat(byCustodian).containsExactly(new Flows.Flow("SDF", "Counter-Terrorism Service", 97, 3, 40));
        // T-3 is still on the road: no flow yet. A window that ends before T-1's completion holds nothing of it.
        assertThat(Flows.between(log, t("2026-01-01T00:00:00Z"), t("2026-02-03T00:00:00Z"), Flows.By.FACILITY)).isEmpty();
        assertThat(Flows.between(log, t("2026-02-03T00:00:00Z"), t("2026-02-04T00:00:00Z"), Flows.By.FACILITY))
                .containsExactly(new Flows.Flow("camp", "prison", 97, 3, 0));
        assertThat(Flows.between(log, t("2026-02-04T00:00:00Z"), t("2026-04-01T00:00:00Z"), Flows.By.COUNTRY))
                .containsExactly(new Flows.Flow("SY", "IQ", 0, 0, 40));
        assertThatThrownBy(() -> Flows.between(log, t("2026-02-04T00:00:00Z"), t("2026-02-04T00:00:00Z"), Flows.By.COUNTRY))
                .hasMessageContaining("before");
    }
}
