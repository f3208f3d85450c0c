package org.custodyledger.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/** Runs a task a fixed number of times on N threads, recording each call's latency. Bounded in count. */
final class Load {
    interface Call {
        void run(int index) throws Exception;
    }

    record Figures(long operations, double seconds, Histogram latency) {
        double perSecond() {
            return operations / seconds;
        }

        Map<String, Object> describe(String unit) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put(unit + "/s", Math.round(perSecond()));
            d.put("p50 ms", ms(latency.getValueAtPercentile(50)));
            d.put("p99 ms", ms(latency.getValueAtPercentile(99)));
            d.put("max ms", ms(latency.getMaxValue()));
            return d;
        }
    }

    static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private Load() {
    }

    static Figures run(int threads, int total, Call call) throws Exception {
        Recorder recorder = new Recorder(3);
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                int i;
                while ((i = next.getAndIncrement()) < total) {
                    long began = System.nanoTime();
                    call.run(i);
                    recorder.recordValue((System.nanoTime() - began) / 1_000);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return new Figures(total, seconds, recorder.getIntervalHistogram());
    }

    static Http1.Reply get(String url, String ifNoneMatch) throws Exception {
        return Http1.send("GET", url, ifNoneMatch == null ? Map.of() : Map.of("If-None-Match", ifNoneMatch), null);
    }

    static Http1.Reply post(String url, String contentType, String body) throws Exception {
        return Http1.send("POST", url, Map.of("Content-Type", contentType), body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** min / median / max of repeated figures, since the machine is shared and noisy. */
    static String spread(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return Math.round(sorted.get(0)) + " / " + Math.round(sorted.get(sorted.size() / 2)) + " / " + Math.round(sorted.get(sorted.size() - 1));
    }
}
