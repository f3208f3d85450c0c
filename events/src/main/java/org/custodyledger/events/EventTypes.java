package org.custodyledger.events;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The fixed type names stored in the log and in the {@code ce_type} header. They are part of the
 * contract: never derive them from Java class names, which a refactoring could change.
 */
public final class EventTypes {
    /** Schema version written with every event of this release; older ones are read through {@link Upcasters}. */
    public static final int CURRENT_SCHEMA_VERSION = 4;

    private static final Map<String, Class<? extends CustodyEvent>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("FacilityRegistered", FacilityRegistered.class);
        BY_NAME.put("CustodianChanged", CustodianChanged.class);
        BY_NAME.put("FacilityLocated", FacilityLocated.class);
        BY_NAME.put("OperationPlanned", OperationPlanned.class);
        BY_NAME.put("CensusRecorded", CensusRecorded.class);
        BY_NAME.put("TransferInitiated", TransferInitiated.class);
        BY_NAME.put("TransferCompleted", TransferCompleted.class);
        BY_NAME.put("TransferCancelled", TransferCancelled.class);
        BY_NAME.put("StatementRecorded", StatementRecorded.class);
        BY_NAME.put("EventRetracted", EventRetracted.class);
    }

    private EventTypes() {
    }

    /** The schema version a type first appeared in: an older record of it cannot exist. */
    public static int firstVersion(String name) {
        return "FacilityLocated".equals(name) ? 4 : 1;
    }

    public static Optional<Class<? extends CustodyEvent>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static String nameOf(CustodyEvent event) {
        return nameOf(event.getClass());
    }

    public static String nameOf(Class<?> type) {
        return BY_NAME.entrySet().stream().filter(e -> e.getValue() == type).map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no type name for " + type));
    }

    public static Iterable<String> names() {
        return BY_NAME.keySet();
    }
}
