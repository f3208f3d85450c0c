package org.custodyledger.projection.read;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class AnswerCacheTest {
    private static ObjectNode page(int items) {
        ObjectNode page = JsonNodeFactory.instance.objectNode();
        ArrayNode list = page.putArray("transfers");
        for (int i = 0; i < items; i++) {
            list.addObject().put("transferId", "T-" + i).put("count", i).put("status", "IN_TRANSIT");
        }
        return page;
    }

    @Test
    void walkingEveryPageOfALongListKeepsItWithinItsBudget() {
        AnswerCache<Integer> cache = new AnswerCache<>(1_000_000);
        for (int i = 0; i < 500; i++) {
            cache.put(i, page(200));
            assertThat(cache.usedBytes()).isLessThanOrEqualTo(1_000_000);
        }
        assertThat(cache.get(499)).isNotNull();
    }

    @Test
    void anAnswerLargerThanAQuarterOfTheBudgetIsNotKept() {
        AnswerCache<String> cache = new AnswerCache<>(1_000_000);
        cache.put("big", page(5_000));
        assertThat(cache.get("big")).isNull();
        cache.put("small", page(10));
        assertThat(cache.get("small")).isNotNull();
    }

    @Test
    void weightGrowsWithTheAnswer() {
        assertThat(AnswerCache.weight(page(1_000))).isGreaterThan(10 * AnswerCache.weight(page(50)));
        assertThat(AnswerCache.weight("not json")).isEqualTo(1_024);
    }
}
